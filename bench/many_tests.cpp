// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// GTEST_WEBHOOK_BENCH_COUNT trivial value-parameterised tests: the anchor of the performance
// comparison (GoogleTest's JSON writer costs ~12 µs and ~1 KiB per test of these). With
// GTEST_WEBHOOK_BENCH_FAILING, every third fails (the failure-heavy workload). With
// GTEST_WEBHOOK_BENCH_PRINT, each test writes that many bytes of lines to stdout (the printing
// workload, for the cost of capturing each test's output).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

class Many : public testing::TestWithParam<int> {};

TEST_P(Many, Works) {
#ifdef GTEST_WEBHOOK_BENCH_PRINT
  static const std::string line = std::string(79, 'x') + '\n';
  for (int written = 0; written < GTEST_WEBHOOK_BENCH_PRINT; written += 80) {
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
#endif
#ifdef GTEST_WEBHOOK_BENCH_FAILING
  EXPECT_NE(GetParam() % 3, 0) << "every third test fails";
#else
  EXPECT_GE(GetParam(), 0);
#endif
}
INSTANTIATE_TEST_SUITE_P(Range, Many, testing::Range(0, GTEST_WEBHOOK_BENCH_COUNT));
