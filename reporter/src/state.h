#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

/// The `when=changes` memory of one reporter for one report name: the `buildStable` it last
/// delivered. Holds an exclusive lock on its state from `Open` until destruction, so that
/// concurrent test binaries sharing the directory decide and record one after another.
class ChangeState {
 public:
  /// Opens (creating the directory if needed) and locks the state of `url` for `report_name`,
  /// waiting at most until `deadline`. Problems become `warnings` and leave no state.
  static ChangeState Open(const Options& options, const std::string& report_name,
                          const std::string& url, std::chrono::steady_clock::time_point deadline,
                          std::vector<std::string>& warnings);

  ChangeState(ChangeState&& other) noexcept;
  ChangeState& operator=(ChangeState&&) = delete;
  ChangeState(const ChangeState&) = delete;
  ChangeState& operator=(const ChangeState&) = delete;
  ~ChangeState();

  /// The `buildStable` last delivered, or `std::nullopt` when there is no (usable) state.
  const std::optional<bool>& last_delivered() const { return last_delivered_; }

  /// Records that `build_stable` was delivered: a temporary file renamed over the state file.
  void Save(bool build_stable, std::vector<std::string>& warnings);

 private:
  ChangeState() = default;
  std::string path_;
  int lock_fd_ = -1;
  std::string report_name_;
  std::optional<bool> last_delivered_;
};

/// The state directory: `options.state_dir`, or `${XDG_CACHE_HOME:-$HOME/.cache}/gtest-webhook`.
std::string StateDirectory(const Options& options);

/// The state file's name for `report_name` and `url`: readable, and free of the URL (only a
/// hash of it).
std::string StateFileName(const std::string& report_name, const std::string& url);

}  // namespace gtest_webhook::detail
