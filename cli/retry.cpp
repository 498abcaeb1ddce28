// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "retry.h"

#include <string>
#include <utility>
#include <vector>

#include "assemble/attempts.h"
#include "assemble/run/retry_plan.h"
#include "escape.h"
#include "platform/files.h"

namespace gtest_webhook::cli {
namespace {

using detail::RetryCandidate;

// How `process` was started: read while it ran, or, for a process that ended before it could be
// read, the command's own launch when the command is that test binary (the binary says so, or,
// when nothing could tell, the command ran only this process).
const platform::ProcessLaunch* Launch(const detail::RunSession& session,
                                      const detail::ProcessReport& process, bool only) {
  if (const auto* launch = process.pid > 0 ? session.LaunchOf(process.pid) : nullptr) {
    return launch;
  }
  const auto* command = session.CommandLaunch();
  if (command == nullptr) return nullptr;
  const auto& binary = process.report.run.binary;
  return (binary.empty() ? only : platform::ProgramNameOf(command->arguments.front()) == binary)
             ? command
             : nullptr;
}

// Runs `candidate` once more; returns whether it is to be run again (it ran and did not pass).
// Its processes join `processes`, keeping only what is the candidate's own.
bool Attempt(detail::RunSession& session, const detail::RunRequest& request,
             const RetryCandidate& candidate, detail::CommandRun& outcome,
             std::vector<detail::ProcessReport>& processes,
             std::vector<detail::InputProblem>& problems, std::ostream& log) {
  const auto attempt = session.Execute(request, log, &candidate.launch);
  if (!attempt) return false;
  if (attempt->canceled_by != 0) outcome.canceled_by = attempt->canceled_by;
  auto more = session.Processes(*attempt, problems, log);
  bool ran = false;
  for (auto& process : more) {
    // What ran is known, even when the process was gone before anyone could ask it.
    if (process.report.run.binary.empty()) {
      process.report.run.binary = platform::ProgramNameOf(candidate.launch.executable);
    }
    ran = detail::KeepOnlyAttempt(process, candidate.test) || ran;
  }
  const bool passed = detail::AttemptPassed(more, candidate.test);
  for (auto& process : more) processes.push_back(std::move(process));
  if (!ran && attempt->canceled_by == 0) {
    detail::PrintLine(log, "gtest-webhook run: --retry-failed: " + candidate.test +
                               " did not run again (no filter selects it alone); it stays "
                               "failed");
  }
  return ran && !passed;
}

}  // namespace

int RetryFailed(detail::RunSession& session, const detail::RunRequest& request,
                const std::vector<QuarantineEntry>& quarantine, detail::CommandRun& outcome,
                std::vector<detail::ProcessReport>& processes,
                std::vector<detail::InputProblem>& problems, std::ostream& log) {
  auto plan = detail::PlanRetries(
      processes,
      [&session](const detail::ProcessReport& process, bool only) {
        return Launch(session, process, only);
      },
      session.RunOutput(), quarantine);
  if (plan.unknown > 0) {
    detail::PrintLine(log, "gtest-webhook run: --retry-failed: " + std::to_string(plan.unknown) +
                               " failed test(s) cannot be run again: how their process was "
                               "started could not be read");
  }
  auto candidates = std::move(plan.candidates);
  const int retried = static_cast<int>(candidates.size());
  for (int attempt = 2; attempt <= request.retries + 1 && !candidates.empty(); ++attempt) {
    if (session.Cancelled()) break;
    detail::PrintLine(log, "gtest-webhook run: running " + std::to_string(candidates.size()) +
                               " failed test(s) again, attempt " + std::to_string(attempt) +
                               " of " + std::to_string(request.retries + 1) + ": " +
                               detail::RetryNames(candidates));
    std::vector<RetryCandidate> still;
    for (auto& candidate : candidates) {
      if (session.Cancelled()) break;
      if (Attempt(session, request, candidate, outcome, processes, problems, log)) {
        still.push_back(std::move(candidate));
      }
    }
    candidates = std::move(still);
  }
  // A signal that came between two attempts cancels the run as one during an attempt does.
  if (session.Cancelled() && outcome.canceled_by == 0) outcome.canceled_by = session.FirstSignal();
  return retried;
}

}  // namespace gtest_webhook::cli
