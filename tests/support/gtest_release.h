#pragma once

// The GoogleTest release these tests were built against, and what that release does differently
// in ways a report must show as they are (what ran, and what did not), not normalise away.

namespace gtest_webhook::testing {

/// major * 100 + minor: 1.12 is 112.
inline constexpr int kGoogleTestRelease = GTEST_RELEASE;

/// 1.12 and later skip every test of a suite whose SetUpTestSuite failed, and every test after a
/// fatal failure in a global environment's SetUp. Before, the suite's tests ran anyway, and
/// after the environment's failure no test ran at all.
inline constexpr bool kSkipsAfterAFailedSetUp = kGoogleTestRelease >= 112;

/// 1.10 exits 0 when only a SetUpTestSuite failed.
inline constexpr bool kFailsTheRunForAFailedSuiteSetUp = kGoogleTestRelease >= 111;

}  // namespace gtest_webhook::testing
