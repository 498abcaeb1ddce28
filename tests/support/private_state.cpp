// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Every test gets a state directory of its own: XDG_CACHE_HOME points at a fresh directory for
// the length of the test, which the child processes it starts inherit. Without this, a report
// that one test leaves in an outbox (SPEC §13) would be sent by the next test that happens to
// get the same ephemeral port, or that uses the same fake URL.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

class PrivateState final : public testing::EmptyTestEventListener {
 public:
  PrivateState() {
    const char* base = std::getenv("XDG_CACHE_HOME");
    base_ = base != nullptr && base[0] == '/' ? base : std::filesystem::temp_directory_path();
  }

  void OnTestStart(const testing::TestInfo& /*test*/) override {
    std::string path = (base_ / "test-XXXXXX").string();
    std::filesystem::create_directories(base_);
    if (::mkdtemp(path.data()) == nullptr) return;  // the test then shares the base directory
    current_ = path;
    ::setenv("XDG_CACHE_HOME", path.c_str(), 1);
  }

  void OnTestEnd(const testing::TestInfo& /*test*/) override {
    if (current_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(current_, ignored);
    current_.clear();
    ::setenv("XDG_CACHE_HOME", base_.c_str(), 1);
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
