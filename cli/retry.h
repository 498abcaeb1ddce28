// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <ostream>
#include <vector>

#include "assemble/run/run_session.h"
#include "model/process_report.h"

namespace gtest_webhook::cli {

/// `run --retry-failed N` (SPEC §16): runs each test of `processes` that PlanRetries plans
/// (those in `quarantine` aside) again, until it passes or has had `request.retries` more
/// attempts; only the results of the test itself count. The processes of those attempts
/// join `processes`, and their problems `problems`. Returns the number of tests run again. A SIGINT
/// or SIGTERM during the retries cancels the run as one during the command does: it stops them, and
/// `outcome.canceled_by` says which signal came.
int RetryFailed(detail::RunSession& session, const detail::RunRequest& request,
                const std::vector<QuarantineEntry>& quarantine, detail::CommandRun& outcome,
                std::vector<detail::ProcessReport>& processes,
                std::vector<detail::InputProblem>& problems, std::ostream& log);

}  // namespace gtest_webhook::cli
