// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The documented counters of a report (SPEC §4), and what else derives from its entries: flaky
// tests, and the ids tests have in the history.

#include <string>
#include <unordered_set>

#include "model/report.h"

namespace gtest_webhook::detail {

/// The documented counters, derived from a report's test cases.
struct Summary {
  int tests = 0;
  int traces = 0;
  int expected_traces_to_pass = 0;
  int traces_passed = 0;
  int errors = 0;
  int failures = 0;
  int skip = 0;
  int bugs = 0;
  int bugs_passing = 0;
  /// Tests that failed and then passed on a later attempt (SPEC §16).
  int flaky = 0;
  /// Their failed attempts, which count in neither `failures` nor `errors`. Every count above
  /// takes a test once, by its last attempt.
  int retried_away = 0;
  /// Tests in quarantine (SPEC §19) that failed or erred: in neither `failures` nor `errors`.
  int quarantined_failures = 0;
  bool build_stable = false;
};

/// Computes the counters of SPEC §4 from `report`.
Summary Summarize(const Report& report);

/// The tests that both passed and failed in `report` (only a repeated run or merged reports can
/// have one).
TestIdSet FlakyTests(const Report& report);

/// Sets `tagged_flaky` on every execution in `report.test_cases` of a test that both passed and
/// failed (a report with a source leaves this to the source).
void MarkFlaky(Report& report);

/// The id of `test` in `report`'s history: `binary:Suite.Test` when the report covers several
/// executables, `Suite.Test` otherwise.
std::string HistoryId(const Report& report, const TestCase& test);

/// Appends HistoryId(`report`, `test`) to `out`, without a string of its own.
void AppendHistoryId(const Report& report, const TestCase& test, std::string& out);

}  // namespace gtest_webhook::detail
