// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The spellings of the enumerated reporter keys: the validator reads them, ToString writes them.

#include "gtest_webhook/options.h"
#include "model/spellings.h"

namespace gtest_webhook::detail {

inline constexpr Choice<When> kWhens[] = {
    {"always", When::kAlways}, {"fails", When::kFails}, {"changes", When::kChanges}};
inline constexpr Choice<Format> kFormats[] = {
    {"report", Format::kReport},         {"slack", Format::kSlack},
    {"teams", Format::kTeams},           {"discord", Format::kDiscord},
    {"googlechat", Format::kGoogleChat}, {"prometheus", Format::kPrometheus}};
inline constexpr Choice<TestCases> kTestCases[] = {{"all", TestCases::kAll},
                                                   {"failed", TestCases::kFailed}};

}  // namespace gtest_webhook::detail
