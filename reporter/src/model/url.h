// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Webhook URLs: checked when configured, and masked wherever they are shown.

#include <optional>
#include <string>

namespace gtest_webhook::detail {

/// The parts of an absolute URL's authority that validation needs.
struct ParsedUrl {
  std::string scheme;  ///< Lower-cased: "http" or "https" (or whatever was written).
  std::string host;    ///< As written, IPv6 literals with their brackets.
  std::string port;    ///< Digits, empty when absent.
};

/// Splits `url`; `std::nullopt` with `why` set when it is not an absolute URL with a host.
std::optional<ParsedUrl> ParseUrl(const std::string& url, std::string* why);

/// Checks that `url` is an absolute http or https URL with a host. Returns an empty string when
/// it is, otherwise what is wrong (never echoing the URL itself).
std::string ValidateWebhookUrl(const std::string& url);

/// True when `url` is plain `http` to a host other than loopback (127.0.0.0/8, ::1,
/// localhost).
bool IsPlainHttpToRemoteHost(const std::string& url);

/// Returns `url` with everything that may carry a secret replaced by `***`: userinfo, the query,
/// the fragment, and every path segment after the first.
std::string MaskUrl(const std::string& url);

}  // namespace gtest_webhook::detail
