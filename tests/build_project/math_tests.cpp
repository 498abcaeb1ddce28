// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Linked with gtest_webhook::auto and registered with gtest_discover_tests.
#include <gtest/gtest.h>

TEST(Math, Adds) { EXPECT_EQ(2 + 2, 4); }
TEST(Math, Divides) { EXPECT_EQ(7 / 2, 3.5) << "integer division"; }
TEST(Math, HugeNumbers) { GTEST_SKIP() << "needs a big-number library"; }
TEST(Math, Records) { RecordProperty("ticket", "MATH-1"); }
