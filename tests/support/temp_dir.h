// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Temporary directories and reading files, for tests on every system.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gtest_webhook::testing {

/// A fresh directory under the system temp directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// `path()` + "/" + `name`.
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// A fresh directory below `base` whose name starts with `prefix`; aborts when none can be made.
std::string MakeUniqueDirectory(const std::string& base, const std::string& prefix);

/// Sets (or, `value` absent, removes) environment variable `name` of this process.
void SetVariable(const std::string& name, const std::string* value);
/// The variables the default state directory comes from on this system: HOME and
/// XDG_CACHE_HOME on POSIX, LOCALAPPDATA on Windows.
std::vector<std::string> CacheVariables();

/// Removes every variable of `CacheVariables()` for its lifetime, except that the first (HOME;
/// LOCALAPPDATA) is `home` when given, then puts back what was there: a run with no private
/// place for state, or a missing one.
class WithoutCacheVariables {
 public:
  explicit WithoutCacheVariables(const std::string* home = nullptr);
  ~WithoutCacheVariables();
  WithoutCacheVariables(const WithoutCacheVariables&) = delete;
  WithoutCacheVariables& operator=(const WithoutCacheVariables&) = delete;

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

/// The contents of `path`, empty when unreadable.
std::string ReadFile(const std::string& path);

}  // namespace gtest_webhook::testing
