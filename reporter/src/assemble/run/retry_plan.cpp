// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/run/retry_plan.h"

#include <algorithm>
#include <set>
#include <utility>

#include "assemble/attempts.h"
#include "model/selection/gtest_args.h"
#include "model/selection/quarantine.h"
#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

// Whether `test` of a process of `binary` is in quarantine.
bool Quarantined(const std::vector<QuarantineEntry>& quarantine, const std::string& binary,
                 const std::string& test) {
  if (quarantine.empty()) return false;
  const auto id = binary.empty() ? test : binary + ":" + test;
  return QuarantineOf(quarantine, id, test) < quarantine.size();
}

}  // namespace

platform::ProcessLaunch RetryLaunch(const platform::ProcessLaunch& launch, const std::string& test,
                                    const std::string& run_output) {
  platform::ProcessLaunch again = launch;
  again.arguments.clear();
  for (std::size_t i = 0; i < launch.arguments.size();) {
    const auto flag = i > 0 ? GtestFlagAt(launch.arguments, i) : std::nullopt;
    if (flag && (flag->name == "filter" || flag->name == "output")) {
      i += flag->arguments;
      continue;
    }
    again.arguments.push_back(launch.arguments[i++]);
  }
  again.arguments.push_back("--gtest_filter=" + ExactFilter(test));
  const std::set<std::string> dropped = {"GTEST_FILTER", "GTEST_OUTPUT", "GTEST_TOTAL_SHARDS",
                                         "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE"};
  const auto is_dropped = [&](const auto& variable) {
    const bool run_own =
        variable.first == "GTEST_OUTPUT" && !run_output.empty() && variable.second == run_output;
    return dropped.count(variable.first) != 0 && !run_own;
  };
  again.environment.erase(
      std::remove_if(again.environment.begin(), again.environment.end(), is_dropped),
      again.environment.end());
  return again;
}

RetryPlan PlanRetries(std::vector<ProcessReport>& processes, const LaunchLookup& launch_of,
                      const std::string& run_output,
                      const std::vector<QuarantineEntry>& quarantine) {
  RetryPlan plan;
  std::set<std::pair<std::string, std::string>> seen;
  for (auto& process : processes) {
    auto failed = FailedTests(process);
    if (failed.empty()) continue;
    const auto* launch = launch_of(process, processes.size() == 1);
    if (launch == nullptr) {
      plan.unknown += static_cast<int>(failed.size());
      continue;
    }
    auto& binary = process.report.run.binary;
    if (binary.empty()) binary = platform::ProgramNameOf(launch->executable);
    for (auto& test : failed) {
      if (Quarantined(quarantine, binary, test)) continue;
      if (seen.insert({launch->executable, test}).second) {
        auto again = RetryLaunch(*launch, test, run_output);
        plan.candidates.push_back({std::move(test), std::move(again)});
      }
    }
  }
  return plan;
}

std::string RetryNames(const std::vector<RetryCandidate>& candidates) {
  constexpr std::size_t kNamed = 5;
  std::string names;
  for (std::size_t i = 0; i < candidates.size() && i < kNamed; ++i) {
    names += (i == 0 ? "" : ", ") + candidates[i].test;
  }
  if (candidates.size() > kNamed) {
    names += " and " + std::to_string(candidates.size() - kNamed) + " more";
  }
  return names;
}

}  // namespace gtest_webhook::detail
