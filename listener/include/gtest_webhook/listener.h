// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The explicit API is C++17 (std::optional in Options). Linking gtest_webhook::auto asks nothing
// of the code that links it: a C++14 test suite uses that.
#if defined(__cplusplus) && __cplusplus < 201703L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)
#error "gtest_webhook/listener.h needs C++17; gtest_webhook::auto needs nothing of your code"
#endif

#include <gtest/gtest.h>

#include <memory>

#include "gtest_webhook/options.h"
#include "gtest_webhook/transport.h"

namespace gtest_webhook {

/// A GoogleTest event listener that collects every test execution (and every failure outside a
/// test) and, when the test program ends, sends the report payload to the configured webhook
/// reporters. It never changes the test binary's output or exit code, never throws out of a
/// callback, and does nothing in death-test children. When several listeners are appended to
/// one program, only the first to start reports.
class Listener : public ::testing::EmptyTestEventListener {
 public:
  /// Reads its configuration from the `GTEST_WEBHOOK_*` environment variables when the test
  /// program starts, printing one line per configuration problem to stderr.
  Listener();

  /// Uses `options` as given. `transport` defaults to libcurl.
  explicit Listener(Options options, std::shared_ptr<Transport> transport = nullptr);

  ~Listener() override;
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  void OnTestProgramStart(const ::testing::UnitTest& unit_test) override;
  void OnTestIterationStart(const ::testing::UnitTest& unit_test, int iteration) override;
  void OnEnvironmentsSetUpStart(const ::testing::UnitTest& unit_test) override;
  void OnEnvironmentsSetUpEnd(const ::testing::UnitTest& unit_test) override;
  void OnTestSuiteStart(const ::testing::TestSuite& test_suite) override;
  void OnTestStart(const ::testing::TestInfo& test_info) override;
  void OnTestPartResult(const ::testing::TestPartResult& result) override;
  void OnTestEnd(const ::testing::TestInfo& test_info) override;
  void OnTestSuiteEnd(const ::testing::TestSuite& test_suite) override;
  void OnEnvironmentsTearDownStart(const ::testing::UnitTest& unit_test) override;
  void OnEnvironmentsTearDownEnd(const ::testing::UnitTest& unit_test) override;
  void OnTestIterationEnd(const ::testing::UnitTest& unit_test, int iteration) override;
  void OnTestProgramEnd(const ::testing::UnitTest& unit_test) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Appends a `Listener` configured from the environment to GoogleTest's listeners when the
/// environment asks for reporting (a reporter or `GTEST_WEBHOOK_OUTPUT` is set and
/// `GTEST_WEBHOOK_DISABLE` is not `1`). Call it after `InitGoogleTest`; calling it again, or
/// with `gtest_webhook::auto` also linked, adds nothing. Returns true when a listener is in
/// place.
bool install();

}  // namespace gtest_webhook
