// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "capture/named_output.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

using json = nlohmann::json;

// The longest line looked at for GoogleTest's words; longer ones are output, never its lines.
constexpr std::size_t kMaxLine = 4096;
// What the kept outputs may hold in all until the next question; tests that fail beyond it are
// reported without their output.
constexpr std::size_t kMaxKept = 64U << 20U;

constexpr std::string_view kRun = "[ RUN      ] ";
constexpr std::string_view kFailed = "[  FAILED  ] ";
constexpr std::string_view kOk = "[       OK ] ";
constexpr std::string_view kSkipped = "[  SKIPPED ] ";

// Whether `line` is the end line with `prefix` of test `name`: `[  FAILED  ] Suite.Test (12 ms)`,
// also with `, where GetParam() = …`, or without a time (--gtest_print_time=0). A name may hold
// spaces and commas (testing::RegisterTest), so the line is matched against the name.
bool EndsTest(std::string_view line, std::string_view prefix, std::string_view name) {
  if (line.rfind(prefix, 0) != 0 || line.compare(prefix.size(), name.size(), name) != 0) {
    return false;
  }
  const auto rest = line.substr(prefix.size() + name.size());
  return rest.empty() || ((rest.rfind(" (", 0) == 0 || rest.rfind(", where ", 0) == 0) &&
                          rest.size() >= 2 && rest.substr(rest.size() - 2) == "s)");
}

}  // namespace

void NamedTestOutput::Output(int stream, std::string_view bytes) {
  const int at = stream == 1 ? 0 : 1;
  // Stderr read with stdout that ended a failed test: that test's output. It goes on as all
  // output does only when no other test started since (a sanitizer's report in it, such as
  // LeakSanitizer's at exit, is then found).
  if (stream == 2 && failed_ended_) {
    GiveToEnded(bytes);
    if (!running_.empty()) return;
  }
  while (!bytes.empty()) {
    const auto newline = bytes.find('\n');
    const auto piece = bytes.substr(0, newline == std::string_view::npos ? newline : newline + 1);
    bytes.remove_prefix(piece.size());
    if (long_[at] || partial_[at].size() + piece.size() > kMaxLine) {
      // Not a line of GoogleTest's: it goes on as it is.
      tests_.Output(stream, std::exchange(partial_[at], {}));
      tests_.Output(stream, piece);
      long_[at] = newline == std::string_view::npos;
      continue;
    }
    partial_[at].append(piece);
    if (newline != std::string_view::npos) Line(stream, std::exchange(partial_[at], {}));
  }
}

void NamedTestOutput::Line(int stream, std::string_view line) {
  auto text = line.substr(0, line.size() - 1);  // without its newline
  // On Windows the C runtime's text mode ends GoogleTest's lines with `\r\n`.
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  // A test starts only once the one before has ended: a `[ RUN ]` line that a test prints itself
  // is its output, and never takes another test's output from it.
  if (running_.empty() && text.rfind(kRun, 0) == 0) Started(std::string(text.substr(kRun.size())));
  tests_.Output(stream, line);
  if (running_.empty()) return;
  if (EndsTest(text, kFailed, running_)) {
    auto captured = DecodeCaptured(tests_.Answer(TestOutput::kAskTest));
    std::size_t kept = 0;
    for (const auto& output : kept_) kept += output.captured.output.size();
    const bool keep = kept + captured.output.size() <= kMaxKept;
    if (keep) kept_.push_back({running_, std::move(captured)});
    if (stream == 1 && keep && !failed_ended_) failed_ended_ = kept_.size() - 1;
    previous_ = std::exchange(running_, {});
  } else if (EndsTest(text, kOk, running_) || EndsTest(text, kSkipped, running_)) {
    previous_ = std::exchange(running_, {});
  }
}

