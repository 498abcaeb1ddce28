// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Stability across runs (SPEC §19), with real binaries run again and again over one state
// directory, as a CI job's cache keeps it: unstable tests, slower tests, and a quarantine that
// keeps the build honest and green until its day.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "process.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using Env = std::map<std::string, std::string>;

constexpr const char* kFirst = "Range/Many.Works/0";

struct Outcome {
  ProcessResult process;
  json payload;
};

class Stability : public ::testing::Test {
 protected:
  // One run of three tests of the many fixture, `failures` of them failing: under `gtest-webhook
  // run`, or the linked binary alone.
  Outcome Run(int failures, Env env = {}, bool under_run = true) {
    TempDir out;
    env.emplace("MANY_TESTS", "3");
    env["MANY_FAILURES"] = std::to_string(failures);
    env["GTEST_WEBHOOK_OUTPUT"] = out.File("payload.json");
    env["GTEST_WEBHOOK_NAME"] = "stability";
    env["GTEST_WEBHOOK_STATE_DIR"] = state_.path();
    Outcome outcome;
    outcome.process = under_run ? RunProcess(CLI, {"run", "--", MANY_FIXTURE}, env)
                                : RunProcess(MANY_FIXTURE, {}, env);
    outcome.payload = json::parse(ReadFile(out.File("payload.json")), nullptr, false);
    EXPECT_TRUE(outcome.payload.is_object()) << outcome.process.err;
    return outcome;
  }

  std::string Quarantine(const std::string& lines) {
    const auto path = state_.File("quarantine.txt");
    std::ofstream(path, std::ios::trunc) << lines;
    return path;
  }

  TempDir state_;
};

// A test that fails every other run flips each time; one that sleeps longer in one run is
// slower; a passing build after them is stable.
TEST_F(Stability, AnAlternatingTestIsUnstableAndASleepierOneSlower) {
  Outcome run;
  for (int i = 0; i < 6; ++i) run = Run(i % 2);
  const auto& history = run.payload["history"];
  ASSERT_EQ(history["unstableCount"], 1) << history.dump();
  EXPECT_EQ(history["unstable"][0]["id"], kFirst);
  EXPECT_EQ(history["unstable"][0]["stability"]["flips"], 5);
  EXPECT_EQ(history["unstable"][0]["stability"]["runs"], 6);
  EXPECT_EQ(history["unstable"][0]["stability"]["failed"], 3);
  EXPECT_TRUE(history["unstable"][0]["stability"]["lastPassed"].is_string());
  // The failing entry itself says how it has done.
  EXPECT_EQ(run.payload["testCase"][0]["stability"]["flips"], 5);
  EXPECT_FALSE(run.payload["testCase"][1].contains("stability"));  // it passed

  run = Run(0, {{"MANY_SLEEP_MS", "600"}, {"GTEST_WEBHOOK_SLOWER", "3x,0.4s"}});
  ASSERT_EQ(run.payload["history"]["slowerCount"], 1) << run.payload["history"].dump();
  const auto& slower = run.payload["history"]["slower"][0];
  EXPECT_EQ(slower["id"], kFirst);
  EXPECT_GE(slower["seconds"].get<double>(), 0.6);
  EXPECT_LT(slower["medianSeconds"].get<double>(), 0.2);
  EXPECT_EQ(run.payload["buildStable"], true);
  EXPECT_EQ(run.process.exit_code, 0);
}

// A quarantined test still runs and is reported as it was, but its failure leaves the build
// stable and `run` exiting 0; the linked binary's own exit code is its own. Past its day the
// entry quarantines nothing, says so, and the build is unstable again.
TEST_F(Stability, AQuarantinedFailureLeavesTheBuildStableUntilItsDay) {
  const auto file = Quarantine(std::string(kFirst) + " @net-team until=2999-12-31 # flaky\n");
  auto run = Run(1, {{"GTEST_WEBHOOK_QUARANTINE", file}});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.payload["buildStable"], true);
  EXPECT_EQ(run.payload["failures"], 0);
  EXPECT_EQ(run.payload["quarantinedFailures"], 1);
  EXPECT_EQ(run.payload["testCase"][0]["status"], "failed");
  EXPECT_EQ(run.payload["testCase"][0]["quarantined"], true);
  EXPECT_EQ(run.payload["quarantine"]["entries"], 1);
  EXPECT_EQ(run.payload["history"]["newFailuresCount"], 0);

  run = Run(1, {{"GTEST_WEBHOOK_QUARANTINE", file}}, false);
  EXPECT_EQ(run.process.exit_code, 1) << "the binary's own exit code";
  EXPECT_EQ(run.payload["buildStable"], true);
  EXPECT_EQ(run.payload["testCase"][0]["quarantined"], true);

  Quarantine(std::string(kFirst) + " until=2001-01-01\n");
  run = Run(1, {{"GTEST_WEBHOOK_QUARANTINE", file}});
  EXPECT_EQ(run.process.exit_code, 1);
  EXPECT_NE(run.process.err.find(file + ":1: " + kFirst +
                                 " was quarantined until 2001-01-01; it is quarantined no more"),
            std::string::npos)
      << run.process.err;
  EXPECT_EQ(run.payload["buildStable"], false);
  EXPECT_EQ(run.payload["failures"], 1);
  EXPECT_EQ(run.payload["quarantine"]["expired"][0]["until"], "2001-01-01");

  run = Run(0, {{"GTEST_WEBHOOK_QUARANTINE", file}});
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_EQ(run.payload["buildStable"], true);
}

