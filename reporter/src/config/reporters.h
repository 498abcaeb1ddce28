// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Reporters are configured two ways: the shorthand variables (one reporter) and the entries of
// GTEST_WEBHOOK_REPORTERS. Each way is a front end that turns its input into the same neutral
// ReporterDescription; one validator turns a description into a WebhookReporter or says why
// it cannot.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/text.h"
#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

/// One key a reporter has, by its name in a list entry and its shorthand variable.
struct ReporterKey {
  const char* key;
  const char* variable;
  /// A credential: empty means it did not come through, so the reporter is disabled rather
  /// than sending without it.
  bool credential;
};

/// Every reporter key, in the order problem lines name them.
inline constexpr ReporterKey kReporterKeys[] = {
    {"url", "GTEST_WEBHOOK_URL", false},
    {"when", "GTEST_WEBHOOK_WHEN", false},
    {"secretKey", "GTEST_WEBHOOK_SECRET", true},
    {"username", "GTEST_WEBHOOK_USERNAME", true},
    {"password", "GTEST_WEBHOOK_PASSWORD", true},
    {"headers", "GTEST_WEBHOOK_HEADERS", false},
    {"label", "GTEST_WEBHOOK_LABEL", false},
    {"format", "GTEST_WEBHOOK_FORMAT", false},
    {"testCases", "GTEST_WEBHOOK_TEST_CASES", false},
};

/// One configured value and where it came from.
struct Setting {
  std::string value;
  /// The variable or list field that problem lines name (`GTEST_WEBHOOK_WHEN`,
  /// `GTEST_WEBHOOK_REPORTERS reporters[0].when`).
  std::string where;
  /// The value came from `${NAME}` references.
  bool expanded = false;
};

/// A reporter as configured, before anything about it is checked.
struct ReporterDescription {
  /// True for the shorthand variables.
  bool shorthand = false;
  /// The list entry (`GTEST_WEBHOOK_REPORTERS reporters[0]`), or `GTEST_WEBHOOK_URL`.
  std::string where;
  /// The string keys that were given, by list key (headers aside).
  std::map<std::string, Setting> settings;
  /// The `headers` object, when given, and where it came from.
  std::optional<nlohmann::json> headers;
  std::string headers_where;

  /// The setting of `key`, or nullptr.
  const Setting* Find(const std::string& key) const;
  /// The problem-line name of `key`'s field (the variable, or the entry's field).
  std::string Where(const ReporterKey& key) const;
};

}  // namespace gtest_webhook::detail
