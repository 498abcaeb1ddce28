#include "model/report.h"

namespace gtest_webhook::detail {

bool IsProblem(Status status) { return status == Status::kFailed || status == Status::kError; }

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

template <typename Value>
struct Spelling {
  Value value;
  const char* text;
};

constexpr Spelling<RunStatus> kRunStatuses[] = {{RunStatus::kFinished, "finished"},
                                                {RunStatus::kCrashed, "crashed"},
                                                {RunStatus::kTimeout, "timeout"},
                                                {RunStatus::kCanceled, "canceled"}};
constexpr Spelling<Event> kEvents[] = {{Event::kRunFinish, "RUN_FINISH"},
                                       {Event::kRunStart, "RUN_START"},
                                       {Event::kRunTimeout, "RUN_TIMEOUT"},
                                       {Event::kRunCanceled, "RUN_CANCELED"},
                                       {Event::kTest, "TEST"}};

template <typename Value, std::size_t N>
const char* Spell(const Spelling<Value> (&table)[N], Value value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.text;
  }
  return table[0].text;
}

template <typename Value, std::size_t N>
std::optional<Value> Parse(const Spelling<Value> (&table)[N], std::string_view text) {
  for (const auto& entry : table) {
    if (text == entry.text) return entry.value;
  }
  return std::nullopt;
}

}  // namespace

const char* ToString(RunStatus status) { return Spell(kRunStatuses, status); }

std::optional<RunStatus> ParseRunStatus(std::string_view text) { return Parse(kRunStatuses, text); }

const char* ToString(Event event) { return Spell(kEvents, event); }

std::optional<Event> ParseEvent(std::string_view text) { return Parse(kEvents, text); }

std::size_t TestCaseCount(const Report& report) {
  return report.source ? report.source->size() : report.test_cases.size();
}

const TestCase& TestCaseAt(const Report& report, std::size_t index, TestCase& scratch) {
  return report.source ? report.source->Get(index, scratch) : report.test_cases[index];
}

std::string FullName(const TestCase& test) { return test.class_name + '.' + test.name; }

std::string TestKey(const TestCase& test) {
  return test.binary.empty() ? FullName(test) : test.binary + ':' + FullName(test);
}

}  // namespace gtest_webhook::detail