void NamedTestOutput::GiveToEnded(std::string_view bytes) {
  auto& output = kept_[*failed_ended_].captured.output;
  // Before the test's end line, the last line of what it wrote.
  const auto end_line = output.size() < 2 ? 0 : output.rfind('\n', output.size() - 2) + 1;
  output.insert(end_line, bytes);
  if (output.size() > max_) output.erase(0, Utf8Start(output, output.size() - max_));
}

// A test starts: TestOutput keeps nothing more of the one before, and makes a finding of its
// sanitizer report, if it had one nobody asked about.
void NamedTestOutput::Started(std::string name) {
  tests_.Marked(TestOutput::StartMark(++number_));
  TakeFindings();
  running_ = std::move(name);
}

void NamedTestOutput::TakeFindings() {
  for (auto& finding : tests_.TakeFindings()) {
    if (!previous_.empty()) kept_.push_back({previous_, std::move(finding.captured)});
  }
}

std::string NamedTestOutput::Answer(std::string_view question) {
  if (question != kAskNamed) return {};
  for (const int stream : {1, 2}) {
    const int at = stream - 1;
    tests_.Output(stream, std::exchange(partial_[at], {}));
    long_[at] = false;
  }
  if (!running_.empty()) {
    // The test the process was in when it ended: all it wrote, and any report.
    kept_.push_back({running_, DecodeCaptured(tests_.Answer(TestOutput::kAskTest))});
    running_.clear();
  }
  tests_.Marked(TestOutput::StartMark(++number_));
  TakeFindings();
  previous_.clear();
  failed_ended_.reset();
  return EncodeNamed(std::exchange(kept_, {}));
}

std::string EncodeNamed(const std::vector<NamedOutput>& outputs) {
  auto list = json::array();
  for (const auto& output : outputs) {
    list.push_back({output.test, output.captured.summary, output.captured.output});
  }
  return list.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<NamedOutput> DecodeNamed(std::string_view bytes) {
  std::vector<NamedOutput> outputs;
  const auto list = json::parse(bytes, nullptr, false);
  if (!list.is_array()) return outputs;
  for (const auto& item : list) {
    if (!item.is_array() || item.size() != 3 || !item[0].is_string() || !item[1].is_string() ||
        !item[2].is_string()) {
      continue;
    }
    outputs.push_back(
        {item[0].get<std::string>(), {item[2].get<std::string>(), item[1].get<std::string>()}});
  }
  return outputs;
}

namespace {

// The test of `process` that `named` is of and that has no output yet (see AttributeOutputs).
TestCase* Unexplained(ProcessReport& process, const NamedOutput& named) {
  const auto is_named = [&named](const TestCase& test) {
    return test.output.empty() &&
           named.test.size() == test.class_name.size() + 1 + test.name.size() &&
           named.test.compare(0, test.class_name.size(), test.class_name) == 0 &&
           named.test.compare(test.class_name.size() + 1, std::string::npos, test.name) == 0;
  };
  for (auto& test : process.report.test_cases) {
    if (is_named(test) && (test.status != Status::kPassed || !named.captured.summary.empty())) {
      return &test;
    }
  }
  return process.running && !process.finished && is_named(*process.running) ? &*process.running
                                                                            : nullptr;
}

}  // namespace

ProcessReport* CapturedProcess(std::vector<ProcessReport>& processes, std::int64_t started_pid) {
  ProcessReport* target = nullptr;
  for (auto& process : processes) {
    if (process.pid == started_pid || processes.size() == 1) target = &process;
  }
  return target != nullptr && target->kind != InputKind::kCollect ? target : nullptr;
}

void AttributeOutputs(std::vector<NamedOutput> outputs, bool links_sanitizer,
                      std::size_t max_message, ProcessReport& process) {
  for (auto& named : outputs) {
    if (!named.captured.summary.empty() &&
        !IsRuntimesReport(named.captured, process.pid, links_sanitizer)) {
      named.captured.summary.clear();
    }
    if (auto* test = Unexplained(process, named)) {
      ApplyCaptured(named.captured, max_message, *test);
    }
  }
}

}  // namespace gtest_webhook::detail
