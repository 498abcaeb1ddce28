// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <ostream>
#include <vector>

#include "model/process_report.h"
#include "run_session.h"

namespace gtest_webhook::cli {

/// `run --retry-failed N` (SPEC §16): runs each test that failed (or errored, or was running
/// when its process crashed) in `processes` again, alone, in a new process started as the one it
/// failed in was (its executable, arguments less the filter and the output file, working
/// directory and environment) with a filter that selects that test (only its results count),
/// until it passes or has had `request.retries` more attempts. The processes of those attempts
/// join `processes`, and their problems `problems`. Returns the number of tests run again. A SIGINT
/// or SIGTERM during the retries cancels the run as one during the command does: it stops them, and
/// `outcome.canceled_by` says which signal came.
int RetryFailed(RunSession& session, const RunRequest& request, detail::CommandRun& outcome,
                std::vector<detail::ProcessReport>& processes,
                std::vector<detail::InputProblem>& problems, std::ostream& log);

}  // namespace gtest_webhook::cli
