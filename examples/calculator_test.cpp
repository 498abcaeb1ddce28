// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Ordinary GoogleTest tests: nothing here knows about gtest-webhook.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace {

int Divide(int a, int b) {
  if (b == 0) throw std::domain_error("division by zero");
  return a / b;
}

}  // namespace

TEST(Calculator, Adds) { EXPECT_EQ(2 + 3, 5); }
TEST(Calculator, Divides) { EXPECT_EQ(Divide(9, 3), 3); }
TEST(Calculator, RefusesDivisionByZero) { EXPECT_THROW(Divide(1, 0), std::domain_error); }
TEST(Calculator, HandlesHugeNumbers) { GTEST_SKIP() << "big-number support is planned"; }

class Rounding : public testing::TestWithParam<double> {};
TEST_P(Rounding, StaysWithinHalf) {
  const double value = GetParam();
  EXPECT_LE(std::abs(value - static_cast<double>(static_cast<long>(value + 0.5))), 0.5);
}
INSTANTIATE_TEST_SUITE_P(Values, Rounding, testing::Values(0.2, 1.5, 2.7));
