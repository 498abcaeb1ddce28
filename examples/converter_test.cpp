// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A plain GoogleTest binary, not linked with gtest-webhook: `gtest-webhook run` follows it too.
#include <gtest/gtest.h>

#include <string>

namespace {

std::string Celsius(int fahrenheit) { return std::to_string((fahrenheit - 32) * 5 / 9) + " C"; }

}  // namespace

TEST(Converter, Freezing) { EXPECT_EQ(Celsius(32), "0 C"); }
TEST(Converter, Boiling) { EXPECT_EQ(Celsius(212), "100 C"); }
