// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A plain GoogleTest binary, not linked with gtest-webhook, registered with add_test.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

TEST(Text, Upper) { EXPECT_EQ(std::toupper('a'), 'A'); }
TEST(Text, Lower) { EXPECT_EQ(std::tolower('A'), 'a'); }
TEST(Text, Unicode) { GTEST_SKIP() << "not yet"; }
