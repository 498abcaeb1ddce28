// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Text and time as reports hold them: failure messages capped, durations and timestamps.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gtest_webhook::detail {

/// True when a failure GoogleTest reported at `file` (empty: "unknown file") with `message` is
/// its report of an uncaught C++ exception, which the payload calls an "error".
bool IsUncaughtException(std::string_view file, std::string_view message);

/// The marker that stands for `cut` bytes left out of a text.
std::string CutMarker(std::uint64_t cut);

/// `at`, or the start of the UTF-8 sequence after it when `at` is inside one (at most three
/// bytes on: further than that the bytes are not UTF-8 anyway).
std::size_t Utf8Start(std::string_view text, std::size_t at);

/// Keeps at most `max_bytes` of `message`: its head and tail around a marker saying how many
/// bytes were cut, never splitting a UTF-8 sequence. Shorter messages are returned unchanged.
std::string CapMessage(std::string message, std::size_t max_bytes);

/// The milliseconds of a test's duration given in seconds (GoogleTest's `time`, JUnit's, our own
/// payload's): rounded, 0 for what is no duration (negative, not a number, infinite), and at most
/// a century, so that no input's number can overflow a time.
std::int64_t MillisecondsOf(double seconds);

/// The same for a duration's text: "0.25", or GoogleTest JSON's "0.25s"; 0 when it is none.
std::int64_t MillisecondsOf(const char* text);

/// `text` (white space around it aside) as a number of seconds above 0 and at most `longest`;
/// `std::nullopt` for anything else (no number, more after it, inf, nan, out of range).
std::optional<double> ParseSeconds(const std::string& text, double longest);

/// Milliseconds since the Unix epoch, now.
std::int64_t NowUnixMs();

/// Formats Unix milliseconds as UTC ISO 8601 with milliseconds: `2026-11-23T09:40:00.123Z`.
std::string FormatUtc(std::int64_t unix_ms);

/// A random identifier: 32 lowercase hex digits.
std::string RandomId();

/// The file name of `path` without its directory and its last extension (`out/unit-0.json`:
/// `unit-0`); a name that starts with its only dot keeps it.
std::string FileStem(const std::string& path);

/// `text` without the white space (spaces, tabs, line ends) around it.
std::string Trim(const std::string& text);

}  // namespace gtest_webhook::detail
