// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The history file's bounds: runs and bytes.

#include "state/history.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "model/summary.h"
#include "temp_dir.h"

namespace gtest_webhook::testing {
using namespace detail;  // NOLINT(google-build-using-namespace): the internals under test
using namespace detail;  // NOLINT(google-build-using-namespace): the internals under test
namespace {

Report ARun(std::size_t tests, std::size_t failing, const std::string& id) {
  Report report;
  report.name = "bounded";
  report.run.id = id;
  for (std::size_t i = 0; i < tests; ++i) {
    TestCase test;
    test.class_name = "Suite";
    test.name = "Test" + std::to_string(i);
    test.status = i < failing ? Status::kFailed : Status::kPassed;
    report.test_cases.push_back(test);
  }
  return report;
}

std::string TheHistoryFile(const std::string& directory) {
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".history") return entry.path().string();
  }
  return {};
}

// A state directory of its own, and the warnings recording gave.
class HistoryStore : public ::testing::Test {
 protected:
  HistoryStore() { options_.state_dir = state_.path(); }

  void Record(Report& report, const detail::HistoryLimits& limits = {}) {
    detail::RecordHistory(report, Summarize(report), options_,
                          std::chrono::steady_clock::now() + std::chrono::seconds(10), warnings_,
                          limits);
  }

  std::string File() const { return ReadFile(TheHistoryFile(state_.path())); }

  TempDir state_;
  Options options_;
  std::vector<std::string> warnings_;
};

std::size_t RunsIn(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  std::getline(lines, line);
  return nlohmann::json::parse(line)["runs"].size();
}

// What a chart of the recent runs draws (SPEC §18): each kept run's stability, failures and
// duration, oldest first and this run last, bounded like the file.
TEST_F(HistoryStore, KeepsEachRunsCountsAndDurationForCharts) {
  for (int i = 0; i < 5; ++i) {
    auto report = ARun(10, static_cast<std::size_t>(i), "run" + std::to_string(i));
    report.run.started_at_ms = 1000 * i;
    report.run.finished_at_ms = 1000 * i + 250 + i;
    Record(report, {3, 1U << 20U});
    ASSERT_TRUE(report.history);
    const auto& runs = report.history->runs;
    ASSERT_EQ(runs.size(), std::min<std::size_t>(static_cast<std::size_t>(i) + 1, 3));
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const int n = i + 1 - static_cast<int>(runs.size()) + static_cast<int>(r);
      EXPECT_EQ(runs[r].run_id, "run" + std::to_string(n));
      EXPECT_EQ(runs[r].failures, n);
      EXPECT_EQ(runs[r].tests, 10);
      EXPECT_EQ(runs[r].duration_ms, 250 + n);
      EXPECT_EQ(runs[r].build_stable, n == 0);
    }
  }
}

// A header whose run has a field of another type, a negative count or one past an int is a
// corrupt file, said once and replaced: never an exception that would lose the report, never a
// wrapped number in a chart.
TEST_F(HistoryStore, ARunWithAnImpossibleFieldIsACorruptFile) {
  for (const char* bad : {R"("tests":"ten")", R"("failures":-1)", R"("failures":4294967296)",
                          R"("durationMs":-5)", R"("durationMs":1.5)", R"("runId":7)"}) {
    TempDir state;
    options_.state_dir = state.path();
    auto first = ARun(10, 1, "first");
    Record(first);
    const auto path = TheHistoryFile(state.path());
    auto text = ReadFile(path);
    const std::string field = std::string(bad).substr(0, std::string(bad).find(':') + 1);
    const auto at = text.find(field);
    ASSERT_NE(at, std::string::npos) << field;
    const auto end = text.find_first_of(",}", at);
    text.replace(at, end - at, bad);
    std::ofstream(path, std::ios::trunc | std::ios::binary) << text;
    warnings_.clear();
    auto second = ARun(10, 1, "second");
    Record(second);
    ASSERT_EQ(warnings_.size(), 1U) << bad;
    EXPECT_NE(warnings_[0].find("is corrupt; it is treated as none"), std::string::npos) << bad;
    ASSERT_TRUE(second.history) << bad;
    EXPECT_EQ(second.history->runs.size(), 1U) << bad;
  }
}

// A test's name may hold any byte: a line feed keeps the file readable, and the same test is
// still failing the next run, not new again forever.
TEST_F(HistoryStore, HoldsANameWithALineFeedOrABackslash) {
  for (int i = 0; i < 2; ++i) {
    auto report = ARun(3, 0, "run" + std::to_string(i));
    report.test_cases[0].name = "line\nfeed";
    report.test_cases[0].status = Status::kFailed;
    report.test_cases[1].name = "back\\slash\\n";
    report.test_cases[1].status = Status::kFailed;
    Record(report);
    ASSERT_TRUE(report.history);
    if (i == 1) {
      EXPECT_EQ(report.history->still_failing,
                (std::vector<std::string>{"Suite.line\nfeed", "Suite.back\\slash\\n"}));
      EXPECT_TRUE(report.history->new_failures.empty());
    }
  }
  EXPECT_TRUE(warnings_.empty()) << warnings_.front();
}

