// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Attempts at a test across processes (SPEC §16): `gtest-webhook run --retry-failed` and
// `ctest --repeat until-pass` run a test that failed again in a new process.

#include <string>
#include <string_view>
#include <vector>

#include "model/process_report.h"

namespace gtest_webhook::detail {

/// Numbers the attempts at each test in `processes` (those marked in `skip` aside). Taken in the
/// order the processes started, an execution of a test (the same binary, suite, name and
/// iteration) whose previous execution did not pass, in a process that started after that one
/// ended, is its next attempt; one after a pass, or in a process that ran beside, is a new run
/// of it, not an attempt. Each test counts once, by its last attempt (`superseded`). A test whose
/// last attempt passed is flaky: its failed attempts are `retried_away`. The test a crashed process
/// was running counts as one of its executions. `--gtest_repeat`'s iterations are never attempts:
/// each has its own iteration.
void NumberAttempts(std::vector<ProcessReport>& processes, const std::vector<bool>& skip);

/// The names (`Suite.Test`) of the tests of `process` that did not pass, known bugs aside, and
/// of the test it was running when it ended early: what `run --retry-failed` runs again.
std::vector<std::string> FailedTests(const ProcessReport& process);

/// A `--gtest_filter` that selects the test named `full_name` (`Suite.Test`): each character
/// the filter gives a meaning (`*` and `?` wildcards, `:` between patterns, `-` before the
/// negative ones) becomes `?`, which matches it. It may select other tests whose names differ
/// only there (`N.A*` also selects `N.AB`): KeepOnlyAttempt drops them from the result.
std::string ExactFilter(std::string_view full_name);

/// Keeps of `process`, one started again for `test` alone, only what is `test`'s: its entries
/// and what happened outside tests. Entries of other tests its filter also selected are
/// dropped, and so is another test that was running when the process ended (the attempt at
/// `test` then did not pass). Returns whether `test` ran in it.
bool KeepOnlyAttempt(ProcessReport& process, const std::string& test);

/// Whether an execution of `test` passed in one of `processes`.
bool AttemptPassed(const std::vector<ProcessReport>& processes, const std::string& test);

}  // namespace gtest_webhook::detail
