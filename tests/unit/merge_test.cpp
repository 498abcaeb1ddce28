// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The one merge: what the sources say about each process, made one report (SPEC §10).

#include "assemble/merge.h"

#include <gtest/gtest.h>

#include "assemble/attempts.h"
#include "assemble/complete.h"
#include "assemble/run/retry_plan.h"
#include "assemble/run_processes.h"
#include "assemble/run_report.h"
#include "model/selection/gtest_args.h"
#include "model/selection/quarantine.h"
#include "model/summary.h"

namespace gtest_webhook::detail {
namespace {

TestCase Case(const std::string& suite, const std::string& name, Status status = Status::kPassed,
              int iteration = 0) {
  TestCase test;
  test.class_name = suite;
  test.name = name;
  test.status = status;
  test.iteration = iteration;
  if (status == Status::kFailed) test.message = "a.cpp:1\nFailed";
  return test;
}

ProcessReport Process(const std::string& binary, std::vector<TestCase> tests,
                      const std::string& origin = "input") {
  ProcessReport process;
  process.report.run.binary = binary;
  process.report.run.started_at_ms = 1000;
  process.report.run.finished_at_ms = 2000;
  process.report.test_cases = std::move(tests);
  process.origin = origin;
  return process;
}

Report MergeAll(std::vector<ProcessReport> processes, std::vector<InputProblem> problems = {},
                std::vector<std::string>* notes_out = nullptr) {
  std::vector<std::string> notes;
  auto report = Merge(std::move(processes), problems, notes);
  if (notes_out != nullptr) *notes_out = notes;
  return report;
}

TEST(Merge, KeepsEveryEntryInOrderWithItsBinaryAndCountsTracesPerBinary) {
  const auto report =
      MergeAll({Process("unit", {Case("Math", "Adds"), Case("Math", "Fails", Status::kFailed)}),
                Process("integration", {Case("Math", "Adds")})});
  ASSERT_EQ(report.test_cases.size(), 3U);
  EXPECT_EQ(report.test_cases[0].binary, "unit");
  EXPECT_EQ(report.test_cases[2].binary, "integration");
  EXPECT_EQ(report.run.binaries, (std::vector<std::string>{"unit", "integration"}));
  EXPECT_EQ(report.run.binary, "");  // several: payload null
  EXPECT_EQ(report.run.processes, 2);
  const auto summary = Summarize(report);
  EXPECT_EQ(summary.tests, 3);
  EXPECT_EQ(summary.traces, 2);  // Math in each binary
  EXPECT_EQ(summary.traces_passed, 1);
  EXPECT_EQ(summary.failures, 1);
}

TEST(Merge, AProcessThatDiedBlamesTheTestItWasRunning) {
  auto crashed = Process("unit", {Case("S", "Before")});
  crashed.finished = false;
  crashed.running = Case("S", "Crashes");
  crashed.running->message = "a.cpp:3\nFailed\nfirst";
  crashed.ending.signal = "SIGSEGV";
  const auto report = MergeAll({crashed});
  ASSERT_EQ(report.test_cases.size(), 2U);
  const auto& culprit = report.test_cases[1];
  EXPECT_EQ(culprit.name, "Crashes");
  EXPECT_EQ(culprit.status, Status::kError);
  EXPECT_EQ(culprit.binary, "unit");
  EXPECT_EQ(culprit.message,
            "a.cpp:3\nFailed\nfirst\n\ncrashed: killed by SIGSEGV (Segmentation fault)");
  EXPECT_EQ(report.run.status, RunStatus::kCrashed);
  EXPECT_FALSE(Summarize(report).build_stable);
}

TEST(Merge, SaysHowAProcessEndedAsFarAsItIsKnown) {
  const auto culprit = [](Ending ending, bool running = true) {
    auto process = Process("unit", {});
    process.finished = false;
    if (running) process.running = Case("S", "T");
    process.ending = std::move(ending);
    return MergeAll({process}).test_cases.at(0);
  };
  Ending exit_code;
  exit_code.exit_code = 3;
  EXPECT_EQ(culprit(exit_code).message, "crashed: exited with code 3 before GoogleTest finished");
  Ending exited;
  exited.called_exit = true;
  EXPECT_EQ(culprit(exited).message, "crashed: exit() was called before GoogleTest finished");
  Ending streamed;
  streamed.streamed = true;
  EXPECT_NE(culprit(streamed).message.find("its result stream closed"), std::string::npos);
  EXPECT_NE(culprit({}).message.find("recorded no signal (killed by SIGKILL"), std::string::npos);
  Ending timed_out;
  timed_out.explanation = "timed out: after 5 s";
  EXPECT_EQ(culprit(timed_out).message, "timed out: after 5 s");
  // Nothing known of where it was: the binary is blamed.
  const auto unknown = culprit({}, false);
  EXPECT_EQ(unknown.class_name, kInputsClassName);
  EXPECT_EQ(unknown.name, "unit");
}

TEST(Merge, AnUnusableInputIsAnErrorOfItsOwn) {
  const auto report =
      MergeAll({Process("unit", {Case("S", "T")})}, {{"results/notes.txt", "not a test report"}});
  ASSERT_EQ(report.test_cases.size(), 2U);
  EXPECT_EQ(report.test_cases[1].class_name, kInputsClassName);
  EXPECT_EQ(report.test_cases[1].name, "results/notes.txt");
  EXPECT_EQ(report.test_cases[1].message, "not a test report");
  EXPECT_FALSE(Summarize(report).build_stable);
}

TEST(Merge, TheSameProcessGivenTwiceCountsOnce) {
  auto first = Process("unit", {Case("S", "T")}, "a/unit.jsonl");
  first.report.run.id = "0123";
  auto copy = first;
  copy.origin = "b/unit.jsonl";
  std::vector<std::string> notes;
  const auto report = MergeAll({first, copy}, {}, &notes);
  EXPECT_EQ(report.test_cases.size(), 1U);
  EXPECT_EQ(report.run.processes, 1);
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0], "b/unit.jsonl: the same results as a/unit.jsonl; counted once");
}

