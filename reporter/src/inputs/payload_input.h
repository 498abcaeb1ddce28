// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The payloads gtest-webhook wrote itself (GTEST_WEBHOOK_OUTPUT): whole earlier reports, read back.

#include <cstddef>
#include <string>
#include <string_view>

#include "inputs/sources.h"

namespace gtest_webhook::detail {

/// A payload gtest-webhook wrote (`GTEST_WEBHOOK_OUTPUT`): a whole earlier report.
SourceResult ReadPayload(std::string_view text, const std::string& origin);

}  // namespace gtest_webhook::detail
