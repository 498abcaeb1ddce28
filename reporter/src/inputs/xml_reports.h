// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// GoogleTest's XML output and JUnit XML (ctest, Catch2, doctest and others) into process reports.

#include <cstddef>
#include <string>
#include <string_view>

#include "inputs/sources.h"

namespace gtest_webhook::detail {

/// GoogleTest `--gtest_output=xml` output, or JUnit XML.
SourceResult ReadXml(std::string_view text, const std::string& origin, std::size_t max_message);

}  // namespace gtest_webhook::detail