TEST(Merge, AGoogleTestFileOfACollectedProcessCountsOnce) {
  auto collected = Process("unit", {Case("S", "T"), Case("S", "U", Status::kFailed)});
  collected.kind = InputKind::kCollect;
  collected.report.run.started_at_ms = 1'700'000'000'123;
  auto json = Process("", {Case("S", "U", Status::kFailed), Case("S", "T")}, "unit.json");
  json.kind = InputKind::kGoogleTestOutput;
  json.report.run.started_at_ms = 1'700'000'000'000;  // whole seconds only
  auto other = json;  // the same tests, a minute later: another process
  other.report.run.started_at_ms += 60'000;
  const auto report = MergeAll({collected, json, other});
  EXPECT_EQ(report.test_cases.size(), 4U);
  EXPECT_EQ(report.run.processes, 2);
}

TEST(Merge, ShardsOfABinaryAreJoinedAndAMissingOneIsAnError) {
  const auto shard = [](int index, int total) {
    auto process = Process("unit", {Case("S", "T" + std::to_string(index))});
    process.report.run.shard = Shard{index, total};
    return process;
  };
  const auto whole = MergeAll({shard(0, 2), shard(1, 2)});
  EXPECT_EQ(whole.test_cases.size(), 2U);
  EXPECT_FALSE(whole.run.shard);
  EXPECT_EQ(whole.run.binary, "unit");
  EXPECT_EQ(DefaultName(whole), "unit");

  const auto partial = MergeAll({shard(0, 3), shard(2, 3)});
  ASSERT_EQ(partial.test_cases.size(), 3U);
  EXPECT_EQ(partial.test_cases[2].name, "unit [shard 1/3]");
  EXPECT_EQ(partial.test_cases[2].status, Status::kError);
  EXPECT_NE(partial.test_cases[2].message.find("no input has shard 1 of 3 of unit"),
            std::string::npos);

  const auto alone = MergeAll({shard(1, 2)});  // one shard is a report of that shard
  EXPECT_EQ(alone.test_cases.size(), 1U);
  ASSERT_TRUE(alone.run.shard);
  EXPECT_EQ(DefaultName(alone), "unit [shard 1/2]");
}

TEST(Merge, RunFactsAreStatedWhereEveryProcessAgrees) {
  auto a = Process("unit", {Case("S", "T")});
  a.report.run.host = "runner-1";
  a.report.run.random_seed = 7;
  a.report.run.filter = "S.*";
  a.report.run.disabled = 2;
  a.report.run.started_at_ms = 500;
  auto b = a;
  b.report.run.host = "runner-2";
  b.report.run.disabled = 1;
  b.report.run.finished_at_ms = 9000;
  const auto report = MergeAll({a, b});
  EXPECT_EQ(report.run.host, "");  // two machines
  EXPECT_EQ(report.run.random_seed, 7);
  EXPECT_EQ(report.run.filter, "S.*");
  EXPECT_EQ(report.run.disabled, 3);
  EXPECT_EQ(report.run.started_at_ms, 500);
  EXPECT_EQ(report.run.finished_at_ms, 9000);
  EXPECT_EQ(report.run.status, RunStatus::kFinished);
}