// An entry whose tests passed every run of a full window is named as ready to leave.
TEST_F(Stability, AnEntryWhoseTestsPassedAWholeWindowIsReadyToLeave) {
  const auto file = Quarantine("Range/Many.Works/1\n");
  const Env env = {{"GTEST_WEBHOOK_QUARANTINE", file}, {"GTEST_WEBHOOK_WINDOW", "3"}};
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Run(0, env).payload["quarantine"]["readyToLeave"], json::array());
  }
  const auto run = Run(0, env);
  ASSERT_EQ(run.payload["quarantine"]["readyToLeave"].size(), 1U) << run.payload.dump();
  EXPECT_EQ(run.payload["quarantine"]["readyToLeave"][0]["pattern"], "Range/Many.Works/1");
}

// A test process that collects for `send` says which of its tests are in quarantine, and a
// payload read back keeps it: `send` needs no quarantine file of its own for them.
TEST_F(Stability, CollectFilesAndPayloadsCarryTheQuarantine) {
  TempDir collect;
  TempDir out;
  const auto tests =
      RunProcess(MANY_FIXTURE, {},
                 {{"MANY_TESTS", "2"},
                  {"MANY_FAILURES", "1"},
                  {"GTEST_WEBHOOK_COLLECT_DIR", collect.path()},
                  {"GTEST_WEBHOOK_QUARANTINE", Quarantine(std::string(kFirst) + "\n")}});
  EXPECT_EQ(tests.exit_code, 1) << tests.err;
  const Env plain = {{"GTEST_WEBHOOK_STATE_DIR", state_.path()}};
  auto env = plain;
  env["GTEST_WEBHOOK_OUTPUT"] = out.File("merged.json");
  EXPECT_EQ(RunProcess(CLI, {"send", collect.path()}, env).exit_code, 0);
  env = plain;
  env["GTEST_WEBHOOK_OUTPUT"] = out.File("again.json");
  EXPECT_EQ(RunProcess(CLI, {"send", out.File("merged.json")}, env).exit_code, 0);
  for (const char* file : {"merged.json", "again.json"}) {
    const auto payload = json::parse(ReadFile(out.File(file)));
    EXPECT_EQ(payload["testCase"][0]["quarantined"], true) << file;
    EXPECT_EQ(payload["quarantinedFailures"], 1) << file;
    EXPECT_EQ(payload["buildStable"], true) << file;
  }
}

// `run --retry-failed` leaves a quarantined test alone: its one failure stands, excused.
TEST_F(Stability, AQuarantinedTestIsNotRunAgain) {
  TempDir memory;
  TempDir out;
  const auto run = RunProcess(CLI,
                              {"run", "--retry-failed", "2", "--", PLAIN_FLAKY_FIXTURE,
                               "--gtest_filter=Flaky.Passes:Flaky.FailsOnce"},
                              {{"FLAKY_FIXTURE_DIR", memory.path()},
                               {"GTEST_WEBHOOK_QUARANTINE", Quarantine("Flaky.FailsOnce\n")},
                               {"GTEST_WEBHOOK_OUTPUT", out.File("payload.json")},
                               {"GTEST_WEBHOOK_STATE_DIR", state_.path()}});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("again"), std::string::npos) << run.err;
  const auto payload = json::parse(ReadFile(out.File("payload.json")));
  ASSERT_EQ(payload["testCase"].size(), 2U) << payload.dump();
  EXPECT_EQ(payload["testCase"][1]["name"], "FailsOnce");
  EXPECT_EQ(payload["testCase"][1]["quarantined"], true);
  EXPECT_EQ(payload["testCase"][1]["attempt"], 1);
  EXPECT_EQ(payload["quarantinedFailures"], 1);
}

}  // namespace
}  // namespace gtest_webhook::testing
