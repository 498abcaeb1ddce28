// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The shorthand front end: GTEST_WEBHOOK_URL and its companion variables, one reporter.

#include "config/shorthand.h"

#include "config/reporters.h"

namespace gtest_webhook::detail {

std::optional<ReporterDescription> ShorthandReporter(const EnvLookup& env, Problems& problems) {
  const bool has_url = NonBlank(env, "GTEST_WEBHOOK_URL").has_value();
  ReporterDescription description;
  description.shorthand = true;
  description.where = "GTEST_WEBHOOK_URL";
  for (const auto& key : kReporterKeys) {
    auto value = env(key.variable);
    if (!value) continue;
    const bool blank = Trim(*value).empty();
    if (!has_url) {
      if (!blank)
        problems.push_back(std::string(key.variable) +
                           " is set but GTEST_WEBHOOK_URL is not; it is ignored");
      continue;
    }
    // A blank credential is kept (empty), so that the validator disables the reporter; any
    // other blank variable counts as unset.
    if (blank && !key.credential) continue;
    if (blank) value->clear();
    if (std::string(key.key) == "headers") {
      try {
        description.headers = nlohmann::json::parse(*value);
        description.headers_where = key.variable;
      } catch (const nlohmann::json::parse_error& error) {
        problems.push_back("GTEST_WEBHOOK_HEADERS is not valid JSON (" + DescribeParseError(error) +
                           "); headers are ignored");
      }
      continue;
    }
    description.settings[key.key] = Setting{*value, key.variable, false};
  }
  if (!has_url) return std::nullopt;
  return description;
}

}  // namespace gtest_webhook::detail
