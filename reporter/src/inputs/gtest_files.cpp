// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "inputs/gtest_files.h"

#include <algorithm>

#include "model/phases.h"

namespace gtest_webhook::detail {
namespace {

// `file:line\nmessage` with each half worded by `word`.
template <typename Word>
std::string Reworded(std::string_view text, Word word) {
  const auto newline = text.find('\n');
  if (newline == std::string_view::npos) return std::string(FailureText(text));
  const auto message = word(text.substr(newline + 1));
  if (message.empty()) return {};
  return std::string(text.substr(0, newline + 1)) + std::string(message);
}

}  // namespace

std::string FileFailureText(std::string_view text) {
  return Reworded(text, [](std::string_view message) { return FailureText(message); });
}

std::string FileSkipReason(std::string_view text) {
  return Reworded(text, [](std::string_view message) { return SkipText(message); });
}

bool IsEpoch(const std::string& timestamp) {
  return timestamp.rfind("1970-01-01T00:00:00", 0) == 0;
}

void MarkNeverStarted(TestCase& entry) {
  entry.status = Status::kError;
  entry.message =
      "never started: GoogleTest lists this test as run but it did not start (GoogleTest 1.10 "
      "lists so every test after a global environment's SetUp failed, and does not record that "
      "failure)";
}

void NameOutsideEntries(Report& report, std::size_t first, const std::string& suite) {
  auto& tests = report.test_cases;
  const auto begin = tests.begin() + static_cast<std::ptrdiff_t>(first);
  const bool all_skipped = std::all_of(begin, tests.end(), [](const TestCase& test) {
    return test.outside_test || test.status == Status::kSkipped;
  });
  const char* phase = OutsidePhaseName(suite.empty(), all_skipped);
  for (auto it = begin; it != tests.end(); ++it) {
    if (!it->outside_test || !it->name.empty()) continue;
    it->name = phase;
    // A set-up's entry comes before the tests it skipped, as the listener reports it.
    if (all_skipped && !suite.empty()) std::rotate(begin, it, it + 1);
  }
}

}  // namespace gtest_webhook::detail
