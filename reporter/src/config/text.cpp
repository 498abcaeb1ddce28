// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "config/text.h"

#include <algorithm>
#include <cctype>

#include "model/url.h"

namespace gtest_webhook::detail {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Shown(const std::string& value) {
  constexpr std::size_t kMaxShown = 80;
  std::string shown;
  for (const char c : value.substr(0, kMaxShown)) {
    shown += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  }
  if (value.size() > kMaxShown) shown += "...";
  return "'" + shown + "'";
}

std::string ShownUrl(const std::string& url) { return "'" + MaskUrl(url) + "'"; }

std::string DescribeParseError(const nlohmann::json::parse_error& error) {
  std::string what = error.what();
  const auto last_read = what.find("; last read: ");
  if (last_read != std::string::npos) {
    const auto expected = what.find("; expected ", last_read + 1);
    what.erase(last_read, expected == std::string::npos ? std::string::npos : expected - last_read);
  }
  const auto bracket = what.find("] ");
  if (bracket != std::string::npos) what.erase(0, bracket + 2);
  return what;
}

bool IsOn(const std::string& text) {
  const auto v = Lower(Trim(text));
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

bool IsOff(const std::string& text) {
  const auto v = Lower(Trim(text));
  return v == "0" || v == "false" || v == "no" || v == "off";
}

std::optional<std::string> NonBlank(const EnvLookup& env, const std::string& name) {
  auto value = env(name);
  if (value && Trim(*value).empty()) return std::nullopt;
  return value;
}

}  // namespace gtest_webhook::detail
