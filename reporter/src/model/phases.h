// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "model/report.h"

namespace gtest_webhook::detail {

/// A failure's text as GoogleTest 1.12 words it, whatever the release: 1.14 and later end every
/// text with a newline, which is dropped.
std::string_view FailureText(std::string_view message);

/// A skip's reason as GoogleTest 1.12 words it: without the trailing newline of 1.14 and later,
/// and without the word `Skipped` that 1.10 and 1.11 put first (alone when no reason was given).
std::string_view SkipText(std::string_view message);

/// Appends one test part (a failure or a skip) to `text` the way every source writes it:
/// `file:line` (`unknown file` when `file` is empty; no line when `line` is negative), then the
/// message (as FailureText gives it) on the next line; parts are separated by a blank line.
void AppendPartText(std::string& text, std::string_view file, int line, std::string_view message);

/// The name of a phase outside tests that a failure there is named after: the global
/// environment's `SetUp` or `TearDown` (`environment`), or a suite's `SetUpTestSuite` or
/// `TearDownTestSuite`; a set-up when `before_tests` (no test of it has started).
const char* OutsidePhaseName(bool environment, bool before_tests);

/// Where a run is outside its tests, followed from GoogleTest's events: the listener and the
/// result stream's model (`run`) name what is reported outside a test by it, alike.
class PhaseTracker {
 public:
  /// The class name and phase of an entry outside tests (`Suite`.`SetUpTestSuite`).
  using Where = std::pair<std::string, std::string>;

  /// The global environment's set-up began (a new iteration); outside any suite.
  void EnvironmentSetUpStarted();
  /// The global environment's tear-down began: from GoogleTest's event in the listener, or,
  /// where no such event comes (the result stream), when the first suite starts.
  void EnvironmentTearDownStarted() { environment_set_up_ = false; }
  /// A suite started: its set-up until its first test starts.
  void SuiteStarted(std::string suite);
  /// A test of the suite started: what follows it in the suite is the suite's tear-down.
  void TestStarted() { suite_ran_tests_ = true; }
  /// The suite ended: outside any suite again.
  void SuiteEnded() { suite_.clear(); }

  const std::string& suite() const { return suite_; }
  bool suite_ran_tests() const { return suite_ran_tests_; }
  /// Where what is reported now outside a test belongs: the suite's phase within a suite, the
  /// environment's outside.
  Where Now() const;
  /// The environment's phase, whatever suite runs.
  Where Environment() const;

 private:
  bool environment_set_up_ = true;
  std::string suite_;
  bool suite_ran_tests_ = false;
};

/// Failures and skips reported outside any test (suite or environment set-up and tear-down),
/// gathered until their phase ends and then made one entry of their own, so that they are
/// counted and never lost. Not thread-safe: callers that gather from several threads lock.
class OutsideResults {
 public:
  /// A failure, or a part of unknown kind that counts as one until said otherwise.
  void AddFailure(std::string_view file, int line, std::string_view message);
  /// A `GTEST_SKIP()` outside any test.
  void AddSkip(std::string_view file, int line, std::string_view message);
  bool empty() const { return failures_.empty() && !skipped_; }

  /// The entry `class_name`.`phase` for what was gathered: an error carrying every failure when
  /// anything failed, otherwise skipped with the skip messages as its reason. `std::nullopt`
  /// when nothing was gathered. Starts afresh.
  std::optional<TestCase> Take(std::string class_name, std::string phase, int iteration,
                               std::int64_t time_ms, std::size_t max_message);

 private:
  void Locate(std::string_view file, int line);

  std::string failures_;
  std::string skips_;
  bool skipped_ = false;
  std::string file_;
  int line_ = 0;
};

}  // namespace gtest_webhook::detail
