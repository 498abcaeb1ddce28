// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What GoogleTest's JSON and XML output files have in common, whatever the release (1.10 to
// 1.18): how a part's text reads, and where failures outside tests go.

#include <cstddef>
#include <string>
#include <string_view>

#include "model/report.h"

namespace gtest_webhook::detail {

/// GoogleTest's pseudo suite for failures of the global environment.
inline constexpr std::string_view kNonTestSuiteFailure = "NonTestSuiteFailure";

/// A failure's text as a file holds it (`file:line\nmessage`), worded as GoogleTest 1.12 does.
std::string FileFailureText(std::string_view text);

/// A skip's reason from a file's skip text (`file:line\nmessage`); empty when it gave none.
std::string FileSkipReason(std::string_view text);

/// What the entry of a test that GoogleTest lists as run and completed says when it never started
/// (its timestamp is the epoch): GoogleTest 1.10 lists so every test after its global
/// environment's SetUp failed, without recording that failure. Marks `entry` as such an error.
void MarkNeverStarted(TestCase& entry);

/// True for GoogleTest's timestamp of a test that never started.
bool IsEpoch(const std::string& timestamp);

/// Names the entries GoogleTest writes without a name for failures outside tests, from the
/// entries `report.test_cases[first…]` of one suite (`suite` empty: the global environment).
/// A failed set-up skips every test, so when all were skipped the entry is the set-up's, and
/// moves before the tests; otherwise it is the tear-down's.
void NameOutsideEntries(Report& report, std::size_t first, const std::string& suite);

}  // namespace gtest_webhook::detail
