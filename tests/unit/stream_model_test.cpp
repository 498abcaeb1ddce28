// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// GoogleTest's result stream, as GoogleTest 1.10 to 1.18 write it, turned into a process's
// results.

#include "capture/stream_model.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace gtest_webhook::detail {
namespace {

ProcessReport Stream(std::initializer_list<const char*> lines, std::int64_t end_ms = 100) {
  StreamModel model(65536);
  std::int64_t now = 0;
  for (const char* line : lines) model.Feed(line, now++);
  return model.Result(end_ms);
}

const TestCase& At(const ProcessReport& process, std::size_t index) {
  return process.report.test_cases.at(index);
}

TEST(StreamModel, ReadsARunAndSettlesSkipsWhenTheSuitePassed) {
  const auto process = Stream({
      "gtest_streaming_protocol_version=1.0",
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=Basic",
      "event=TestStart&name=Passes",
      "event=TestEnd&passed=1&elapsed_time=3ms",
      "event=TestStart&name=Skips",
      "event=TestPartResult&file=%2Fsrc%2Fa.cpp&line=7&message=not%20today",
      "event=TestEnd&passed=0&elapsed_time=0ms",
      "event=TestCaseEnd&passed=1&elapsed_time=3ms",
      "event=TestIterationEnd&passed=1&elapsed_time=3ms",
      "event=TestProgramEnd&passed=1",
  });
  EXPECT_TRUE(process.finished);
  ASSERT_EQ(process.report.test_cases.size(), 2U);
  EXPECT_EQ(At(process, 0).class_name, "Basic");
  EXPECT_EQ(At(process, 0).name, "Passes");
  EXPECT_EQ(At(process, 0).status, Status::kPassed);
  EXPECT_EQ(At(process, 0).time_ms, 3);
  // GoogleTest's "passed" means nothing failed: a test that did not pass was skipped.
  EXPECT_EQ(At(process, 1).status, Status::kSkipped);
  EXPECT_EQ(At(process, 1).message, "/src/a.cpp:7\nnot today");
}

TEST(StreamModel, NamesAreTakenAsGoogleTestSendsThemUnencoded) {
  const auto process = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=Amp&x=1",
      "event=TestStart&name=a&b",
      "event=TestEnd&passed=1&elapsed_time=0ms",
      "event=TestStart&name=pct%41x",
      "event=TestEnd&passed=1&elapsed_time=0ms",
      "event=TestStart&name=line",
      "feed",
      "event=TestEnd&passed=1&elapsed_time=0ms",
      "event=TestCaseEnd&passed=1&elapsed_time=0ms",
      "event=TestIterationEnd&passed=1&elapsed_time=0ms",
      "event=TestProgramEnd&passed=1",
  });
  ASSERT_EQ(process.report.test_cases.size(), 3U);
  EXPECT_EQ(At(process, 0).class_name, "Amp&x=1");
  EXPECT_EQ(At(process, 0).name, "a&b");
  EXPECT_EQ(At(process, 1).name, "pct%41x");
  EXPECT_EQ(At(process, 2).name, "line\nfeed");
}

TEST(StreamModel, ATestThatDidNotPassInAFailedSuiteFailed) {
  const auto process = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=S",
      "event=TestStart&name=Fails",
      "event=TestPartResult&file=a.cpp&line=3&message=Expected%20equality",
      "event=TestPartResult&file=a.cpp&line=4&message=Succeeded",
      "event=TestEnd&passed=0&elapsed_time=1ms",
      "event=TestStart&name=Throws",
      "event=TestPartResult&file=&line=-1&message=C%2B%2B%20exception%20with%20description%20"
      "%22boom%22%20thrown%20in%20the%20test%20body.",
      "event=TestEnd&passed=0&elapsed_time=1ms",
      "event=TestCaseEnd&passed=0&elapsed_time=2ms",
      "event=TestIterationEnd&passed=0&elapsed_time=2ms",
      "event=TestProgramEnd&passed=0",
  });
  EXPECT_EQ(At(process, 0).status, Status::kFailed);
  EXPECT_EQ(At(process, 0).message, "a.cpp:3\nExpected equality");  // SUCCEED() is no failure
  EXPECT_EQ(At(process, 1).status, Status::kError);
  EXPECT_EQ(At(process, 1).message,
            "unknown file\nC++ exception with description \"boom\" thrown in the test body.");
}

