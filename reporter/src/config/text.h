// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What every part of the configuration reader shares: how values are trimmed and compared, and
// how a problem line shows a value without leaking it.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/text.h"  // Trim

namespace gtest_webhook::detail {

/// The problem lines of one reading of the configuration, in the order they were found.
using Problems = std::vector<std::string>;

std::string Lower(std::string text);

/// Quotes a configuration value for a problem line, shortened so one line stays one line.
std::string Shown(const std::string& value);

/// Quotes a URL for a problem line with everything that may carry a secret masked.
std::string ShownUrl(const std::string& url);

/// nlohmann's parse error without the text it last read, which may be part of a secret.
std::string DescribeParseError(const nlohmann::json::parse_error& error);

/// True for the values that turn a switch on: 1, true, yes, on (any case, trimmed).
bool IsOn(const std::string& text);

/// True for the values that turn a switch off: 0, false, no, off.
bool IsOff(const std::string& text);

/// A value of `env`, or none when unset or only white space.
std::optional<std::string> NonBlank(const EnvLookup& env, const std::string& name);

}  // namespace gtest_webhook::detail
