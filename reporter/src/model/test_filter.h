// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <string>
#include <vector>

namespace gtest_webhook::detail {

/// GoogleTest's wildcard rule: whether `pattern` (`*` any run of characters, `?` any one)
/// matches the whole of `text`.
bool MatchesPattern(const std::string& pattern, const std::string& text);

/// Matches "Suite.Test" names against GoogleTest filter patterns (`A.*:B.c-B.d`): `*` and `?`
/// wildcards, `:` between patterns, and an optional `-` starting negative patterns.
class TestFilter {
 public:
  /// Parses `patterns`; an empty string matches nothing.
  explicit TestFilter(const std::string& patterns);
  /// True when `full_name` matches a positive pattern and no negative one.
  bool Matches(const std::string& full_name) const;
  /// True when no positive pattern was given.
  bool empty() const { return positive_.empty(); }

 private:
  std::vector<std::string> positive_;
  std::vector<std::string> negative_;
};

}  // namespace gtest_webhook::detail
