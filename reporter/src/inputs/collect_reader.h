// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The collect files linked test processes write as they go, complete or cut short.

#include <cstddef>
#include <string>
#include <string_view>

#include "inputs/sources.h"

namespace gtest_webhook::detail {

/// A collect file (`GTEST_WEBHOOK_COLLECT_DIR`), complete or left by a process that died.
SourceResult ReadCollectFile(std::string_view bytes, const std::string& origin,
                             std::size_t max_message, bool writer_alive);

}  // namespace gtest_webhook::detail
