// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// GoogleTest's quickstart test, in a C++14 project that uses what C++17 refuses: linking
// gtest_webhook::auto must not make this code C++17.
#include <gtest/gtest.h>

#include <stdexcept>

// A dynamic exception specification: deprecated in C++11, ill-formed in C++17.
int Checked(int value) throw(std::invalid_argument);
int Checked(int value) throw(std::invalid_argument) {
  if (value < 0) throw std::invalid_argument("negative");
  return value;
}

static_assert(__cplusplus < 201703L, "this code is C++14, as its project says");

TEST(HelloTest, BasicAssertions) {
  EXPECT_STRNE("hello", "world");
  EXPECT_EQ(7 * 6, 42);
}

TEST(HelloTest, OldCodeStillBuilds) { EXPECT_EQ(Checked(3), 3); }
