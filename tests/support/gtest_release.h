// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The GoogleTest release these tests were built against, and what that release does differently
// in ways a report must show as they are (what ran, and what did not), not normalise away.

namespace gtest_webhook::testing {

/// major * 100 + minor: 1.12 is 112.
inline constexpr int kGoogleTestRelease = GTEST_RELEASE;

/// 1.12 and later skip every test of a suite whose SetUpTestSuite failed. Before, they ran anyway.
inline constexpr bool kSkipsAfterAFailedSetUp = kGoogleTestRelease >= 112;

/// 1.11 and later skip every test after a fatal failure in a global environment's SetUp. Before,
/// no test ran at all.
inline constexpr bool kSkipsAfterAFailedEnvironment = kGoogleTestRelease >= 111;

/// 1.10 exits 0 when only a SetUpTestSuite failed.
inline constexpr bool kFailsTheRunForAFailedSuiteSetUp = kGoogleTestRelease >= 111;

}  // namespace gtest_webhook::testing
