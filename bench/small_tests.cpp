// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A small test binary (25 trivial tests), as a project with many of them has: the unit of the
// `run -- ctest` comparison, where what counts is the cost per process.
#include <gtest/gtest.h>

class Small : public testing::TestWithParam<int> {};
TEST_P(Small, Works) { EXPECT_GE(GetParam(), 0); }
INSTANTIATE_TEST_SUITE_P(Range, Small, testing::Range(0, 25));
