#pragma once

// Attempts at a test across processes (SPEC §16): `gtest-webhook run --retry-failed` and
// `ctest --repeat until-pass` run a test that failed again in a new process.

#include <vector>

#include "model/process_report.h"

namespace gtest_webhook::detail {

/// Numbers the attempts at each test in `processes` (those marked in `skip` aside). Taken in the
/// order the processes started, an execution of a test (the same binary, suite, name and
/// iteration) whose previous execution did not pass is its next attempt; one after a pass is a
/// new run of it, not an attempt. A test whose last attempt passed is flaky: its failed
/// attempts are `retried_away`. The test a crashed process was running counts as one of its
/// executions. `--gtest_repeat`'s iterations are never attempts: each has its own iteration.
void NumberAttempts(std::vector<ProcessReport>& processes, const std::vector<bool>& skip);

}  // namespace gtest_webhook::detail
