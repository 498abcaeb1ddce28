// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/summary.h"

#include <map>
#include <unordered_map>

namespace gtest_webhook::detail {

Summary Summarize(const Report& report) {
  struct Trace {
    bool expected = false;  // has an execution that is not a known bug
    bool broken = false;    // one of those failed
  };
  // A trace is a (binary, suite) pair: the same suite name in two executables is two suites.
  std::map<std::pair<std::string, std::string>, Trace> traces;
  Summary summary;
  const auto count = TestCaseCount(report);
  TestCase scratch;
  Trace* current = nullptr;  // the last suite's: executions of a suite mostly come together
  std::pair<std::string, std::string> trace_key;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& test = TestCaseAt(report, i, scratch);
    if (!IsLastAttempt(test)) {
      // An earlier attempt: the test counts once, by its last one (SPEC §16).
      if (test.retried_away) ++summary.retried_away;
      continue;
    }
    ++summary.tests;
    if (test.status == Status::kSkipped) ++summary.skip;
    if (test.attempt > 1 && test.status == Status::kPassed) ++summary.flaky;
    if (test.tagged_bug) {
      ++summary.bugs;
      if (test.status == Status::kPassed) ++summary.bugs_passing;
    } else if (test.quarantined) {
      if (IsProblem(test.status)) ++summary.quarantined_failures;
    } else if (test.status == Status::kFailed) {
      ++summary.failures;
    } else if (test.status == Status::kError) {
      ++summary.errors;
    }
    if (test.class_name == kEnvironmentClassName) continue;
    if (current == nullptr || test.class_name != trace_key.second ||
        test.binary != trace_key.first) {
      trace_key = {test.binary, test.class_name};
      current = &traces[trace_key];
    }
    if (!test.tagged_bug) {
      current->expected = true;
      current->broken =
          current->broken || (IsProblem(test.status) && !test.retried_away && !test.quarantined);
    }
  }
  summary.traces = static_cast<int>(traces.size());
  for (const auto& [key, trace] : traces) {
    if (!trace.expected) continue;
    ++summary.expected_traces_to_pass;
    if (!trace.broken) ++summary.traces_passed;
  }
  summary.build_stable =
      summary.failures + summary.errors == 0 && report.run.status == RunStatus::kFinished;
  return summary;
}

void AppendHistoryId(const Report& report, const TestCase& test, std::string& out) {
  if (report.run.binaries.size() > 1 && !test.binary.empty())
    out.append(test.binary).append(1, ':');
  out.append(test.class_name).append(1, '.').append(test.name);
}

std::string HistoryId(const Report& report, const TestCase& test) {
  std::string id;
  AppendHistoryId(report, test, id);
  return id;
}

TestIdSet FlakyTests(const Report& report) {
  const auto count = TestCaseCount(report);
  TestCase scratch;
  // Only a run with both a passing and a failing execution can have a flaky test; most runs
  // are all green, and they skip the name map.
  bool passed = false;
  bool failed = false;
  for (std::size_t i = 0; i < count && !(passed && failed); ++i) {
    const auto status = TestCaseAt(report, i, scratch).status;
    passed = passed || status == Status::kPassed;
    failed = failed || IsProblem(status);
  }
  TestIdSet flaky;
  if (!passed || !failed) return flaky;
  struct Seen {
    bool passed = false;
    bool failed = false;
  };
  std::unordered_map<TestId, Seen, TestIdHash> seen;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& test = TestCaseAt(report, i, scratch);
    auto& entry = seen[IdOf(test)];
    entry.passed = entry.passed || test.status == Status::kPassed;
    entry.failed = entry.failed || IsProblem(test.status);
  }
  for (const auto& [id, entry] : seen) {
    if (entry.passed && entry.failed) flaky.insert(id);
  }
  return flaky;
}

void MarkFlaky(Report& report) {
  if (report.source) return;
  const auto flaky = FlakyTests(report);
  for (auto& test : report.test_cases) {
    test.tagged_flaky = !flaky.empty() && flaky.count(IdOf(test)) != 0;
  }
}

}  // namespace gtest_webhook::detail
