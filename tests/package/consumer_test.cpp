// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// No code of gtest_webhook's here: linking gtest_webhook::auto is the whole integration.
#include <gtest/gtest.h>

#include <stdexcept>

#if __cplusplus < 201703L
// What a C++14 code base may hold and C++17 refuses: a dynamic exception specification. It
// compiles because gtest_webhook::auto leaves this code's standard alone.
int Checked(int value) throw(std::invalid_argument);
int Checked(int value) throw(std::invalid_argument) { return value; }
TEST(Consumer, IsCxx14) { EXPECT_EQ(Checked(1), 1); }
#else
TEST(Consumer, IsCxx14) { GTEST_SKIP() << "this GoogleTest asks for C++17"; }
#endif

TEST(Consumer, Adds) { EXPECT_EQ(2 + 2, 4); }
TEST(Consumer, Skips) { GTEST_SKIP() << "skipped on purpose"; }
