// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/test_filter.h"

namespace gtest_webhook::detail {
namespace {

bool WildcardMatch(const std::string& pattern, const std::string& text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string> SplitPatterns(const std::string& text) {
  std::vector<std::string> patterns;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    auto end = text.find(':', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) patterns.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return patterns;
}

}  // namespace

bool MatchesPattern(const std::string& pattern, const std::string& text) {
  return WildcardMatch(pattern, text);
}

TestFilter::TestFilter(const std::string& patterns) {
  if (patterns.empty()) return;
  const auto dash = patterns.find('-');
  positive_ = SplitPatterns(patterns.substr(0, dash));
  if (dash != std::string::npos) {
    negative_ = SplitPatterns(patterns.substr(dash + 1));
    // As in GoogleTest, "-A.b" alone means "everything except A.b".
    if (positive_.empty()) positive_.emplace_back("*");
  }
}

bool TestFilter::Matches(const std::string& full_name) const {
  const auto any = [&full_name](const std::vector<std::string>& list) {
    for (const auto& pattern : list) {
      if (WildcardMatch(pattern, full_name)) return true;
    }
    return false;
  };
  return any(positive_) && !any(negative_);
}

}  // namespace gtest_webhook::detail
