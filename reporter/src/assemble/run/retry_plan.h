// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What `gtest-webhook run --retry-failed` runs again (SPEC §16), decided from the test processes
// the command ran and how each was started; the command runs the plan.

#include <functional>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/process_report.h"
#include "platform/process.h"

namespace gtest_webhook::detail {

/// A test to run again, alone, and how.
struct RetryCandidate {
  /// `Suite.Test`.
  std::string test;
  platform::ProcessLaunch launch;
};

/// The tests to run again.
struct RetryPlan {
  std::vector<RetryCandidate> candidates;
  /// Failed tests that cannot run again: how their process was started is not known.
  int unknown = 0;
};

/// How `process` was started, `only` when it is the command's one process; nullptr when that
/// is not known.
using LaunchLookup =
    std::function<const platform::ProcessLaunch*(const ProcessReport& process, bool only)>;

/// Plans to run again, once each, every test that failed, errored or was running when its
/// process crashed in `processes` (see FailedTests), but known bugs and the tests `quarantine`
/// names (SPEC §19): alone, in a process started as its own was (RetryLaunch). A process
/// without a binary's name is given its executable's, so that its attempts are known as the
/// same tests.
RetryPlan PlanRetries(std::vector<ProcessReport>& processes, const LaunchLookup& launch_of,
                      const std::string& run_output,
                      const std::vector<QuarantineEntry>& quarantine);

/// `launch` for `test` alone: its filter, sharding and output file dropped (but the run's own
/// output, `run_output`, where GoogleTest writes a file of its own for each process, never one
/// the user's tools read), and a filter that selects `test` (ExactFilter) added.
platform::ProcessLaunch RetryLaunch(const platform::ProcessLaunch& launch, const std::string& test,
                                    const std::string& run_output);

/// The tests of `candidates` for one line: the first five, and how many more.
std::string RetryNames(const std::vector<RetryCandidate>& candidates);

}  // namespace gtest_webhook::detail
