// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The `when=changes` memory (SPEC §5): what each reporter last delivered, per report name.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "platform/files.h"

namespace gtest_webhook::detail {

/// The `when=changes` memory of one reporter for one report name: the `buildStable` it last
/// delivered. Holds an exclusive lock on its state from `Open` until destruction, so that
/// concurrent test binaries sharing the directory decide and record one after another.
class ChangeState {
 public:
  /// Opens (creating the directory if needed) and locks the state of the reporter that
  /// `reporter_key` names (StateKey) for `report_name`, waiting at most until `deadline`.
  /// Problems become `warnings` and leave no state.
  static ChangeState Open(const Options& options, const std::string& report_name,
                          const std::string& reporter_key,
                          std::chrono::steady_clock::time_point deadline,
                          std::vector<std::string>& warnings);

  /// The `buildStable` last delivered, or `std::nullopt` when there is no (usable) state.
  const std::optional<bool>& last_delivered() const { return last_delivered_; }

  /// Records that `build_stable` was delivered: a temporary file renamed over the state file.
  void Save(bool build_stable, std::vector<std::string>& warnings);

 private:
  ChangeState() = default;
  std::unique_ptr<platform::Directory> directory_;
  std::string name_;  // the state file's, in directory_
  std::unique_ptr<platform::FileLock> lock_;
  std::string report_name_;
  std::optional<bool> last_delivered_;
};

}  // namespace gtest_webhook::detail
