// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// History across runs (SPEC §12), with real test binaries sharing a state directory: what
// changed since the last run, flaky tests on one commit, concurrent runs, a corrupt history.

#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <set>

#include "process.h"

namespace gtest_webhook::testing {
namespace {

using Json = nlohmann::json;
using Env = std::map<std::string, std::string>;

constexpr const char* kFirst = "Range/Many.Works/0";

// One run of the many fixture (`failures` of `tests` failing) writing its payload to a file;
// returns the payload's history, and the run's stderr in `err`.
Json RunOnce(const TempDir& state, int failures, const std::string& commit,
             std::string* err = nullptr, int tests = 4) {
  TempDir out;
  const auto run = RunProcess(MANY_FIXTURE, {},
                              {{"MANY_TESTS", std::to_string(tests)},
                               {"MANY_FAILURES", std::to_string(failures)},
                               {"GTEST_WEBHOOK_OUTPUT", out.File("payload.json")},
                               {"GTEST_WEBHOOK_NAME", "nightly"},
                               {"GTEST_WEBHOOK_COMMIT_SHA", commit},
                               {"GTEST_WEBHOOK_STATE_DIR", state.path()}});
  if (err != nullptr) *err = run.err;
  const auto payload = Json::parse(ReadFile(out.File("payload.json")), nullptr, false);
  return payload.is_object() ? payload["history"] : Json();
}

std::string HistoryFile(const TempDir& state) {
  DIR* dir = ::opendir(state.path().c_str());
  std::string found;
  while (dirent* entry = dir == nullptr ? nullptr : ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() > 8 && name.compare(name.size() - 8, 8, ".history") == 0) {
      found = state.File(name);
    }
  }
  if (dir != nullptr) ::closedir(dir);
  return found;
}

TEST(History, PassFailFailPassIsNewThenStillFailingThenFixed) {
  TempDir state;
  const auto first = RunOnce(state, 0, "c1");
  EXPECT_TRUE(first["previous"].is_null());
  EXPECT_EQ(first["newFailuresCount"], 0);

  const auto second = RunOnce(state, 1, "c2");
  EXPECT_EQ(second["newFailures"], Json::array({kFirst}));
  EXPECT_EQ(second["newFailuresCount"], 1);
  EXPECT_EQ(second["previous"]["buildStable"], true);

  const auto third = RunOnce(state, 1, "c3");
  EXPECT_EQ(third["newFailures"], Json::array());
  EXPECT_EQ(third["stillFailing"], Json::array({kFirst}));
  EXPECT_EQ(third["previous"]["buildStable"], false);

  const auto fourth = RunOnce(state, 0, "c4");
  EXPECT_EQ(fourth["fixed"], Json::array({kFirst}));
  EXPECT_EQ(fourth["fixedCount"], 1);
  EXPECT_EQ(fourth["stillFailing"], Json::array());
  EXPECT_EQ(fourth["flaky"], Json::array()) << "different commits: a fix, not flakiness";
}

TEST(History, PassingAndFailingOnOneCommitIsFlaky) {
  TempDir state;
  RunOnce(state, 0, "same");
  const auto failing = RunOnce(state, 1, "same");
  EXPECT_EQ(failing["flaky"], Json::array({kFirst}));
  EXPECT_EQ(failing["flakyCount"], 1);
  const auto passing = RunOnce(state, 0, "same");
  EXPECT_EQ(passing["flaky"], Json::array({kFirst}));
  const auto other = RunOnce(state, 1, "another");
  EXPECT_EQ(other["flaky"], Json::array());
}

TEST(History, EightConcurrentRunsEachFindTheOneBefore) {
  TempDir state;
  std::vector<std::future<Json>> runs;
  for (int i = 0; i < 8; ++i) {
    runs.push_back(std::async(std::launch::async, [&state, i] {
      return RunOnce(state, i % 2, "c" + std::to_string(i), nullptr, 300);
    }));
  }
  std::multiset<std::string> previous;
  for (auto& run : runs) {
    const auto history = run.get();
    ASSERT_TRUE(history.is_object());
    previous.insert(
        history["previous"].is_null() ? "none" : history["previous"]["runId"].get<std::string>());
  }
  // One run came first; every other one found a different run before it: a chain, none lost.
  EXPECT_EQ(previous.count("none"), 1U);
  EXPECT_EQ(std::set<std::string>(previous.begin(), previous.end()).size(), 8U);
  const auto text = ReadFile(HistoryFile(state));
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "gtest-webhook history 3");
  std::getline(lines, line);
  EXPECT_EQ(Json::parse(line)["runs"].size(), 8U);
  int tests = 0;
  while (std::getline(lines, line)) {
    // Eight outcomes, then eight time marks, then the test's key.
    EXPECT_EQ(line.find('\t'), 8U) << line;
    EXPECT_EQ(line.find('\t', 9), 17U) << line;
    ++tests;
  }
  EXPECT_EQ(tests, 300);
}

TEST(History, ACorruptHistoryIsWarnedAboutAndTreatedAsNone) {
  TempDir state;
  RunOnce(state, 1, "c1");
  const auto path = HistoryFile(state);
  ASSERT_FALSE(path.empty());
  std::ofstream(path, std::ios::trunc) << "gtest-webhook history 1\n{\"runs\":[{}]}\nPPP\tbroken\n";
  std::string err;
  const auto history = RunOnce(state, 1, "c2", &err);
  EXPECT_NE(err.find("gtest-webhook: the history '" + path + "' is corrupt; it is treated as none"),
            std::string::npos)
      << err;
  EXPECT_TRUE(history["previous"].is_null());
  EXPECT_EQ(history["newFailures"], Json::array({kFirst}));
  // ... and rewritten whole: the next run compares with this one again.
  const auto next = RunOnce(state, 1, "c3");
  EXPECT_EQ(next["stillFailing"], Json::array({kFirst}));
}

}  // namespace
}  // namespace gtest_webhook::testing
