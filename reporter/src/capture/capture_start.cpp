// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "capture/capture_start.h"

#include <charconv>
#include <cstdint>

#include "capture/named_output.h"
#include "capture/test_output.h"

namespace gtest_webhook::detail {
namespace {

constexpr std::string_view kTest = "test ";
constexpr std::string_view kNamed = "named ";

// A whole decimal number that fits, and nothing else.
bool ParseSize(std::string_view text, std::size_t& value) {
  const auto* end = text.data() + text.size();
  const auto parsed = std::from_chars(text.data(), end, value);
  return !text.empty() && parsed.ec == std::errc() && parsed.ptr == end;
}

}  // namespace

std::string TestOutputRecipe(std::size_t max_bytes, bool sanitizer_runtime) {
  return std::string(kTest) + std::to_string(max_bytes) + (sanitizer_runtime ? " 1" : " 0");
}

std::string NamedOutputRecipe(std::size_t max_bytes) {
  return std::string(kNamed) + std::to_string(max_bytes);
}

std::unique_ptr<platform::TeeObserver> MakeTeeObserver(std::string_view recipe) {
  std::size_t max_bytes = 0;
  if (recipe.rfind(kNamed, 0) == 0) {
    if (!ParseSize(recipe.substr(kNamed.size()), max_bytes)) return nullptr;
    return std::make_unique<NamedTestOutput>(max_bytes);
  }
  if (recipe.rfind(kTest, 0) != 0 || recipe.size() < kTest.size() + 3) return nullptr;
  const auto flag = recipe.substr(recipe.size() - 2);
  if ((flag != " 0" && flag != " 1") ||
      !ParseSize(recipe.substr(kTest.size(), recipe.size() - kTest.size() - 2), max_bytes)) {
    return nullptr;
  }
  return std::make_unique<TestOutput>(max_bytes, flag == " 1");
}

std::unique_ptr<platform::OutputTee> StartTee(const std::string& recipe,
                                              const std::string& record_file, std::string& why) {
  platform::ServeAsCopierWhenStartedAsOne(&MakeTeeObserver);
  return platform::OutputTee::Start(&MakeTeeObserver, recipe, record_file, why);
}

namespace {

// A program started as a copier (Windows) becomes one here, before its own constructors run:
// nothing of the test program is done twice, and nothing it prints in the copier is seen.
void ServeWhenStartedAsCopier() { platform::ServeAsCopierWhenStartedAsOne(&MakeTeeObserver); }

#if defined(_MSC_VER)
#pragma init_seg(lib)
const bool g_served = (ServeWhenStartedAsCopier(), true);
#else
__attribute__((constructor(101))) void ServeEarly() { ServeWhenStartedAsCopier(); }
#endif

}  // namespace

}  // namespace gtest_webhook::detail
