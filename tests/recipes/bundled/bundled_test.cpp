// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <gtest/gtest.h>

TEST(Bundled, Adds) { EXPECT_EQ(2 + 2, 4); }
TEST(Bundled, Skips) { GTEST_SKIP() << "skipped on purpose"; }
TEST(Bundled, Concatenates) { EXPECT_EQ(std::string("a") + "b", "ab"); }
