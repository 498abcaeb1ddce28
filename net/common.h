// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What every transport of the network module does alike, whichever library carries the bytes
// (libcurl, WinHTTP).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "gtest_webhook/transport.h"

namespace gtest_webhook::net {

/// What is kept of a response body: what the delivery record keeps.
inline constexpr std::size_t kKeptResponse = 4096;

/// Once a response's status line and headers are in, the answer is known: its body gets this
/// long to arrive (within the attempt's timeout) before the transfer is stopped, so that a body
/// that never ends (no Content-Length on a kept-alive connection, or one trickling in) neither
/// holds the run nor turns a delivered report into a failed one.
inline constexpr auto kBodyGrace = std::chrono::seconds(1);

/// What an attempt that `abandon` cut short says.
inline constexpr char kAbandoned[] = "the attempt was cut short: gtest-webhook was asked to stop";

/// The seconds since the Unix epoch of an HTTP date; nullopt when it is not one.
using HttpDateParser = std::function<std::optional<std::int64_t>(const std::string&)>;

/// A Retry-After value (delay-seconds or an HTTP date, RFC 9110 10.2.3) as a delay from now.
/// Computed in whole seconds and capped (at about 31,700 years), so that no date or number
/// (9999-12-31, 10^30) overflows. nullopt when it is empty or neither.
std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value,
                                                         const HttpDateParser& date);

/// What `perform` answered, or the failure an exception it threw stands for: a transport never
/// throws.
HttpResponse Guarded(const std::function<void(HttpResponse&)>& perform);

}  // namespace gtest_webhook::net
