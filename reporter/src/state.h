#pragma once

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

/// The state directory: `options.state_dir`, else `$XDG_CACHE_HOME/gtest-webhook`, else
/// `$HOME/.cache/gtest-webhook` when HOME is an existing directory. Empty, with `why`, when there
/// is none: never a directory other users share, never a HOME that does not exist.
std::string StateDirectory(const Options& options, std::string& why);

/// The state directory (StateDirectory), created when missing and opened so that nothing in it
/// is reached through a symbolic link. nullptr, with `why` ("cannot use '…' (…)"), when there is
/// none, when it cannot be made, or when others could write in it
/// (platform::DirectoryUse::kPrivate).
std::unique_ptr<platform::Directory> OpenStateDirectory(const Options& options, std::string& why);

/// The line that says the state directory cannot be used (`why`, from OpenStateDirectory), and
/// what goes without it; the same wherever it is found, so that it is printed once.
std::string StateDirectoryProblem(const std::string& why);

/// What tells reporter `index` of `options` apart in the state directory: its URL, and for a
/// second reporter with the same URL, its ordinal among them, so that each keeps its own state.
std::string StateKey(const Options& options, std::size_t index);

/// The hash that names reporter `index` of `options` in the state directory (its outbox): 16 hex
/// digits of its StateKey, from which the URL cannot be read back.
std::string ReporterHash(const Options& options, std::size_t index);

/// The state file's name for `report_name` and the reporter `reporter_key` names: readable, and
/// free of the URL (only a hash of it).
std::string StateFileName(const std::string& report_name, const std::string& reporter_key);

}  // namespace gtest_webhook::detail
