// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <gtest/gtest.h>

TEST(OtherRelease, Adds) { EXPECT_EQ(2 + 2, 4); }
TEST(OtherRelease, Compares) { EXPECT_LT(1, 2); }
