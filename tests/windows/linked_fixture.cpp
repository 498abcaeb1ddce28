// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A test binary as a team has it on Windows: GoogleTest, linked with gtest_webhook::auto.

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
// clang-format on

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

TEST(Windows, Passes) { std::printf("printed by Passes\n"); }

TEST(Windows, Fails) {
  std::printf("printed by Fails\n");
  std::fflush(stdout);
  std::cerr << "and on stderr\n";
  EXPECT_EQ(1, 2) << "as it should";
}

// A death test: on Windows GoogleTest runs this program again for it, and that child must stay
// silent (no report, no capture of its own).
TEST(Windows, DiesAsExpected) { EXPECT_DEATH(std::abort(), ""); }

// Run only when asked (GTEST_FILTER): connects to the result port of `gtest-webhook run`
// (GoogleTest streams no results on Windows; this process does, as any local process could).
TEST(Windows, ConnectsToTheRunsResultPort) {
  const char* to = std::getenv("GTEST_STREAM_RESULT_TO");
  ASSERT_NE(to, nullptr);
  const std::string address = to;
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  const SOCKET peer = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in where{};
  where.sin_family = AF_INET;
  where.sin_port = htons(static_cast<u_short>(std::stoi(address.substr(address.find(':') + 1))));
  inet_pton(AF_INET, "127.0.0.1", &where.sin_addr);
  ASSERT_EQ(connect(peer, reinterpret_cast<sockaddr*>(&where), sizeof where), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  closesocket(peer);
  WSACleanup();
}

// Run only when asked (GTEST_FILTER): an access violation, after a few words.
TEST(Windows, Crashes) {
  std::printf("last words before the crash\n");
  std::fflush(stdout);
  *static_cast<volatile int*>(nullptr) = 1;
}
