// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Stability across runs (SPEC §19): flips, medians and slower tests, the quarantine file, and
// what the history judges of a report name's runs.

#include "assemble/stability/stability.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "assemble/complete.h"
#include "model/selection/quarantine.h"
#include "model/summary.h"
#include "render/payload.h"
#include "state/history.h"
#include "temp_dir.h"

namespace gtest_webhook::testing {
using namespace detail;  // NOLINT(google-build-using-namespace): the internals under test
namespace {

TEST(Flips, CountsChangesBetweenPassAndFailIgnoringSkipsAndGaps) {
  EXPECT_EQ(Flips(""), 0);
  EXPECT_EQ(Flips("PPPP"), 0);
  EXPECT_EQ(Flips("FFFF"), 0);
  EXPECT_EQ(Flips("PF"), 1);
  EXPECT_EQ(Flips("PFPF"), 3);
  EXPECT_EQ(Flips("P.S.F"), 1);
  // A run that failed and passed on a retry is a failure and then a pass.
  EXPECT_EQ(Flips("PXP"), 2);
  EXPECT_EQ(Flips("FX"), 1);
  EXPECT_EQ(Flips("X"), 1);
  EXPECT_FALSE(IsUnstable(Flips("PPPF")));
  EXPECT_TRUE(IsUnstable(Flips("PFP")));
}

TEST(StabilityOf, CountsRunsFailuresAndTheLastPass) {
  const auto stability = StabilityOf(".PSFXF", {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(stability.runs, 4);    // P F X F: not the skipped run, not the missing one
  EXPECT_EQ(stability.failed, 3);  // F X F
  EXPECT_EQ(stability.flips, 3);   // P→F, F→(F)P, P→F
  ASSERT_TRUE(stability.last_passed_ms.has_value());
  EXPECT_EQ(*stability.last_passed_ms, 5);  // the X run passed in the end
  EXPECT_EQ(stability.outcomes, ".PSFXF");
  EXPECT_FALSE(StabilityOf("FF", {1, 2}).last_passed_ms.has_value());
}

// The history keeps a time in one character: within an eighth of it, in order, and never a
// character that means something else in the file.
TEST(TimeMark, KeepsATimeWithinAnEighthInOneCharacter) {
  EXPECT_EQ(TimeMark(0), '0');
  EXPECT_EQ(MarkedMs('0'), 0);
  EXPECT_EQ(MarkedMs(TimeMark(1)), 1);
  char last = TimeMark(0);
  for (std::int64_t ms = 1; ms < 8LL * 3600 * 1000; ms = ms * 11 / 10 + 1) {
    const char mark = TimeMark(ms);
    EXPECT_GE(mark, last) << ms;
    last = mark;
    EXPECT_NE(mark, kNoTime);
    ASSERT_TRUE(MarkedMs(mark).has_value()) << ms;
    EXPECT_NEAR(static_cast<double>(*MarkedMs(mark)), static_cast<double>(ms),
                static_cast<double>(ms) / 8.0 + 0.5)
        << ms;
  }
  EXPECT_EQ(TimeMark(1LL << 50), '~');  // every longer time
  EXPECT_FALSE(MarkedMs(kNoTime).has_value());
  EXPECT_FALSE(MarkedMs('\t').has_value());
}

// The times of three passing runs, as marks.
std::string Marks(std::initializer_list<std::int64_t> times) {
  std::string marks;
  for (const auto ms : times) marks += ms < 0 ? kNoTime : TimeMark(ms);
  return marks;
}

TEST(MedianPassingMs, TakesPassingRunsWithATimeOnly) {
  const auto ms = [](std::int64_t time) { return *MarkedMs(TimeMark(time)); };
  EXPECT_EQ(MedianPassingMs("PPP", Marks({10, 30, 20})), ms(20));
  EXPECT_EQ(MedianPassingMs("PPPP", Marks({0, 40, 0, 40})), ms(40) / 2);
  // Failed runs' times and runs without one do not count; fewer than three passes: no median.
  EXPECT_EQ(MedianPassingMs("PFPP.P", Marks({10, 9999, 30, -1, 5, 20})), ms(20));
  EXPECT_FALSE(MedianPassingMs("PPF", Marks({10, 20, 30})).has_value());
  EXPECT_FALSE(MedianPassingMs("PPP", Marks({10, -1, 30})).has_value());
}

TEST(IsSlower, NeedsTheFactorAndTheExtraSeconds) {
  const SlowerRule rule;  // 3x,1s
  EXPECT_TRUE(IsSlower(3000, 1000, rule));
  EXPECT_FALSE(IsSlower(2999, 1000, rule));  // not three times
  EXPECT_FALSE(IsSlower(900, 100, rule));    // nine times, but not a second more
  EXPECT_TRUE(IsSlower(1100, 100, rule));
  SlowerRule off;
  off.off = true;
  EXPECT_FALSE(IsSlower(100000, 1, off));
}

TEST(ParseQuarantine, ReadsEntriesAndNamesEveryBadLine) {
  std::vector<std::string> warnings;
  const auto entries = ParseQuarantine(
      "# flaky tests\n"
      "Net.Timeout @alice @org/net until=2026-12-31 # waits for the fix\r\n"
      "\n"
      "Disk.*\n"
      "-Not.This\n"
      "Old.One until=2026-01-01\n"
      "Bad.Word someone\n"
      "Bad.Date until=2026-02-30\n"
      "  bin:Suite.Case   ops@example.com\n",
      "q.txt", "2026-12-07", warnings);
  ASSERT_EQ(entries.size(), 4U);
  EXPECT_EQ(entries[0].pattern, "Net.Timeout");
  EXPECT_EQ(entries[0].owners, (std::vector<std::string>{"@alice", "@org/net"}));
  EXPECT_EQ(entries[0].until, "2026-12-31");
  EXPECT_EQ(entries[0].reason, "waits for the fix");
  EXPECT_EQ(entries[0].line, 2);
  EXPECT_FALSE(entries[0].expired);
  EXPECT_EQ(entries[1].pattern, "Disk.*");
  EXPECT_TRUE(entries[2].expired);
  EXPECT_EQ(entries[3].pattern, "bin:Suite.Case");
  EXPECT_EQ(entries[3].owners, std::vector<std::string>{"ops@example.com"});
  ASSERT_EQ(warnings.size(), 3U);
  EXPECT_EQ(warnings[0].rfind("q.txt:5: a negative pattern", 0), 0U) << warnings[0];
  EXPECT_EQ(warnings[1].rfind("q.txt:7: 'someone' is neither", 0), 0U) << warnings[1];
  EXPECT_EQ(warnings[2].rfind("q.txt:8: until= takes", 0), 0U) << warnings[2];
  EXPECT_EQ(ExpiredLine("q.txt", entries[2]),
            "q.txt:6: Old.One was quarantined until 2026-01-01; it is quarantined no more");
}

TEST(QuarantineOf, MatchesTheIdOrTheFullNameAndNeverAnExpiredEntry) {
  std::vector<std::string> warnings;
  const auto entries = ParseQuarantine("Old.* until=2020-01-01\nNet.*\nbin:Disk.Full\n", "q",
                                       "2026-12-07", warnings);
  EXPECT_EQ(QuarantineOf(entries, "Net.Timeout", "Net.Timeout"), 1U);
  EXPECT_EQ(QuarantineOf(entries, "other:Net.Timeout", "Net.Timeout"), 1U);
  EXPECT_EQ(QuarantineOf(entries, "bin:Disk.Full", "Disk.Full"), 2U);
  EXPECT_EQ(QuarantineOf(entries, "other:Disk.Full", "Disk.Full"), entries.size());
  EXPECT_EQ(QuarantineOf(entries, "Old.Test", "Old.Test"), entries.size());
}

TestCase Case(const std::string& name, Status status, std::int64_t time_ms = 10) {
  TestCase test;
  test.class_name = "Suite";
  test.name = name;
  test.status = status;
  test.time_ms = time_ms;
  return test;
}

// A quarantined test's failure counts apart and never makes the build unstable; the payload
// says which entries it is.
TEST(Quarantine, AFailureInQuarantineLeavesTheBuildStable) {
  Options options;
  std::vector<std::string> warnings;
  options.quarantine_path = "q";
  options.quarantine = ParseQuarantine("Suite.Flaky\n", "q", "2026-12-07", warnings);
  Report report;
  report.run.binary = "unit";
  report.test_cases = {Case("Flaky", Status::kFailed), Case("Good", Status::kPassed)};
  CompleteReport(report, options);
  EXPECT_TRUE(report.test_cases[0].quarantined);
  EXPECT_FALSE(report.test_cases[1].quarantined);
  const auto summary = Summarize(report);
  EXPECT_EQ(summary.failures, 0);
  EXPECT_EQ(summary.quarantined_failures, 1);
  EXPECT_EQ(summary.traces_passed, 1);
  EXPECT_TRUE(summary.build_stable);
  const auto payload = nlohmann::json::parse(SerializePayload(report));
  EXPECT_EQ(payload["quarantinedFailures"], 1);
  EXPECT_EQ(payload["testCase"][0]["quarantined"], true);
  EXPECT_FALSE(payload["testCase"][1].contains("quarantined"));
  EXPECT_EQ(payload["quarantine"]["entries"], 1);

  report.test_cases.push_back(Case("Real", Status::kError));
  EXPECT_FALSE(Summarize(report).build_stable);
}

// In a report of several executables an entry may name one binary's test (`binary:Suite.Test`),
// or the test of every binary (`Suite.Test`).
TEST(Quarantine, InAMergedReportAnEntryMayNameOneBinarysTest) {
  Options options;
  std::vector<std::string> warnings;
  options.quarantine_path = "q";
  options.quarantine =
      ParseQuarantine("unit:Suite.Flaky\nSuite.Slow\n", "q", "2026-12-07", warnings);
  Report report;
  for (const char* binary : {"unit", "net"}) {
    for (const char* name : {"Flaky", "Slow"}) {
      auto test = Case(name, Status::kFailed);
      test.binary = binary;
      report.test_cases.push_back(test);
    }
  }
  report.run.binaries = {"unit", "net"};
  CompleteReport(report, options);
  EXPECT_TRUE(report.test_cases[0].quarantined);   // unit:Suite.Flaky
  EXPECT_TRUE(report.test_cases[1].quarantined);   // unit:Suite.Slow
  EXPECT_FALSE(report.test_cases[2].quarantined);  // net:Suite.Flaky
  EXPECT_TRUE(report.test_cases[3].quarantined);   // net:Suite.Slow
  const auto summary = Summarize(report);
  EXPECT_EQ(summary.failures, 1);
  EXPECT_EQ(summary.quarantined_failures, 3);
  EXPECT_FALSE(summary.build_stable);
}

// One state directory over many runs, as CI keeps it.
class StabilityRuns : public ::testing::Test {
 protected:
  StabilityRuns() { options_.state_dir = state_.path(); }

  // Records a run of `tests`, finished at `number` seconds.
  Report Run(int number, std::vector<TestCase> tests) {
    Report report;
    report.name = "stability";
    report.run.id = "run" + std::to_string(number);
    report.run.finished_at_ms = number * 1000;
    report.test_cases = std::move(tests);
    report.quarantine = options_.quarantine;
    for (auto& test : report.test_cases) {
      test.quarantined = QuarantineOf(options_.quarantine, FullName(test), FullName(test)) <
                         options_.quarantine.size();
    }
    RecordHistory(report, Summarize(report), options_,
                  std::chrono::steady_clock::now() + std::chrono::seconds(10), warnings_);
    EXPECT_TRUE(warnings_.empty()) << warnings_.front();
    EXPECT_TRUE(report.history.has_value());
    return report;
  }

  TempDir state_;
  Options options_;
  std::vector<std::string> warnings_;
};

TEST_F(StabilityRuns, ATestThatAlternatesIsUnstableWithItsFlips) {
  Report report;
  for (int i = 0; i < 6; ++i) {
    report = Run(i, {Case("Steady", Status::kPassed),
                     Case("Alternates", i % 2 == 0 ? Status::kPassed : Status::kFailed),
                     Case("BrokeOnce", i == 5 ? Status::kFailed : Status::kPassed),
                     Case("Skips", Status::kSkipped)});
  }
  const auto& history = *report.history;
  EXPECT_EQ(history.unstable, std::vector<std::string>{"Suite.Alternates"});
  EXPECT_EQ(history.unstable_count, 1U);
  const auto& alternates = history.stability.at("Suite.Alternates");
  EXPECT_EQ(alternates.runs, 6);
  EXPECT_EQ(alternates.failed, 3);
  EXPECT_EQ(alternates.flips, 5);
  EXPECT_EQ(alternates.last_passed_ms, 4000);
  EXPECT_EQ(alternates.outcomes, "PFPFPF");
  // A test that did not pass has its stability; one that always passed has none.
  EXPECT_EQ(history.stability.at("Suite.BrokeOnce").flips, 1);
  EXPECT_EQ(history.stability.count("Suite.Steady"), 0U);
  // A skipped entry did not pass either (SPEC §19): it ran in none of the window's runs.
  EXPECT_EQ(history.stability.at("Suite.Skips").runs, 0);
  const auto payload = nlohmann::json::parse(SerializePayload(report));
  EXPECT_EQ(payload["history"]["unstable"][0]["id"], "Suite.Alternates");
  EXPECT_EQ(payload["history"]["unstable"][0]["stability"]["flips"], 5);
  EXPECT_EQ(payload["history"]["unstableCount"], 1);
  EXPECT_EQ(payload["testCase"][1]["stability"]["lastPassed"], "1970-01-01T00:00:04.000Z");
  EXPECT_EQ(payload["testCase"][1]["stability"]["runs"], 6);
  EXPECT_FALSE(payload["testCase"][0].contains("stability"));  // it passed
  EXPECT_EQ(payload["testCase"][3]["stability"]["runs"], 0);
  EXPECT_TRUE(payload["testCase"][3]["stability"]["lastPassed"].is_null());
}

TEST_F(StabilityRuns, OnlyTheWindowCounts) {
  options_.window = 3;
  Report report;
  for (int i = 0; i < 6; ++i) {
    report = Run(i, {Case("Alternates", i % 2 == 0 ? Status::kPassed : Status::kFailed)});
  }
  const auto& stability = report.history->stability.at("Suite.Alternates");
  EXPECT_EQ(stability.outcomes, "FPF");
  EXPECT_EQ(stability.runs, 3);
  EXPECT_EQ(stability.flips, 2);
  EXPECT_EQ(report.history->runs.size(), 3U);
}

TEST_F(StabilityRuns, ATestThatTookMuchLongerThanItsMedianIsSlower) {
  Report report;
  for (int i = 0; i < 4; ++i) {
    report = Run(i, {Case("Sleeps", Status::kPassed, 400 + i), Case("Quick", Status::kPassed, 5)});
  }
  EXPECT_TRUE(report.history->slower.empty());
  report = Run(4, {Case("Sleeps", Status::kPassed, 2500), Case("Quick", Status::kPassed, 900)});
  ASSERT_EQ(report.history->slower.size(), 1U);
  EXPECT_EQ(report.history->slower[0].id, "Suite.Sleeps");
  EXPECT_EQ(report.history->slower[0].time_ms, 2500);
  const auto kept = [](std::int64_t ms) { return *MarkedMs(TimeMark(ms)); };
  EXPECT_EQ(report.history->slower[0].median_ms, kept(401));
  EXPECT_EQ(report.history->slower_count, 1U);
  const auto payload = nlohmann::json::parse(SerializePayload(report));
  EXPECT_EQ(payload["history"]["slower"][0]["seconds"], 2.5);
  EXPECT_EQ(payload["history"]["slower"][0]["medianSeconds"],
            static_cast<double>(kept(401)) / 1000.0);
  // A slow run that failed is not a time to compare with: the median stays of passing runs.
  report = Run(5, {Case("Sleeps", Status::kFailed, 9000), Case("Quick", Status::kPassed, 5)});
  EXPECT_EQ(report.history->slower[0].median_ms, kept(402));
}

TEST_F(StabilityRuns, AQuarantinedTestThatPassedAFullWindowIsReadyToLeave) {
  options_.window = 3;
  std::vector<std::string> warnings;
  options_.quarantine = ParseQuarantine("Suite.Fixed\nSuite.Still*\n", "q", "2026-12-07", warnings);
  Report report;
  for (int i = 0; i < 3; ++i) {
    report = Run(i, {Case("Fixed", Status::kPassed),
                     Case("StillFlaky", i == 1 ? Status::kFailed : Status::kPassed)});
    EXPECT_EQ(report.ready_to_leave.empty(), i < 2);
  }
  EXPECT_EQ(report.ready_to_leave, std::vector<std::size_t>{0});
  // A quarantined failure is never a new failure.
  report = Run(3, {Case("Fixed", Status::kPassed), Case("StillFlaky", Status::kFailed)});
  EXPECT_EQ(report.history->new_failures_count, 0U);
  EXPECT_EQ(report.history->stability.count("Suite.StillFlaky"), 1U);
}

}  // namespace
}  // namespace gtest_webhook::testing
