// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <gtest/gtest.h>

TEST(Linked, Adds) { EXPECT_EQ(2 + 2, 4); }
TEST(Linked, Skips) { GTEST_SKIP() << "skipped on purpose"; }
