// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The bounds of what gtest-webhook reads and does, in one place; docs/security.md lists them.
// Every file is read only when it is a regular file (never a FIFO or a device) and only up to its
// bound, so that no input can block a run or make it grow without end.

#include <cstddef>
#include <cstdint>

namespace gtest_webhook::detail {

/// One test-result input of `send` or `run` (a collect file, GoogleTest JSON or XML, JUnit, a
/// payload), and the body `verify` checks.
inline constexpr std::uint64_t kInputFileBytes = 256ULL << 20U;

/// The file GTEST_WEBHOOK_REPORTERS=@FILE names.
inline constexpr std::uint64_t kConfigFileBytes = 1ULL << 20U;

/// The CA bundle GTEST_WEBHOOK_CA_BUNDLE names.
inline constexpr std::uint64_t kCaBundleBytes = 16ULL << 20U;

/// The CODEOWNERS file (GitHub reads no larger one).
inline constexpr std::uint64_t kCodeOwnersBytes = 3ULL << 20U;

/// The Markdown summary appended to GTEST_WEBHOOK_SUMMARY: GitHub shows at most 1 MiB per step.
inline constexpr std::size_t kSummaryBytes = (1U << 20U) - (16U << 10U);

/// Reporters one configuration may list; more is refused as a mistake.
inline constexpr std::size_t kMaxReporters = 100;

/// Reporters delivered to at the same time; the others wait for a free worker, within the same
/// deadline.
inline constexpr std::size_t kConcurrentReporters = 16;

}  // namespace gtest_webhook::detail
