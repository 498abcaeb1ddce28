// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What every system's AppendFile shares (platform/common/append_records.cpp has the appending
// itself; each system maps and grows the file).

#include <cstdint>

namespace gtest_webhook::platform {

/// Kept free behind every Append for AppendReserved: a signal's record or a last word.
inline constexpr std::uint64_t kReserve = 4096;

/// The first allocation, and the smallest growth step.
inline constexpr std::uint64_t kStep = 64 * 1024;

}  // namespace gtest_webhook::platform
