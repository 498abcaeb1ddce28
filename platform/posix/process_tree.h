// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstdint>
#include <vector>

namespace gtest_webhook::platform {

/// Every process descended from `root` (children, their children …), as far as the system
/// lets this process see; empty where it cannot tell.
std::vector<std::int64_t> Descendants(std::int64_t root);

/// The process, among `candidates`, that holds the socket with the system's identifier
/// `inode`; -1 when none does. `hidden` tells whether some of them could not be looked at (they
/// belong to another user).
std::int64_t HolderOfSocket(const std::vector<std::int64_t>& candidates, std::uint64_t inode,
                            bool& hidden);

}  // namespace gtest_webhook::platform