// 200 failing tests with 200,000-character names: the file stays within its bound (ids that
// long are kept as their head and a hash), so that the next run still has its history.
TEST_F(HistoryStore, StaysWithinItsBytesWhateverTheNames) {
  for (int i = 0; i < 2; ++i) {
    auto report = ARun(200, 200, "run" + std::to_string(i));
    for (std::size_t t = 0; t < report.test_cases.size(); ++t) {
      report.test_cases[t].name = std::to_string(t) + std::string(200000, 'n');
    }
    Record(report);
    ASSERT_TRUE(report.history);
    if (i == 1) {
      EXPECT_EQ(report.history->still_failing_count, 200U);
      EXPECT_EQ(report.history->runs.size(), 2U);
      // The lists name the tests as the report does.
      ASSERT_FALSE(report.history->still_failing.empty());
      EXPECT_EQ(report.history->still_failing[0], "Suite.0" + std::string(200000, 'n'));
    }
  }
  EXPECT_TRUE(warnings_.empty()) << warnings_.front();
  EXPECT_LT(File().size(), 100U * 1024);
}

// Files of the versions before are still read: version 2 kept no times, version 1 also wrote
// ids as they are.
TEST_F(HistoryStore, ReadsFilesOfTheVersionsBefore) {
  const std::string runs = R"({"runs":[{"runId":"first","finishedAt":1000,"buildStable":false},)"
                           R"({"runId":"then","finishedAt":2000,"buildStable":false}]})";
  for (const auto& [version, slash] : {std::pair{"1", "back\\slash"}, {"2", "back\\\\slash"}}) {
    SCOPED_TRACE(version);
    TempDir state;
    options_.state_dir = state.path();
    auto first = ARun(2, 2, "seed");
    Record(first);
    const auto path = TheHistoryFile(state.path());
    std::ofstream(path, std::ios::trunc | std::ios::binary)
        << "gtest-webhook history " << version << "\n"
        << runs << "\nPF\tSuite.Test0\nFF\tSuite." << slash << "\n";
    auto second = ARun(2, 2, "second");
    second.test_cases[1].name = "back\\slash";
    Record(second);
    ASSERT_TRUE(warnings_.empty()) << warnings_.front();
    EXPECT_EQ(second.history->still_failing_count, 2U);
    EXPECT_EQ(second.history->new_failures_count, 0U);
    // Rewritten in this version: each test with its outcomes and a time mark per run (none for
    // the runs of the older file, and none for a run it failed).
    const auto text = ReadFile(path);
    EXPECT_NE(text.find("PFF\t...\tSuite.Test0\n"), std::string::npos) << text;
    EXPECT_EQ(second.history->stability.at("Suite.Test0").flips, 1);
    options_.state_dir = state_.path();
  }
}

TEST_F(HistoryStore, KeepsTheNewestRuns) {
  for (int i = 0; i < 5; ++i) {
    auto report = ARun(10, i == 4 ? 1 : 0, "run" + std::to_string(i));
    Record(report, {3, 1U << 20U});
    if (i == 4) {
      EXPECT_EQ(report.history->previous->run_id, "run3");
      EXPECT_EQ(report.history->new_failures, std::vector<std::string>{"Suite.Test0"});
    }
  }
  EXPECT_TRUE(warnings_.empty());
  EXPECT_EQ(RunsIn(File()), 3U);
}

TEST_F(HistoryStore, DropsOldRunsThenPassesToStayWithinItsBytes) {
  const detail::HistoryLimits limits{20, 4096};
  for (int i = 0; i < 3; ++i) {
    auto report = ARun(400, 2, "run" + std::to_string(i));  // 400 tests: ~6 KB a run
    Record(report, limits);
    if (i > 0) {
      // Even with only the failing tests kept, what failed before is still failing now.
      EXPECT_EQ(report.history->still_failing_count, 2U);
      EXPECT_EQ(report.history->new_failures_count, 0U);
    }
  }
  const auto text = File();
  EXPECT_LE(text.size(), limits.bytes);
  EXPECT_EQ(RunsIn(text), 1U);
  EXPECT_TRUE(warnings_.empty());
}

TEST_F(HistoryStore, AReportOfSeveralBinariesQualifiesEachTestWithItsBinary) {
  auto report = ARun(2, 2, "merged");
  report.run.binaries = {"a_test", "b_test"};
  report.test_cases[0].binary = "a_test";
  report.test_cases[1].binary = "b_test";
  report.test_cases[1].name = "Test0";  // the same Suite.Test in both: two tests
  Record(report);
  EXPECT_EQ(report.history->new_failures,
            (std::vector<std::string>{"a_test:Suite.Test0", "b_test:Suite.Test0"}));
}

TEST(HistoryBounds, WithoutAStateDirectoryThereIsNoHistoryAndNoWord) {
  Options options;
  options.state_dir.clear();
  auto report = ARun(3, 1, "x");
  std::vector<std::string> warnings;
  {
    const WithoutCacheVariables none;
    detail::RecordHistory(report, Summarize(report), options, std::chrono::steady_clock::now(),
                          warnings);
  }
  EXPECT_FALSE(report.history.has_value());
  EXPECT_TRUE(warnings.empty());
}

}  // namespace
}  // namespace gtest_webhook::testing

namespace gtest_webhook::testing {
namespace {

// A test that failed and passed on its retry (SPEC §16) is flaky, never a new failure.
TEST_F(HistoryStore, ATestRetriedAwayIsFlakyAndNoNewFailure) {
  auto first = ARun(2, 0, "run-1");
  Record(first);
  auto second = ARun(2, 0, "run-2");
  TestCase failed = second.test_cases[1];
  failed.status = Status::kFailed;
  failed.retried_away = true;
  second.test_cases[1].attempt = 2;
  second.test_cases.insert(second.test_cases.begin() + 1, failed);
  Record(second);
  ASSERT_TRUE(second.history.has_value());
  EXPECT_EQ(second.history->flaky, std::vector<std::string>{"Suite.Test1"});
  EXPECT_TRUE(second.history->new_failures.empty());
  EXPECT_EQ(second.history->new_failures_count, 0U);
}

}  // namespace
}  // namespace gtest_webhook::testing