TEST(Merge, TheDefaultNameStaysTheSameFromBuildToBuild) {
  Report report;
  report.run.binaries = {"zeta", "alpha", "mid", "beta"};
  EXPECT_EQ(DefaultName(report), "alpha + beta + mid + 1 more");  // sorted, not in run order
  report.ci = CiInfo{};
  report.ci->repository = "team/repo";
  report.ci->job = "test";
  EXPECT_EQ(DefaultName(report), "team/repo test");
  report.run.binary = "unit";
  EXPECT_EQ(DefaultName(report), "unit");
  EXPECT_EQ(DefaultName(Report{}), "gtest");
}

TEST(RefineWithOutputs, SettlesWhatTheStreamCouldNotSay) {
  auto streamed = Process("", {Case("S", "Skips", Status::kFailed), Case("S", "Records")});
  streamed.report.test_cases[0].message = "a.cpp:4\nlater";
  auto unmatched = Process("", {Case("S", "Other", Status::kFailed)});
  auto file = Process("unit", {Case("S", "Records"), Case("S", "Skips", Status::kSkipped)});
  file.report.test_cases[0].properties = {{"ticket", "T-1"}};
  file.report.test_cases[0].file = "a.cpp";
  file.report.test_cases[0].line = 9;
  file.report.run.random_seed = 42;
  file.report.run.disabled = 1;
  RefineWithOutputs({&streamed, &unmatched}, {file});
  EXPECT_EQ(streamed.report.test_cases[0].status, Status::kSkipped);
  EXPECT_EQ(streamed.report.test_cases[0].message, "a.cpp:4\nlater");
  EXPECT_EQ(streamed.report.test_cases[1].properties,
            (std::vector<std::pair<std::string, std::string>>{{"ticket", "T-1"}}));
  EXPECT_EQ(streamed.report.test_cases[1].line, 9);
  EXPECT_EQ(streamed.report.run.binary, "unit");
  EXPECT_EQ(streamed.report.run.random_seed, 42);
  EXPECT_EQ(streamed.report.run.disabled, 1);
  EXPECT_EQ(unmatched.report.test_cases[0].status, Status::kFailed);  // not its file
  EXPECT_EQ(unmatched.report.run.binary, "");
}

// Windows: no GoogleTest process streams to `run`. A plain process is known by its output file
// alone; a linked one by its collect file, whose output file then counts no second time.
TEST(RunProcesses, WithoutStreamsEachOutputFileThatNoCollectFileAccountsForIsAProcess) {
  Inputs collected;
  collected.processes.push_back(Process("linked", {Case("L", "T", Status::kFailed)}));
  const auto linked_file = Process("linked", {Case("L", "T", Status::kFailed)}, "linked.json");
  const auto plain_file = Process("plain", {Case("P", "T"), Case("P", "U")}, "plain.json");
  std::vector<std::string> notes;
  const auto processes =
      RunProcesses({}, collected, {linked_file, plain_file}, CommandRun{}, 3000, notes);
  ASSERT_EQ(processes.size(), 2U);
  EXPECT_EQ(processes[0].origin, "input");  // the collect file
  EXPECT_EQ(processes[1].origin, "plain.json");
  EXPECT_EQ(processes[1].report.test_cases.size(), 2U);
  EXPECT_TRUE(notes.empty());
}

TEST(RefineWithOutputs, AProcessThatDiedHasNoFileAndEachFileServesOnce) {
  auto died = Process("", {Case("S", "T", Status::kFailed)});
  died.finished = false;
  auto first = Process("", {Case("S", "T", Status::kFailed)});
  auto second = first;
  auto file = Process("unit", {Case("S", "T", Status::kSkipped)});
  RefineWithOutputs({&died, &first, &second}, {file});
  EXPECT_EQ(died.report.test_cases[0].status, Status::kFailed);
  EXPECT_EQ(first.report.test_cases[0].status, Status::kSkipped);
  EXPECT_EQ(second.report.test_cases[0].status, Status::kFailed);
}

}  // namespace
}  // namespace gtest_webhook::detail

