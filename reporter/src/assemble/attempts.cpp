// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/attempts.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace gtest_webhook::detail {
namespace {

// The attempts at one test so far, the last one last.
using Attempts = std::vector<TestCase*>;

// Each test counts once, by its last attempt. One whose last attempt passed after failed ones is
// flaky: every attempt says so, and the failed ones do not count.
void Settle(const Attempts& attempts) {
  for (std::size_t i = 0; i + 1 < attempts.size(); ++i) attempts[i]->superseded = true;
  if (attempts.size() < 2 || attempts.back()->status != Status::kPassed) return;
  for (auto* attempt : attempts) {
    attempt->tagged_flaky = true;
    attempt->retried_away = IsProblem(attempt->status);
  }
}

// Whether process `later` ran beside `earlier` (it started before that one ended), so that it
// cannot be a retry of what failed there. A time of 0 is not known, and taken as after; one
// process's attempts (JUnit's flakyFailure) are one after the other.
bool Beside(const RunInfo& earlier, const RunInfo& later) {
  return &earlier != &later && earlier.finished_at_ms > 0 && later.started_at_ms > 0 &&
         later.started_at_ms < earlier.finished_at_ms;
}

}  // namespace

void NumberAttempts(std::vector<ProcessReport>& processes, const std::vector<bool>& skip) {
  std::vector<std::size_t> order(processes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return processes[a].report.run.started_at_ms < processes[b].report.run.started_at_ms;
  });
  // Each test's attempts so far, and the process of the last one.
  struct Test {
    Attempts attempts;
    const RunInfo* last_run = nullptr;
  };
  std::unordered_map<AttemptKey, Test, AttemptKeyHash> tests;
  const auto visit = [&](TestCase& test, const RunInfo& run) {
    if (test.outside_test) return;
    AttemptKey key{IdOf(test), test.iteration};
    if (key.test.binary.empty()) key.test.binary = run.binary;  // the process's own
    auto& [attempts, last_run] = tests[std::move(key)];
    if (!attempts.empty() &&
        (attempts.back()->status == Status::kPassed ||
         attempts.back()->status == Status::kSkipped || Beside(*last_run, run))) {
      // Run again after it passed, or beside it (processes that ran at once, not one after the
      // other's failure): a new run of the test, not an attempt.
      Settle(attempts);
      attempts.clear();
    }
    last_run = &run;
    if (!attempts.empty()) test.attempt = std::max(test.attempt, attempts.back()->attempt + 1);
    attempts.push_back(&test);
  };
  for (const auto i : order) {
    if (skip[i]) continue;
    auto& process = processes[i];
    for (auto& test : process.report.test_cases) visit(test, process.report.run);
    if (process.running && !process.finished) {
      // It becomes the process's culprit, an error (see Merge).
      process.running->status = Status::kError;
      visit(*process.running, process.report.run);
    }
  }
  for (const auto& [key, test] : tests) Settle(test.attempts);
}

std::vector<std::string> FailedTests(const ProcessReport& process) {
  std::vector<std::string> failed;
  for (const auto& test : process.report.test_cases) {
    if (!test.outside_test && !test.tagged_bug && IsProblem(test.status)) {
      failed.push_back(FullName(test));
    }
  }
  if (!process.finished && process.running && !process.running->outside_test) {
    failed.push_back(FullName(*process.running));
  }
  return failed;
}

std::string ExactFilter(std::string_view full_name) {
  std::string filter(full_name);
  for (auto& c : filter) {
    if (c == '*' || c == '?' || c == ':' || c == '-') c = '?';
  }
  return filter;
}

bool KeepOnlyAttempt(ProcessReport& process, const std::string& test) {
  auto& entries = process.report.test_cases;
  entries.erase(std::remove_if(entries.begin(), entries.end(),
                               [&test](const TestCase& entry) {
                                 return !entry.outside_test && FullName(entry) != test;
                               }),
                entries.end());
  bool ran = std::any_of(entries.begin(), entries.end(), [&test](const TestCase& entry) {
    return !entry.outside_test && FullName(entry) == test;
  });
  if (!process.finished && process.running && !process.running->outside_test) {
    if (FullName(*process.running) == test) {
      ran = true;
    } else {
      // It ended in another test the filter selected: not this test's attempt to blame, but no
      // pass of it either.
      process.running.reset();
      process.finished = true;
    }
  }
  return ran;
}

bool AttemptPassed(const std::vector<ProcessReport>& processes, const std::string& test) {
  for (const auto& process : processes) {
    for (const auto& entry : process.report.test_cases) {
      if (entry.status == Status::kPassed && !entry.outside_test && FullName(entry) == test) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace gtest_webhook::detail
