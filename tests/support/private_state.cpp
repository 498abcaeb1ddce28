// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Every test gets a state directory of its own: XDG_CACHE_HOME (on Windows, LOCALAPPDATA) points
// at a fresh directory for the length of the test, which the child processes it starts inherit.
// Without this, a report that one test leaves in an outbox (SPEC §13) would be sent by the next
// test that happens to get the same ephemeral port, or that uses the same fake URL.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "temp_dir.h"

namespace {

// Where the state directory is by default: XDG_CACHE_HOME, or LOCALAPPDATA on Windows.
const std::string kCacheVariable = gtest_webhook::testing::CacheVariables().back();

void SetVariable(const std::string& name, const std::string& value) {
  gtest_webhook::testing::SetVariable(name, &value);
}

class PrivateState final : public testing::EmptyTestEventListener {
 public:
  PrivateState() {
    const char* base = std::getenv(kCacheVariable.c_str());
    base_ = base != nullptr && std::filesystem::path(base).is_absolute()
                ? base
                : std::filesystem::temp_directory_path();
  }

  void OnTestStart(const testing::TestInfo& /*test*/) override {
    current_ = gtest_webhook::testing::MakeUniqueDirectory(base_.string(), "test-");
    SetVariable(kCacheVariable, current_);
  }

  void OnTestEnd(const testing::TestInfo& /*test*/) override {
    if (current_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(current_, ignored);
    current_.clear();
    SetVariable(kCacheVariable, base_.string());
  }

 private:
  std::filesystem::path base_;
  std::string current_;
};

[[maybe_unused]] const bool kInstalled = [] {
  testing::UnitTest::GetInstance()->listeners().Append(new PrivateState);
  return true;
}();

}  // namespace
