// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The report's failures as GitHub workflow commands (SPEC §17): `::error` annotations at the
// failing line, shown on the run's page and in the pull request's diff.

#include <string>
#include <string_view>

#include "model/report.h"
#include "model/summary.h"
#include "render/chat_message.h"

namespace gtest_webhook::detail {

/// GitHub shows this many error annotations of a step; the rest are one notice.
inline constexpr std::size_t kAnnotatedFailures = 10;

/// Where a failure happened: its path relative to the repository's root (empty when the root or
/// the file is unknown, or the file is outside it) and line (0 when unknown), and the path as
/// the test gave it, to show when there is no relative one.
struct FailureWhere {
  std::string path;
  int line = 0;
  std::string given;
};

/// The place of `failure`'s first failure (its message's `file:line`), else of its test.
FailureWhere FailureLocation(const Report& report, const ChatFailure& failure);

/// The `::error` commands for the first failures of `report` (whose counters are `summary`), at
/// most kAnnotatedFailures, and one `::notice` for the rest; each a line of its own, the first
/// after a line feed (what came before on stdout may not have ended its line).
std::string GitHubAnnotations(const Report& report, const Summary& summary);

}  // namespace gtest_webhook::detail