namespace gtest_webhook::detail {
namespace {

ProcessReport StartedAt(std::int64_t at_ms, std::vector<TestCase> tests) {
  auto process = Process("unit", std::move(tests));
  process.report.run.started_at_ms = at_ms;
  return process;
}

// Attempts (SPEC §16): a test run again in a later process after it did not pass.
TEST(Attempts, ALaterPassMakesATestFlakyAndItsFailureNoFailure) {
  // Given out of order: attempts follow the processes' start times.
  const auto report = MergeAll(
      {StartedAt(3000, {Case("S", "Flaky")}),
       StartedAt(1000, {Case("S", "Flaky", Status::kFailed), Case("S", "Broken", Status::kFailed)}),
       StartedAt(2000, {Case("S", "Broken", Status::kFailed)})});
  const auto attempt_of = [&](std::size_t i) { return report.test_cases[i].attempt; };
  EXPECT_EQ(attempt_of(0), 2);  // S.Flaky, passed
  EXPECT_EQ(attempt_of(1), 1);  // S.Flaky, failed
  EXPECT_EQ(attempt_of(2), 1);  // S.Broken
  EXPECT_EQ(attempt_of(3), 2);  // S.Broken again
  EXPECT_TRUE(report.test_cases[1].retried_away);
  EXPECT_FALSE(report.test_cases[2].retried_away);
  EXPECT_TRUE(report.test_cases[0].tagged_flaky);
  EXPECT_TRUE(report.test_cases[1].tagged_flaky);
  const auto summary = Summarize(report);
  EXPECT_EQ(summary.flaky, 1);
  EXPECT_EQ(summary.failures, 1);  // S.Broken, by its last attempt
  EXPECT_EQ(summary.tests, 2);     // each test once
  EXPECT_EQ(summary.retried_away, 1);
}

TEST(Attempts, ACrashedTestRunAgainIsItsSecondAttempt) {
  auto crashed = StartedAt(1000, {Case("S", "Before")});
  crashed.finished = false;
  crashed.running = Case("S", "Crashes");
  const auto report = MergeAll({crashed, StartedAt(2000, {Case("S", "Crashes")})});
  ASSERT_EQ(report.test_cases.size(), 3U);
  EXPECT_EQ(report.test_cases[1].status, Status::kError);
  EXPECT_TRUE(report.test_cases[1].retried_away);
  EXPECT_EQ(report.test_cases[2].attempt, 2);
  EXPECT_EQ(Summarize(report).errors, 0);
}

TEST(Attempts, RunsAfterAPassAndRepeatedIterationsAreNoAttempts) {
  const auto report = MergeAll({StartedAt(1000, {Case("S", "T"), Case("S", "R", Status::kFailed, 0),
                                                 Case("S", "R", Status::kPassed, 1)}),
                                StartedAt(2000, {Case("S", "T", Status::kFailed)})});
  for (const auto& test : report.test_cases) EXPECT_EQ(test.attempt, 1) << FullName(test);
  const auto summary = Summarize(report);
  EXPECT_EQ(summary.flaky, 0);
  EXPECT_EQ(summary.failures, 2);  // --gtest_repeat's failed iteration counts
}

TEST(Attempts, ProcessesThatRanBesideEachOtherAreNoAttempts) {
  auto first = StartedAt(1000, {Case("S", "Broken", Status::kFailed)});
  first.report.run.finished_at_ms = 3000;
  auto beside = StartedAt(2000, {Case("S", "Broken", Status::kFailed)});
  beside.report.run.finished_at_ms = 4000;
  auto after = StartedAt(5000, {Case("S", "Broken", Status::kFailed)});
  const auto report = MergeAll({first, beside, after});
  EXPECT_EQ(report.test_cases[0].attempt, 1);
  EXPECT_EQ(report.test_cases[1].attempt, 1);  // started before the first ended
  EXPECT_EQ(report.test_cases[2].attempt, 2);  // started after the second ended: a retry
  const auto summary = Summarize(report);
  EXPECT_EQ(summary.tests, 2);
  EXPECT_EQ(summary.failures, 2);
}

// One test identity: the same suite and name in two executables are two tests, and an iteration
// of --gtest_repeat is another execution of the same test, never another attempt at it.
TEST(TestIds, TheBinarySuiteAndNameMakeATestAndTheIterationAnExecution) {
  auto test = Case("S", "T");
  test.binary = "unit";
  auto other = test;
  other.binary = "net";
  auto repeated = test;
  repeated.iteration = 3;
  repeated.status = Status::kFailed;
  EXPECT_EQ(IdOf(test), IdOf(repeated));
  EXPECT_NE(IdOf(test), IdOf(other));
  EXPECT_NE(IdOf(test), (TestId{"unit", "S.T", ""}));
  const TestIdSet ids = {IdOf(test), IdOf(other), IdOf(test)};
  EXPECT_EQ(ids.size(), 2U);
  const AttemptKey first{IdOf(test), 0};
  EXPECT_EQ(first, (AttemptKey{IdOf(test), 0}));
  EXPECT_FALSE(first == (AttemptKey{IdOf(test), 1}));
  EXPECT_EQ(AttemptKeyHash()(first), AttemptKeyHash()(AttemptKey{IdOf(test), 0}));
}

// GoogleTest's flags, read one way wherever a command line is read.
TEST(GtestArgs, ReadsEveryWayAFlagIsWritten) {
  const std::vector<std::string> args = {
      "./unit", "--gtest_filter=A.*", "-gtest_output",  "json:o.json", "--gtest_list_tests",
      "plain",  "/gtest_repeat=2",    "--gtest_filter", "B.*",         "--gtest_brief"};
  EXPECT_EQ(LastGtestFlag(args, "filter"), "B.*");
  EXPECT_EQ(GtestFlagValues(args, "filter"), (std::vector<std::string>{"A.*", "B.*"}));
  EXPECT_EQ(LastGtestFlag(args, "output"), "json:o.json");
  EXPECT_EQ(LastGtestFlag(args, "repeat"), "2");
  EXPECT_TRUE(HasGtestFlag(args, "list_tests"));
  EXPECT_TRUE(HasGtestFlag(args, "brief"));
  EXPECT_FALSE(LastGtestFlag(args, "brief").has_value());
  // The program's own name, a value and a plain word are no flags.
  EXPECT_FALSE(HasGtestFlag({"--gtest_list_tests"}, "list_tests"));
  EXPECT_FALSE(HasGtestFlag({"./unit", "-gtest_output", "--gtest_list_tests"}, "list_tests"));
  EXPECT_FALSE(GtestFlagAt(args, 5).has_value());
  EXPECT_FALSE(GtestFlagAt({"x", "--gtest_"}, 1).has_value());
}

platform::ProcessLaunch ALaunch() {
  platform::ProcessLaunch launch;
  launch.executable = "/build/unit";
  launch.arguments = {"./unit", "--gtest_filter=Math.*", "-gtest_output", "xml:o.xml",
                      "--gtest_brief=1"};
  launch.directory = "/build";
  launch.environment = {{"GTEST_SHARD_INDEX", "1"},
                        {"GTEST_TOTAL_SHARDS", "3"},
                        {"GTEST_OUTPUT", "json:/run/own/"},
                        {"PATH", "/bin"}};
  return launch;
}

// run --retry-failed's launch: as the process was, for the test alone and unsharded, its results
// still going where the run reads them.
TEST(RetryPlan, ALaunchForTheTestAloneKeepsTheRunsOwnOutput) {
  const auto again = RetryLaunch(ALaunch(), "Math.Fails", "json:/run/own/");
  EXPECT_EQ(again.executable, "/build/unit");
  EXPECT_EQ(again.directory, "/build");
  EXPECT_EQ(again.arguments,
            (std::vector<std::string>{"./unit", "--gtest_brief=1", "--gtest_filter=Math.Fails"}));
  EXPECT_EQ(again.environment, (std::vector<std::pair<std::string, std::string>>{
                                   {"GTEST_OUTPUT", "json:/run/own/"}, {"PATH", "/bin"}}));
  // A user's own GTEST_OUTPUT is never written again.
  EXPECT_EQ(RetryLaunch(ALaunch(), "Math.Fails", "").environment.size(), 1U);
}

TEST(RetryPlan, PlansEachFailedTestOnceButNotQuarantinedOnesOrUnknownLaunches) {
  std::vector<ProcessReport> processes = {
      Process("", {Case("Math", "Fails", Status::kFailed), Case("Net", "Flaky", Status::kFailed),
                   Case("Math", "Adds")}),
      Process("", {Case("Math", "Fails", Status::kFailed)}),
      Process("other", {Case("Disk", "Full", Status::kFailed)})};
  processes[0].pid = 1;
  processes[1].pid = 2;
  processes[2].pid = 3;
  const auto launch = ALaunch();
  const LaunchLookup launch_of = [&](const ProcessReport& process, bool) {
    return process.pid == 3 ? nullptr : &launch;
  };
  std::vector<std::string> warnings;
  const auto quarantine = ParseQuarantine("unit:Net.*\n", "q", "2026-12-07", warnings);
  const auto plan = PlanRetries(processes, launch_of, "", quarantine);
  ASSERT_EQ(plan.candidates.size(), 1U);  // Math.Fails once; Net.Flaky is in quarantine
  EXPECT_EQ(plan.candidates[0].test, "Math.Fails");
  EXPECT_EQ(plan.candidates[0].launch.arguments.back(), "--gtest_filter=Math.Fails");
  EXPECT_EQ(plan.unknown, 1);                         // Disk.Full: its launch is not known
  EXPECT_EQ(processes[0].report.run.binary, "unit");  // named after its executable
  EXPECT_EQ(RetryNames({{"A.a", {}}, {"B.b", {}}}), "A.a, B.b");
  const std::vector<RetryCandidate> many(7, {"T.t", {}});
  EXPECT_EQ(RetryNames(many), "T.t, T.t, T.t, T.t, T.t and 2 more");
}

// A quarantined test's failure leaves `run` exiting 0, as a retried-away one does; never a
// timeout, a cancellation or a real failure.
TEST(RunExitCode, QuarantinedOrRetriedFailuresAloneExitZero) {
  CommandRun facts;
  Summary stable;
  stable.build_stable = true;
  EXPECT_EQ(FinalExitCode(1, facts, stable, false), 1);
  EXPECT_EQ(FinalExitCode(1, facts, stable, true), 0);
  stable.quarantined_failures = 1;
  EXPECT_EQ(FinalExitCode(1, facts, stable, false), 0);
  Summary unstable = stable;
  unstable.build_stable = false;
  EXPECT_EQ(FinalExitCode(1, facts, unstable, false), 1);
  facts.timed_out = true;
  EXPECT_EQ(FinalExitCode(124, facts, stable, false), 124);
  facts.timed_out = false;
  facts.canceled_by = 15;
  EXPECT_EQ(FinalExitCode(143, facts, stable, false), 143);
}

// run --retry-failed's plan: a filter that selects the failed test, and only its result.
TEST(RetryPlan, TheFilterGivesNoCharacterOfTheNameAMeaning) {
  EXPECT_EQ(ExactFilter("Suite.Test"), "Suite.Test");
  EXPECT_EQ(ExactFilter("N.A*"), "N.A?");
  EXPECT_EQ(ExactFilter("N.X-A"), "N.X?A");
  EXPECT_EQ(ExactFilter("TypedT/std::string.Works"), "TypedT/std??string.Works");
  EXPECT_EQ(ExactFilter("a?b&c%41"), "a?b&c%41");
}

TEST(RetryPlan, OnlyTheRetriedTestsResultCounts) {
  auto process =
      Process("unit", {Case("N", "A*", Status::kFailed), Case("N", "AB"), Case("N", "A?")});
  EXPECT_TRUE(KeepOnlyAttempt(process, "N.A*"));
  ASSERT_EQ(process.report.test_cases.size(), 1U);
  EXPECT_EQ(FullName(process.report.test_cases[0]), "N.A*");
  EXPECT_FALSE(AttemptPassed({process}, "N.A*"));

  auto other = Process("unit", {Case("N", "AB")});
  other.finished = false;
  other.running = Case("N", "A?");
  EXPECT_FALSE(KeepOnlyAttempt(other, "N.A*"));
  EXPECT_TRUE(other.report.test_cases.empty());
  EXPECT_FALSE(other.running.has_value());
}

TEST(RetryPlan, TheFailedTestsAreThoseThatDidNotPassAndTheOneRunningAtACrash) {
  auto process = Process("unit", {Case("S", "Passes"), Case("S", "Fails", Status::kFailed),
                                  Case("S", "Throws", Status::kError)});
  process.report.test_cases.back().tagged_bug = false;
  auto bug = Case("S", "Known", Status::kFailed);
  bug.tagged_bug = true;
  process.report.test_cases.push_back(bug);
  process.finished = false;
  process.running = Case("S", "Crashes");
  EXPECT_EQ(FailedTests(process), (std::vector<std::string>{"S.Fails", "S.Throws", "S.Crashes"}));
}

}  // namespace
}  // namespace gtest_webhook::detail
