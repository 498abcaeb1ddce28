// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What GoogleTest 1.10 and 1.11 lack of the API this code uses, defined as GoogleTest 1.12 and
// later define it (without Abseil flags): reading and setting a flag.

#include <gtest/gtest.h>

#include <string>

#ifndef GTEST_FLAG_GET
#define GTEST_WEBHOOK_GTEST_BEFORE_1_12 1
#define GTEST_FLAG_GET(name) ::testing::GTEST_FLAG(name)
#define GTEST_FLAG_SET(name, value) (void)(::testing::GTEST_FLAG(name) = value)
#endif

namespace gtest_webhook::detail {

/// GoogleTest's flag that marks the child a "threadsafe" death test re-executes; before 1.12 it
/// lived in testing::internal.
inline std::string DeathTestChildFlag() {
#ifdef GTEST_WEBHOOK_GTEST_BEFORE_1_12
  return ::testing::internal::GTEST_FLAG(internal_run_death_test);
#else
  return GTEST_FLAG_GET(internal_run_death_test);
#endif
}

}  // namespace gtest_webhook::detail
