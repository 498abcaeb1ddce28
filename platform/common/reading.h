// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Bounded reading, the same on every system: each system reads its own files a piece at a time
// (read(2), ReadFile), and these decide how much is kept and what is found.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gtest_webhook::platform {

/// Reads up to `size` bytes into `buffer`: how many (0 at the end), or -1 with `why` set.
using ReadPiece = std::function<std::int64_t(char* buffer, std::size_t size, std::string& why)>;

/// Why a regular file of `size` bytes is not read whole under `limit`; empty when it is.
std::string TooLarge(std::uint64_t size, std::uint64_t limit);

/// Reads to the end into `bytes`, at most `limit` bytes; false, with `why`, when there is more
/// (unless `partial`: then the first `limit` bytes are enough) or a read fails.
bool ReadBounded(const ReadPiece& read, std::uint64_t limit, std::string& bytes, std::string& why,
                 bool partial = false);

/// Whether one of `needles` (each not empty) is in the first `limit` bytes read, a piece at a
/// time; false when a read fails first.
bool HoldsAny(const ReadPiece& read, const std::vector<std::string_view>& needles,
              std::uint64_t limit);

}  // namespace gtest_webhook::platform
