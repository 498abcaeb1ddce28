// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/report.h"

#include "model/spellings.h"

namespace gtest_webhook::detail {

bool IsProblem(Status status) { return status == Status::kFailed || status == Status::kError; }

const std::vector<std::string>& OwnersOf(const Report& report, const TestCase& test) {
  static const std::vector<std::string> kNobody;
  if (report.owners.empty()) return kNobody;
  const auto found = report.owners.find(test.file);
  return found == report.owners.end() ? kNobody : found->second;
}

const char* ToString(Status status) {
  switch (status) {
    case Status::kPassed:
      return "passed";
    case Status::kFailed:
      return "failed";
    case Status::kError:
      return "error";
    case Status::kSkipped:
      return "skipped";
  }
  return "passed";
}

namespace {

constexpr Choice<RunStatus> kRunStatuses[] = {{"finished", RunStatus::kFinished},
                                              {"crashed", RunStatus::kCrashed},
                                              {"timeout", RunStatus::kTimeout},
                                              {"canceled", RunStatus::kCanceled}};
constexpr Choice<Event> kEvents[] = {{"RUN_FINISH", Event::kRunFinish},
                                     {"RUN_START", Event::kRunStart},
                                     {"RUN_TIMEOUT", Event::kRunTimeout},
                                     {"RUN_CANCELED", Event::kRunCanceled},
                                     {"TEST", Event::kTest}};

}  // namespace

const char* ToString(RunStatus status) { return SpellingOf(kRunStatuses, status); }

std::optional<RunStatus> ParseRunStatus(std::string_view text) {
  return ValueSpelled(kRunStatuses, text);
}

const char* ToString(Event event) { return SpellingOf(kEvents, event); }

std::optional<Event> ParseEvent(std::string_view text) { return ValueSpelled(kEvents, text); }

std::size_t TestCaseCount(const Report& report) {
  return report.source ? report.source->size() : report.test_cases.size();
}

const TestCase& TestCaseAt(const Report& report, std::size_t index, TestCase& scratch) {
  return report.source ? report.source->Get(index, scratch) : report.test_cases[index];
}

std::string FullName(const TestCase& test) { return test.class_name + '.' + test.name; }

bool operator==(const TestId& a, const TestId& b) {
  return a.name == b.name && a.suite == b.suite && a.binary == b.binary;
}

std::size_t TestIdHash::operator()(const TestId& id) const noexcept {
  const std::hash<std::string> hash;
  std::size_t seed = hash(id.name);
  for (const auto* part : {&id.suite, &id.binary}) {
    seed ^= hash(*part) + 0x9e3779b97f4a7c15ULL + (seed << 6U) + (seed >> 2U);
  }
  return seed;
}

TestId IdOf(const TestCase& test) { return {test.binary, test.class_name, test.name}; }

bool operator==(const AttemptKey& a, const AttemptKey& b) {
  return a.iteration == b.iteration && a.test == b.test;
}

std::size_t AttemptKeyHash::operator()(const AttemptKey& key) const noexcept {
  return TestIdHash()(key.test) ^ (std::hash<int>()(key.iteration) << 1U);
}

}  // namespace gtest_webhook::detail