// GoogleTest skips every test of a suite whose set-up failed with a part that says nothing,
// as a GTEST_SKIP() without a reason does; a failure always says something.
TEST(StreamModel, ASkipWithoutAReasonIsASkipEvenInAFailedSuite) {
  const auto process = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=S",
      "event=TestPartResult&file=a.cpp&line=2&message=Failed%0Aset-up%20broke",
      "event=TestStart&name=First",
      "event=TestPartResult&file=a.cpp&line=5&message=",
      "event=TestEnd&passed=0&elapsed_time=0ms",
      "event=TestCaseEnd&passed=0&elapsed_time=0ms",
      "event=TestIterationEnd&passed=0&elapsed_time=0ms",
      "event=TestProgramEnd&passed=0",
  });
  ASSERT_EQ(process.report.test_cases.size(), 2U);
  EXPECT_EQ(At(process, 0).name, "SetUpTestSuite");
  EXPECT_EQ(At(process, 0).status, Status::kError);
  EXPECT_TRUE(At(process, 0).outside_test);
  EXPECT_EQ(At(process, 0).message, "a.cpp:2\nFailed\nset-up broke");
  EXPECT_EQ(At(process, 0).file, "a.cpp");
  EXPECT_EQ(At(process, 0).line, 2);
  EXPECT_EQ(At(process, 1).status, Status::kSkipped);
  EXPECT_EQ(At(process, 1).message, "");
}

TEST(StreamModel, ASkipOutsideTestsIsASkippedEntryNotAnError) {
  // GTEST_SKIP() in SetUpTestSuite, and in a global environment's SetUp (GoogleTest then runs
  // no test at all).
  const auto suite = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=Db",
      "event=TestPartResult&file=db.cpp&line=9&message=no%20database",
      "event=TestStart&name=Reads",
      "event=TestPartResult&file=db.cpp&line=12&message=",
      "event=TestEnd&passed=0&elapsed_time=0ms",
      "event=TestCaseEnd&passed=1&elapsed_time=0ms",
      "event=TestIterationEnd&passed=1&elapsed_time=0ms",
      "event=TestProgramEnd&passed=1",
  });
  EXPECT_EQ(At(suite, 0).class_name, "Db");
  EXPECT_EQ(At(suite, 0).name, "SetUpTestSuite");
  EXPECT_EQ(At(suite, 0).status, Status::kSkipped);
  EXPECT_EQ(At(suite, 0).message, "db.cpp:9\nno database");
  EXPECT_EQ(At(suite, 1).status, Status::kSkipped);

  const auto environment = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestPartResult&file=env.cpp&line=4&message=no%20network",
      "event=TestIterationEnd&passed=1&elapsed_time=0ms",
      "event=TestProgramEnd&passed=1",
  });
  ASSERT_EQ(environment.report.test_cases.size(), 1U);
  EXPECT_EQ(At(environment, 0).class_name, kEnvironmentClassName);
  EXPECT_EQ(At(environment, 0).name, "SetUp");
  EXPECT_EQ(At(environment, 0).status, Status::kSkipped);
}

TEST(StreamModel, FailuresOfTheEnvironmentAreNamedByPhase) {
  const auto process = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=S",
      "event=TestStart&name=T",
      "event=TestEnd&passed=1&elapsed_time=0ms",
      "event=TestCaseEnd&passed=1&elapsed_time=0ms",
      "event=TestPartResult&file=env.cpp&line=20&message=Failed%0Atear-down%20broke",
      "event=TestIterationEnd&passed=0&elapsed_time=0ms",
      "event=TestProgramEnd&passed=0",
  });
  ASSERT_EQ(process.report.test_cases.size(), 2U);
  EXPECT_EQ(At(process, 1).class_name, kEnvironmentClassName);
  EXPECT_EQ(At(process, 1).name, "TearDown");
  EXPECT_EQ(At(process, 1).status, Status::kError);
}

TEST(StreamModel, RepeatedIterationsAreNumbered) {
  const auto process = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=S",
      "event=TestStart&name=T",
      "event=TestEnd&passed=1&elapsed_time=0ms",
      "event=TestCaseEnd&passed=1&elapsed_time=0ms",
      "event=TestIterationEnd&passed=1&elapsed_time=0ms",
      "event=TestIterationStart&iteration=1",
      "event=TestCaseStart&name=S",
      "event=TestStart&name=T",
      "event=TestPartResult&file=a.cpp&line=1&message=Failed",
      "event=TestEnd&passed=0&elapsed_time=0ms",
      "event=TestCaseEnd&passed=0&elapsed_time=0ms",
      "event=TestIterationEnd&passed=0&elapsed_time=0ms",
      "event=TestProgramEnd&passed=0",
  });
  EXPECT_EQ(process.report.run.iterations, 2);
  EXPECT_EQ(At(process, 0).iteration, 0);
  EXPECT_EQ(At(process, 1).iteration, 1);
  EXPECT_EQ(At(process, 1).status, Status::kFailed);
}

TEST(StreamModel, AStreamThatStopsNamesTheTestThatWasRunning) {
  const auto process = Stream(
      {
          "event=TestProgramStart",
          "event=TestIterationStart&iteration=0",
          "event=TestCaseStart&name=S",
          "event=TestStart&name=Before",
          "event=TestEnd&passed=1&elapsed_time=0ms",
          "event=TestStart&name=Crashes",
          "event=TestPartResult&file=a.cpp&line=8&message=Failed%0Afirst",
      },
      50);
  EXPECT_FALSE(process.finished);
  EXPECT_TRUE(process.ending.streamed);
  ASSERT_EQ(process.report.test_cases.size(), 1U);
  ASSERT_TRUE(process.running);
  EXPECT_EQ(process.running->class_name, "S");
  EXPECT_EQ(process.running->name, "Crashes");
  EXPECT_EQ(process.running->message, "a.cpp:8\nFailed\nfirst");
  EXPECT_EQ(process.running->time_ms, 50 - 5);  // from its start to the end of the stream
}

