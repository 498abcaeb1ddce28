// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "retry.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "assemble/attempts.h"
#include "escape.h"
#include "platform/files.h"

namespace gtest_webhook::cli {
namespace {

// A test to run again, and how.
struct Candidate {
  std::string test;
  platform::ProcessLaunch launch;
};

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// GoogleTest takes `--gtest_NAME=V`, `-gtest_NAME=V` and the value as the next argument.
bool IsFlag(const std::string& argument, const std::string& name, bool& takes_next) {
  for (const auto* dashes : {"--", "-"}) {
    const auto flag = dashes + name;
    if (argument == flag) {
      takes_next = true;
      return true;
    }
    if (StartsWith(argument, flag + "=")) return true;
  }
  return false;
}

// `launch` for `test` alone: no filter or shard, and no output file but the run's own (where
// GoogleTest writes a file of its own for each process), never one the user's tools read.
platform::ProcessLaunch Again(const platform::ProcessLaunch& launch, const std::string& test,
                              const std::string& run_output) {
  platform::ProcessLaunch again = launch;
  again.arguments.clear();
  for (std::size_t i = 0; i < launch.arguments.size(); ++i) {
    bool takes_next = false;
    if (i > 0 && (IsFlag(launch.arguments[i], "gtest_filter", takes_next) ||
                  IsFlag(launch.arguments[i], "gtest_output", takes_next))) {
      if (takes_next) ++i;
      continue;
    }
    again.arguments.push_back(launch.arguments[i]);
  }
  again.arguments.push_back("--gtest_filter=" + detail::ExactFilter(test));
  const std::set<std::string> dropped = {"GTEST_FILTER", "GTEST_OUTPUT", "GTEST_TOTAL_SHARDS",
                                         "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE"};
  again.environment.erase(std::remove_if(again.environment.begin(), again.environment.end(),
                                         [&](const auto& variable) {
                                           return dropped.count(variable.first) != 0 &&
                                                  !(variable.first == "GTEST_OUTPUT" &&
                                                    !run_output.empty() &&
                                                    variable.second == run_output);
                                         }),
                          again.environment.end());
  return again;
}

// How `process` was started: read while it ran, or, for a process that ended before it could be
// read, the command's own launch when the command is that test binary (the binary says so, or,
// when nothing could tell, the command ran only this process).
const platform::ProcessLaunch* Launch(const RunSession& session,
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

std::vector<Candidate> Candidates(const RunSession& session,
                                  std::vector<detail::ProcessReport>& processes,
                                  std::ostream& log) {
  std::vector<Candidate> candidates;
  std::set<std::pair<std::string, std::string>> seen;
  int unknown = 0;
  for (auto& process : processes) {
    const auto failed = detail::FailedTests(process);
    if (failed.empty()) continue;
    const auto* launch = Launch(session, process, processes.size() == 1);
    if (launch == nullptr) {
      unknown += static_cast<int>(failed.size());
      continue;
    }
    // Named, so that its attempts are known as the same tests.
    auto& binary = process.report.run.binary;
    if (binary.empty()) binary = platform::ProgramNameOf(launch->executable);
    for (const auto& test : failed) {
      if (seen.insert({launch->executable, test}).second) {
        candidates.push_back({test, Again(*launch, test, session.RunOutput())});
      }
    }
  }
  if (unknown > 0) {
    detail::PrintLine(log, "gtest-webhook run: --retry-failed: " + std::to_string(unknown) +
                               " failed test(s) cannot be run again: how their process was "
                               "started could not be read");
  }
  return candidates;
}

std::string Names(const std::vector<Candidate>& candidates) {
  std::string names;
  for (std::size_t i = 0; i < candidates.size() && i < 5; ++i) {
    names += (i == 0 ? "" : ", ") + candidates[i].test;
  }
  if (candidates.size() > 5) names += " and " + std::to_string(candidates.size() - 5) + " more";
  return names;
}

// Runs `candidate` once more; returns whether it is to be run again (it ran and did not pass).
// Its processes join `processes`, keeping only what is the candidate's own.
bool Attempt(RunSession& session, const RunRequest& request, const Candidate& candidate,
             detail::CommandRun& outcome, std::vector<detail::ProcessReport>& processes,
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

int RetryFailed(RunSession& session, const RunRequest& request, detail::CommandRun& outcome,
                std::vector<detail::ProcessReport>& processes,
                std::vector<detail::InputProblem>& problems, std::ostream& log) {
  auto candidates = Candidates(session, processes, log);
  const int retried = static_cast<int>(candidates.size());
  for (int attempt = 2; attempt <= request.retries + 1 && !candidates.empty(); ++attempt) {
    if (session.Cancelled()) break;
    detail::PrintLine(log, "gtest-webhook run: running " + std::to_string(candidates.size()) +
                               " failed test(s) again, attempt " + std::to_string(attempt) +
                               " of " + std::to_string(request.retries + 1) + ": " +
                               Names(candidates));
    std::vector<Candidate> still;
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
