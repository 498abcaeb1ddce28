#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