TEST(StreamModel, AStreamThatStopsOutsideTestsNamesThePhase) {
  const auto process = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=S",
      "event=TestPartResult&file=a.cpp&line=2&message=Failed%0Abefore%20the%20crash",
  });
  ASSERT_TRUE(process.running);
  EXPECT_EQ(process.running->class_name, "S");
  EXPECT_EQ(process.running->name, "SetUpTestSuite");
  EXPECT_TRUE(process.running->outside_test);
  EXPECT_EQ(process.running->message, "a.cpp:2\nFailed\nbefore the crash");
}

// The same run as GoogleTest 1.10 (skips say "Skipped" first; its "passed" ignores a suite's own
// failures) and 1.14 and later (every text ends with a newline) stream it: read as 1.12 words it.
TEST(StreamModel, EveryReleaseWordsTheSame) {
  const auto modern = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=S",
      "event=TestStart&name=Fails",
      "event=TestPartResult&file=a.cpp&line=3&message=first%0A",
      "event=TestPartResult&file=a.cpp&line=4&message=second%0A",
      "event=TestEnd&passed=0&elapsed_time=0ms",
      "event=TestStart&name=Skips",
      "event=TestPartResult&file=a.cpp&line=5&message=later%0A",
      "event=TestEnd&passed=0&elapsed_time=0ms",
      "event=TestCaseEnd&passed=0&elapsed_time=0ms",
      "event=TestIterationEnd&passed=0&elapsed_time=0ms",
      "event=TestProgramEnd&passed=0",
  });
  EXPECT_EQ(At(modern, 0).message, "a.cpp:3\nfirst\n\na.cpp:4\nsecond");
  const auto old = Stream({
      "event=TestProgramStart",
      "event=TestIterationStart&iteration=0",
      "event=TestCaseStart&name=S",
      "event=TestPartResult&file=a.cpp&line=2&message=Failed%0Aset-up%20broke",
      "event=TestStart&name=Skips",
      "event=TestPartResult&file=a.cpp&line=5&message=Skipped%0Alater",
      "event=TestEnd&passed=0&elapsed_time=0ms",
      "event=TestCaseEnd&passed=1&elapsed_time=0ms",
      "event=TestIterationEnd&passed=1&elapsed_time=0ms",
      "event=TestProgramEnd&passed=1",
  });
  EXPECT_EQ(At(old, 0).name, "SetUpTestSuite");
  EXPECT_EQ(At(old, 0).status, Status::kError);  // 1.10 said "passed"; it was no skip
  EXPECT_EQ(At(old, 1).status, Status::kSkipped);
  EXPECT_EQ(At(old, 1).message, "a.cpp:5\nlater");
}

TEST(StreamModel, AListingAndALinkedProcessSayWhatTheyAre) {
  StreamModel listing(1024);
  listing.Feed("gtest_streaming_protocol_version=1.0", 0);
  EXPECT_FALSE(listing.started());

  StreamModel linked(1024);
  linked.Feed("event=GtestWebhookCollect&id=0123abcd", 0);
  linked.Feed("event=TestProgramStart", 1);
  EXPECT_TRUE(linked.started());
  EXPECT_EQ(linked.announced(), "0123abcd");
}

TEST(PhaseTracker, NamesWhatHappensOutsideTestsByWhereTheRunIs) {
  using Where = PhaseTracker::Where;
  PhaseTracker phases;
  EXPECT_EQ(phases.Now(), Where(kEnvironmentClassName, "SetUp"));
  phases.SuiteStarted("Math");
  EXPECT_EQ(phases.Now(), Where("Math", "SetUpTestSuite"));
  EXPECT_EQ(phases.Environment(), Where(kEnvironmentClassName, "SetUp"));
  phases.TestStarted();
  EXPECT_EQ(phases.Now(), Where("Math", "TearDownTestSuite"));
  phases.SuiteEnded();
  phases.EnvironmentTearDownStarted();
  EXPECT_EQ(phases.Now(), Where(kEnvironmentClassName, "TearDown"));
  phases.SuiteStarted("Next");
  phases.EnvironmentSetUpStarted();  // the next iteration
  EXPECT_EQ(phases.Now(), Where(kEnvironmentClassName, "SetUp"));
}

TEST(OutsidePhaseName, IsTheOneNamingRule) {
  EXPECT_STREQ(OutsidePhaseName(true, true), "SetUp");
  EXPECT_STREQ(OutsidePhaseName(true, false), "TearDown");
  EXPECT_STREQ(OutsidePhaseName(false, true), "SetUpTestSuite");
  EXPECT_STREQ(OutsidePhaseName(false, false), "TearDownTestSuite");
}

}  // namespace
}  // namespace gtest_webhook::detail
