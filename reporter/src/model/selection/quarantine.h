// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The quarantine file (SPEC §19): which tests still run and are reported, but whose failures
// never make a build unstable. Plain text in, entries out; no I/O.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

/// The `type` of the JUnit `<skipped>` that stands for a failure, or an error, in quarantine:
/// what a reader of the file knows it by.
inline constexpr const char* kQuarantinedFailure = "quarantined failure";
inline constexpr const char* kQuarantinedError = "quarantined error";

/// Reads the lines of a quarantine file, `PATTERN [@owner …] [until=YYYY-MM-DD] [# reason]`
/// (blank lines and lines starting with `#` aside). An entry whose `until` is before `today`
/// (`YYYY-MM-DD`) is kept with `expired` set. A line that is not an entry (a negative pattern,
/// a word that is neither an owner nor `until=`, a date that is not one) is left out with one
/// line in `warnings` naming `origin` and the line's number.
std::vector<QuarantineEntry> ParseQuarantine(std::string_view text, const std::string& origin,
                                             const std::string& today,
                                             std::vector<std::string>& warnings);

/// The index in `entries` of the first entry that is not expired and whose pattern matches
/// `id` (the test's history id, `binary:Suite.Test` in reports of several executables) or
/// `full_name` (`Suite.Test`); `entries.size()` when none does.
std::size_t QuarantineOf(const std::vector<QuarantineEntry>& entries, const std::string& id,
                         const std::string& full_name);

/// One line for an expired entry: where it is, what it named, and since when it is over.
std::string ExpiredLine(const std::string& origin, const QuarantineEntry& entry);

}  // namespace gtest_webhook::detail
