// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// GoogleTest's own JSON output files into process reports.

#include <cstddef>
#include <string>
#include <string_view>

#include "inputs/sources.h"

namespace gtest_webhook::detail {

/// GoogleTest `--gtest_output=json` output (and the invalid JSON GoogleTest 1.12 writes when a
/// global environment fails, repaired with a note). A listing (`--gtest_list_tests`) gives no
/// process, with a note.
SourceResult ReadGoogleTestJson(std::string_view text, const std::string& origin,
                                std::size_t max_message);

}  // namespace gtest_webhook::detail
