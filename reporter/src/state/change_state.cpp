// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "state/change_state.h"

#include <nlohmann/json.hpp>

#include "model/text.h"
#include "state/state_dir.h"

namespace gtest_webhook::detail {
namespace {

// A state file holds one small JSON object; more is not a state file.
constexpr std::uint64_t kStateFileBytes = 64 * 1024;

}  // namespace

ChangeState ChangeState::Open(const Options& options, const std::string& report_name,
                              const std::string& reporter_key,
                              std::chrono::steady_clock::time_point deadline,
                              std::vector<std::string>& warnings) {
  ChangeState state;
  state.report_name_ = report_name;
  std::string why;
  auto directory = OpenStateDirectory(options, why);
  if (!directory) {
    warnings.push_back(StateDirectoryProblem(why));
    return state;
  }
  const auto name = StateFileName(report_name, reporter_key);
  state.lock_ = directory->Lock(name + ".lock", deadline, why, warnings);
  if (!state.lock_) {
    warnings.push_back("GTEST_WEBHOOK_STATE_DIR: cannot lock the state in '" + directory->path() +
                       "' (" + why + "); when=changes treats this run as a change");
    return state;
  }
  std::string content;
  const auto read = directory->Read(name, kStateFileBytes, content, why);
  state.directory_ = std::move(directory);
  state.name_ = name;
  if (read == platform::ReadOutcome::kMissing) return state;  // never delivered: a change
  const auto json = read == platform::ReadOutcome::kRead
                        ? nlohmann::json::parse(content, nullptr, false)
                        : nlohmann::json();
  if (json.is_object() && json.contains("buildStable") && json["buildStable"].is_boolean()) {
    state.last_delivered_ = json["buildStable"].get<bool>();
  } else {
    warnings.push_back(
        "state file '" + state.directory_->PathOf(name) + "' " +
        (read == platform::ReadOutcome::kRead ? "is corrupt" : "cannot be read (" + why + ")") +
        "; when=changes treats this run as a change");
  }
  return state;
}

void ChangeState::Save(bool build_stable, std::vector<std::string>& warnings) {
  if (!lock_) return;
  const nlohmann::json json = {{"name", report_name_},
                               {"buildStable", build_stable},
                               {"deliveredAt", FormatUtc(NowUnixMs())}};
  std::string why;
  auto file = directory_->Write(name_, platform::Access::kPrivate, why);
  if (file) {
    file->Write(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    why = file->Commit();
  }
  if (!why.empty()) {
    warnings.push_back("cannot save state file '" + directory_->PathOf(name_) + "' (" + why +
                       "); the next run will count as a change");
    return;
  }
  last_delivered_ = build_stable;
}

}  // namespace gtest_webhook::detail
