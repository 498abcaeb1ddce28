// GTEST_WEBHOOK_BENCH_COUNT trivial value-parameterised tests: the anchor of the performance
// comparison (GoogleTest's JSON writer costs ~12 µs and ~1 KiB per test of these).
#include <gtest/gtest.h>

class Many : public testing::TestWithParam<int> {};
TEST_P(Many, Works) { EXPECT_GE(GetParam(), 0); }
INSTANTIATE_TEST_SUITE_P(Range, Many, testing::Range(0, GTEST_WEBHOOK_BENCH_COUNT));
