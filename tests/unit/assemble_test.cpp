// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// What `run` and `send` decide about their reports, without starting a process: the event, the
// run's status, the entries that explain a failing command, the exit code, the report's name,
// and which output files GoogleTest is asked to write.

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "assemble/run_report.h"
#include "assemble/send_report.h"
#include "inputs/discover.h"
#include "model/summary.h"

namespace gtest_webhook::detail {
namespace {

EnvLookup Env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

TestCase Entry(const std::string& name, Status status) {
  TestCase test;
  test.class_name = "Suite";
  test.name = name;
  test.status = status;
  return test;
}

ProcessReport Process(std::vector<TestCase> tests, bool finished = true) {
  ProcessReport process;
  process.report.test_cases = std::move(tests);
  process.report.run.id = "p" + std::to_string(process.report.test_cases.size());
  process.finished = finished;
  process.origin = "a test process";
  return process;
}

CommandRun Exited(int code) {
  CommandRun facts;
  facts.command = {"/nonexistent/unit_tests", "--gtest_brief=1"};
  facts.status = platform::Ending::Exited(code);
  return facts;
}

Report ReportOf(const CommandRun& facts, std::vector<ProcessReport> processes,
                const EnvLookup& env = Env({})) {
  std::vector<std::string> notes;
  return RunReport(facts, std::move(processes), {}, env, notes);
}

const TestCase* FindEntry(const Report& report, const std::string& class_name) {
  for (const auto& test : report.test_cases) {
    if (test.class_name == class_name) return &test;
  }
  return nullptr;
}

TEST(RunReport, APassingCommandIsAFinishedStableRun) {
  const auto report = ReportOf(Exited(0), {Process({Entry("A", Status::kPassed)})});
  EXPECT_EQ(report.event, Event::kRunFinish);
  EXPECT_EQ(report.run.status, RunStatus::kFinished);
  EXPECT_EQ(report.run.processes, 1);
  EXPECT_TRUE(Summarize(report).build_stable);
}

TEST(RunReport, ACommandThatFailsWhileEveryTestPassedGetsAnErrorEntry) {
  const auto report = ReportOf(Exited(3), {Process({Entry("A", Status::kPassed)})});
  const auto* entry = FindEntry(report, kInputsClassName);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->status, Status::kError);
  EXPECT_NE(entry->message.find("the command exited with code 3, although every GoogleTest test "
                                "it ran passed"),
            std::string::npos)
      << entry->message;
  EXPECT_FALSE(Summarize(report).build_stable);
}

TEST(RunReport, AFailingTestExplainsAFailingCommand) {
  const auto report = ReportOf(Exited(1), {Process({Entry("A", Status::kFailed)})});
  EXPECT_EQ(FindEntry(report, kInputsClassName), nullptr);
  EXPECT_EQ(report.test_cases.size(), 1U);
}

TEST(RunReport, TheShellsNotFoundCodeIsExplainedWhenNoTestRan) {
  const auto report = ReportOf(Exited(127), {});
  const auto* entry = FindEntry(report, kInputsClassName);
  ASSERT_NE(entry, nullptr);
  EXPECT_NE(entry->message.find("exited with code 127 (the shell's code for a command that was "
                                "not found) before any GoogleTest test ran"),
            std::string::npos)
      << entry->message;
}

TEST(RunReport, ACommandThatCouldNotStartIsReportedUnderItsBinarysName) {
  auto facts = Exited(127);
  facts.exec_error = "No such file or directory";
  const auto report = ReportOf(facts, {});
  EXPECT_EQ(report.run.binary, "unit_tests");
  const auto* entry = FindEntry(report, kInputsClassName);
  ASSERT_NE(entry, nullptr);
  EXPECT_NE(entry->message.find("could not be started: No such file or directory"),
            std::string::npos);
}

TEST(RunReport, ATimeoutIsTheEventAndStatusAndExplainsTheUnfinishedProcess) {
  auto facts = Exited(0);
  facts.status = platform::Ending::Killed(SIGTERM);
  facts.timed_out = true;
  facts.timeout_seconds = 1.5;
  facts.elapsed = std::chrono::milliseconds(1600);
  auto running = Process({Entry("A", Status::kPassed)}, false);
  running.running = Entry("Slow", Status::kPassed);
  const auto report = ReportOf(facts, {running});
  EXPECT_EQ(report.event, Event::kRunTimeout);
  EXPECT_EQ(report.run.status, RunStatus::kTimeout);
  bool blamed = false;
  for (const auto& test : report.test_cases) {
    if (test.name == "Slow") {
      blamed = true;
      EXPECT_EQ(test.status, Status::kError);
      EXPECT_NE(test.message.find("timed out: gtest-webhook run --timeout 1.5 expired after 1 s"),
                std::string::npos)
          << test.message;
    }
  }
  EXPECT_TRUE(blamed);
  EXPECT_EQ(RunExitCode(facts), 124);
}

TEST(RunReport, ACancellationIsTheEventAndStatus) {
  auto facts = Exited(130);
  facts.canceled_by = 2;
  const auto report = ReportOf(facts, {Process({Entry("A", Status::kPassed)})});
  EXPECT_EQ(report.event, Event::kRunCanceled);
  EXPECT_EQ(report.run.status, RunStatus::kCanceled);
  EXPECT_EQ(FindEntry(report, kInputsClassName), nullptr);
  EXPECT_FALSE(Summarize(report).build_stable);
}

// What the system ends a process with for a bad memory access, as the report names it, and the
// exit code a shell would give (POSIX: 128 + the signal; Windows: the NTSTATUS itself).
#ifdef _WIN32
constexpr int kAccessViolation = static_cast<int>(0xC0000005U);
constexpr const char* kAccessViolationName = "STATUS_ACCESS_VIOLATION";
constexpr int kAccessViolationCode = kAccessViolation;
#else
constexpr int kAccessViolation = SIGSEGV;
constexpr const char* kAccessViolationName = "SIGSEGV";
constexpr int kAccessViolationCode = 128 + SIGSEGV;
#endif

TEST(RunReport, TheOnlyProcessThatDidNotFinishEndedAsTheCommandDid) {
  auto facts = Exited(0);
  facts.status = platform::Ending::Killed(kAccessViolation);
  auto crashed = Process({}, false);
  crashed.running = Entry("Crashes", Status::kPassed);
  const auto report = ReportOf(facts, {crashed});
  EXPECT_EQ(report.run.status, RunStatus::kCrashed);
  ASSERT_EQ(report.test_cases.size(), 1U);
  EXPECT_NE(report.test_cases[0].message.find(kAccessViolationName), std::string::npos)
      << report.test_cases[0].message;
  EXPECT_EQ(RunExitCode(facts), kAccessViolationCode);
}

TEST(RunReport, TheTreeSharesTheRunsShardAndFilter) {
  auto facts = Exited(0);
  facts.command.push_back("--gtest_filter=Suite.*");
  const auto report = ReportOf(
      facts, {Process({Entry("A", Status::kPassed)})},
      Env({{"GTEST_SHARD_INDEX", "1"}, {"GTEST_TOTAL_SHARDS", "3"}, {"GTEST_FILTER", "X"}}));
  ASSERT_TRUE(report.run.shard.has_value());
  EXPECT_EQ(report.run.shard->index, 1);
  EXPECT_EQ(report.run.shard->total, 3);
  EXPECT_EQ(report.run.filter, "Suite.*");  // the command's own flag wins over the environment
}

TEST(RanNoTests, OnlyACleanCommandWithoutTestsHasNothingToReport) {
  EXPECT_TRUE(RanNoTests(Exited(0), {}, {}));
  EXPECT_FALSE(RanNoTests(Exited(1), {}, {}));
  EXPECT_FALSE(RanNoTests(Exited(0), {Process({})}, {}));
  EXPECT_FALSE(RanNoTests(Exited(0), {}, {InputProblem{"f", "unreadable"}}));
  auto canceled = Exited(0);
  canceled.canceled_by = 15;
  EXPECT_FALSE(RanNoTests(canceled, {}, {}));
}

TEST(RunExitCode, IsTheCommandsInTheShellsConvention) {
  EXPECT_EQ(RunExitCode(Exited(0)), 0);
  EXPECT_EQ(RunExitCode(Exited(1)), 1);
  auto killed = Exited(0);
  killed.status = platform::Ending::Killed(kAccessViolation);
  EXPECT_EQ(RunExitCode(killed), kAccessViolationCode);
}

TEST(RunDelivery, ACollectDirectoryTakesTheReportInsteadOfTheReporters) {
  Options options;
  options.reporters.resize(2);
  options.deadline = std::chrono::milliseconds(30000);
  auto facts = Exited(0);
  EXPECT_EQ(RunDelivery(options, facts, 5, "0123456789abcdef").reporters.size(), 2U);
  EXPECT_EQ(RunDelivery(options, facts, 5, "0123456789abcdef").deadline.count(), 30000);
  const auto dir = ::testing::TempDir() + "run-delivery-collect";
  options.collect_dir = dir;
  const auto collected = RunDelivery(options, facts, 5, "0123456789abcdef");
  EXPECT_TRUE(collected.reporters.empty());
  EXPECT_EQ(collected.output_path, dir + "/run-0123456789ab.gtest-webhook.json");
  EXPECT_TRUE(std::filesystem::is_directory(dir));
}

TEST(RunDelivery, ACanceledRunsDeliveryEndsWithinTheGrace) {
  Options options;
  options.deadline = std::chrono::milliseconds(30000);
  auto facts = Exited(130);
  facts.canceled_by = 15;
  EXPECT_EQ(RunDelivery(options, facts, 2.5, "id").deadline.count(), 2500);
}

Inputs TwoShards(const std::string& binary) {
  Inputs inputs;
  for (int i = 0; i < 2; ++i) {
    auto process = Process({Entry("T" + std::to_string(i), Status::kPassed)});
    process.report.run.id = "shard" + std::to_string(i);
    process.report.run.binary = binary;
    inputs.processes.push_back(std::move(process));
    inputs.files.push_back("out/unit-" + std::to_string(i) + ".json");
  }
  return inputs;
}

TEST(SendReport, ShardsThatDoNotNameTheirBinaryAreNamedAfterTheirFiles) {
  std::vector<std::string> notes;
  const auto report = SendReport(TwoShards(""), "", "", notes);
  EXPECT_EQ(report.name, "unit");
  EXPECT_EQ(report.event, Event::kRunFinish);
  EXPECT_EQ(report.test_cases.size(), 2U);
  EXPECT_GT(report.run.finished_at_ms, 0);  // inputs that say no time are sent now
}

TEST(SendReport, AGivenOrConfiguredNameWins) {
  std::vector<std::string> notes;
  EXPECT_EQ(SendReport(TwoShards(""), "given", "configured", notes).name, "given");
  EXPECT_EQ(SendReport(TwoShards(""), "", "configured", notes).name, "");  // named later
  EXPECT_EQ(SendReport(TwoShards("unit_tests"), "", "", notes).name, "");
}

TEST(WiringTestReport, IsOnePassingTestUnderTheTestEvent) {
  const auto report = WiringTestReport("");
  EXPECT_EQ(report.event, Event::kTest);
  EXPECT_EQ(report.name, "gtest-webhook test");
  ASSERT_EQ(report.test_cases.size(), 1U);
  EXPECT_EQ(report.test_cases[0].status, Status::kPassed);
  EXPECT_EQ(WiringTestReport("nightly").name, "nightly");
}

TEST(RequestedOutputs, ComeFromTheEnvironmentAndTheCommandWithGoogleTestsDefaults) {
  const auto outputs =
      RequestedOutputs({"./unit", "--gtest_output=xml:reports/"}, Env({{"GTEST_OUTPUT", "json"}}));
  ASSERT_EQ(outputs.size(), 2U);
  EXPECT_EQ(outputs[0].path, "test_detail.json");
  EXPECT_FALSE(outputs[0].directory);
  EXPECT_EQ(outputs[1].path, "reports/");
  EXPECT_TRUE(outputs[1].directory);
  EXPECT_TRUE(RequestedOutputs({"./unit"}, Env({})).empty());
}

TEST(SharedName, IsTheCommonStartWithoutShardNumbers) {
  EXPECT_EQ(SharedName({"out/unit-0.json", "out/unit-1.json"}), "unit");
  EXPECT_EQ(SharedName({"a/unit_tests_shard_00.xml", "b/unit_tests_shard_01.xml"}),
            "unit_tests");  // "shard" is one of the separators
  EXPECT_EQ(SharedName({"x.json", "y.json"}), "");
}

}  // namespace
}  // namespace gtest_webhook::detail
