// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What the Linux files share of /proc.

#include <cstdint>
#include <string>
#include <vector>

namespace gtest_webhook::platform {

/// The entries of `directory` whose names are numbers (/proc's processes, a process's
/// descriptors), as numbers; empty when it cannot be read.
std::vector<std::int64_t> NumberedEntries(const std::string& directory);

}  // namespace gtest_webhook::platform
