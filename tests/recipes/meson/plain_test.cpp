// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

TEST(Plain, Adds) { EXPECT_EQ(1 + 1, 2); }
TEST(Plain, Waits) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }
