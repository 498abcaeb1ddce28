// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/phases.h"

#include "model/text.h"

namespace gtest_webhook::detail {

std::string_view FailureText(std::string_view message) {
  while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  return message;
}

std::string_view SkipText(std::string_view message) {
  message = FailureText(message);
  constexpr std::string_view kSkipped = "Skipped";
  if (message == kSkipped) return {};
  if (message.size() > kSkipped.size() && message.substr(0, kSkipped.size() + 1) == "Skipped\n") {
    message.remove_prefix(kSkipped.size() + 1);
  }
  return message;
}

void AppendPartText(std::string& text, std::string_view file, int line, std::string_view message) {
  message = FailureText(message);
  if (!text.empty()) text += "\n\n";
  text += file.empty() ? std::string_view("unknown file") : file;
  if (line >= 0) {
    text += ':';
    text += std::to_string(line);
  }
  text += '\n';
  text += message;
}

void OutsideResults::Locate(std::string_view file, int line) {
  if (!empty()) return;  // the first part says where
  file_ = file;
  line_ = line > 0 ? line : 0;
}

void OutsideResults::AddFailure(std::string_view file, int line, std::string_view message) {
  Locate(file, line);
  AppendPartText(failures_, file, line, message);
}

void OutsideResults::AddSkip(std::string_view file, int line, std::string_view message) {
  Locate(file, line);
  skipped_ = true;
  message = SkipText(message);
  // A skip without a reason says only where it happened, which `file` and `line` keep.
  if (!message.empty()) AppendPartText(skips_, file, line, message);
}

const char* OutsidePhaseName(bool environment, bool before_tests) {
  if (environment) return before_tests ? "SetUp" : "TearDown";
  return before_tests ? "SetUpTestSuite" : "TearDownTestSuite";
}

void PhaseTracker::EnvironmentSetUpStarted() {
  environment_set_up_ = true;
  suite_.clear();
}

void PhaseTracker::SuiteStarted(std::string suite) {
  suite_ = std::move(suite);
  suite_ran_tests_ = false;
}

PhaseTracker::Where PhaseTracker::Now() const {
  if (suite_.empty()) return Environment();
  return {suite_, OutsidePhaseName(false, !suite_ran_tests_)};
}

PhaseTracker::Where PhaseTracker::Environment() const {
  return {kEnvironmentClassName, OutsidePhaseName(true, environment_set_up_)};
}

std::optional<TestCase> OutsideResults::Take(std::string class_name, std::string phase,
                                             int iteration, std::int64_t time_ms,
                                             std::size_t max_message) {
  if (empty()) return std::nullopt;
  TestCase entry;
  entry.class_name = std::move(class_name);
  entry.name = std::move(phase);
  entry.outside_test = true;
  entry.iteration = iteration;
  entry.time_ms = time_ms;
  entry.status = failures_.empty() ? Status::kSkipped : Status::kError;
  entry.message =
      CapMessage(failures_.empty() ? std::move(skips_) : std::move(failures_), max_message);
  entry.file = std::move(file_);
  entry.line = line_;
  *this = OutsideResults();
  return entry;
}

}  // namespace gtest_webhook::detail
