// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A test binary as a team has it on Windows: GoogleTest, linked with gtest_webhook::auto.

#include <gtest/gtest.h>

TEST(Windows, Passes) { SUCCEED(); }

TEST(Windows, Fails) { EXPECT_EQ(1, 2) << "as it should"; }
