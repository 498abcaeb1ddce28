// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "capture/test_output.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "capture/collect_format.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

using json = nlohmann::json;

// Reports kept for tests nobody asked about, at most: each is at most max_bytes.
constexpr std::size_t kMaxFindings = 100;
// The longest line looked at for the sanitizers' words.
constexpr std::size_t kMaxLine = 1024;

constexpr std::string_view kSanitizers[] = {"AddressSanitizer", "LeakSanitizer", "ThreadSanitizer",
                                            "UndefinedBehaviorSanitizer"};

// Whether `text` starts with one of the sanitizers' names and a colon.
bool StartsWithSanitizer(std::string_view text) {
  return std::any_of(std::begin(kSanitizers), std::end(kSanitizers), [text](auto name) {
    return text.rfind(name, 0) == 0 && text.substr(name.size(), 1) == ":";
  });
}

// Whether `where` is UndefinedBehaviorSanitizer's location: `file:line:col`, or `<unknown>`.
bool IsLocation(std::string_view where) {
  if (where.size() >= 9 && where.substr(where.size() - 9) == "<unknown>") return true;
  for (int number = 0; number < 2; ++number) {
    const auto colon = where.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == where.size() ||
        where.find_first_not_of("0123456789", colon + 1) != std::string_view::npos) {
      return false;
    }
    where = where.substr(0, colon);
  }
  return !where.empty();
}

// The first line of a report of AddressSanitizer, LeakSanitizer or ThreadSanitizer
// ("==12==ERROR: AddressSanitizer: heap-use-after-free …", "WARNING: ThreadSanitizer: data race
// …"), or of UndefinedBehaviorSanitizer ("x.cc:4:9: runtime error: signed integer overflow …").
// Only the runtimes' own shapes: "panic: runtime error: …" (Go) is no report.
bool StartsReport(std::string_view line) {
  for (const std::string_view kind : {"ERROR: ", "WARNING: "}) {
    const auto at = line.find(kind);
    if (at != std::string_view::npos && StartsWithSanitizer(line.substr(at + kind.size()))) {
      return true;
    }
  }
  const auto runtime_error = line.find(": runtime error: ");
  return runtime_error != std::string_view::npos && IsLocation(line.substr(0, runtime_error));
}

// "SUMMARY: AddressSanitizer: heap-use-after-free x.cc:12 in F()", every sanitizer's last line
// (not "SUMMARY: Sanitizer checks in config: 0 failures").
bool IsSummary(std::string_view line) {
  return line.rfind("SUMMARY: ", 0) == 0 && StartsWithSanitizer(line.substr(9));
}

// How many bytes at the start of `bytes` are whole lines in which no sanitizer report can start
// or end: every such line holds "Sanitizer" or "runtime error" (see StartsReport, IsSummary).
std::size_t QuietLines(std::string_view bytes) {
  const auto word = std::min(bytes.find("Sanitizer"), bytes.find("runtime error"));
  const auto end = std::min(word, bytes.size());
  if (end == 0) return 0;
  const auto newline = bytes.rfind('\n', end - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

}  // namespace

TestOutput::TestOutput(std::size_t max_bytes, bool sanitizer_runtime)
    : max_(max_bytes), sanitizer_runtime_(sanitizer_runtime) {
  ring_.reserve(max_);
}

void TestOutput::Output(int stream, std::string_view bytes) {
  std::string& partial = partial_[stream == 1 ? 0 : 1];
  while (!bytes.empty()) {
    if (partial.empty()) {
      // Lines without the sanitizers' words only need keeping: all of them at once.
      if (const auto quiet = QuietLines(bytes); quiet > 0) {
        Keep(bytes.substr(0, quiet));
        bytes.remove_prefix(quiet);
        continue;
      }
    }
    const auto newline = bytes.find('\n');
    const auto line = bytes.substr(0, newline == std::string_view::npos ? newline : newline + 1);
    Keep(line);
    const auto text = line.substr(0, newline);
    if (partial.size() < kMaxLine) partial.append(text.substr(0, kMaxLine - partial.size()));
    if (newline == std::string_view::npos) return;
    Line(partial);
    partial.clear();
    bytes.remove_prefix(line.size());
  }
}

void TestOutput::Keep(std::string_view bytes) {
  total_ += bytes.size();
  if (in_report_ && head_.size() < max_ / 2) {
    head_.append(bytes.substr(0, max_ / 2 - head_.size()));
  }
  if (max_ == 0) return;
  if (bytes.size() >= max_) bytes.remove_prefix(bytes.size() - max_);
  while (!bytes.empty()) {
    if (ring_.size() < max_) {
      const auto n = std::min(bytes.size(), max_ - ring_.size());
      ring_.append(bytes.substr(0, n));
      bytes.remove_prefix(n);
      continue;
    }
    const auto n = std::min(bytes.size(), max_ - ring_at_);
    ring_.replace(ring_at_, n, bytes.substr(0, n));
    ring_at_ = (ring_at_ + n) % max_;
    bytes.remove_prefix(n);
  }
}

void TestOutput::Line(std::string_view line) {
  // Without a sanitizer's runtime in the process, what looks like a report is a test's output.
  if (!sanitizer_runtime_) return;
  // A summary ends a report that started; one printed alone is a test's output.
  if (IsSummary(line) && in_report_) {
    if (summary_.empty() || summary_is_made_) summary_ = std::string(line);
    summary_is_made_ = false;
    return;
  }
  if (in_report_ || !StartsReport(line)) return;
  const auto runtime_error = line.find(": runtime error: ");
  if (runtime_error != std::string_view::npos && summary_.empty()) {
    // UndefinedBehaviorSanitizer goes on after a report and prints its summary line only when
    // asked to (print_summary with halt_on_error): the line it would print, until it does.
    summary_ = "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior " +
               std::string(line.substr(0, runtime_error));
    summary_is_made_ = true;
  }
  // From here the test's output is the report, which begins with this line.
  Restart(true);
  Keep(std::string(line) + '\n');
}

void TestOutput::Restart(bool report) {
  ring_.clear();
  ring_at_ = 0;
  total_ = 0;
  in_report_ = report;
  head_.clear();
}

std::string TestOutput::Text() const {
  std::string text = ring_.substr(ring_at_) + ring_.substr(0, ring_at_);
  if (total_ <= text.size()) return text;
  if (!in_report_) return text.substr(Utf8Start(text, 0));
  // A long report: its head and its tail.
  const auto marker = CutMarker(total_);
  if (head_.size() + marker.size() >= max_) return head_;
  const auto tail = max_ - head_.size() - marker.size();
  const auto cut = total_ - head_.size() - tail;
  return head_ + CutMarker(cut) + text.substr(Utf8Start(text, text.size() - tail));
}

void TestOutput::KeepFinding() {
  if (summary_.empty() || asked_ || findings_.size() >= kMaxFindings) return;
  findings_.push_back({test_, {Text(), summary_}});
}

void TestOutput::KeepTest() {
  asked_ = true;
  kept_.push_back({test_, {Text(), summary_}});
}

void TestOutput::Marked(std::uint32_t number) {
  if (number % 2 == 1) {
    if (number / 2 == test_) KeepTest();
    return;
  }
  KeepFinding();
  test_ = number / 2;
  Restart(false);
  summary_.clear();
  summary_is_made_ = false;
  asked_ = false;
}

std::string TestOutput::Answer(std::string_view question) {
  if (question == kAskTest) {
    asked_ = true;
    return EncodeCaptured({Text(), summary_});
  }
  if (question == kAskKept) return EncodeCapturedTests(std::exchange(kept_, {}));
  if (question == kAskFindings) {
    auto findings = findings_;
    if (!asked_ && !summary_.empty()) findings.push_back({test_, {Text(), summary_}});
    return EncodeCapturedTests(findings);
  }
  return {};
}

std::string TestOutput::Ended() {
  KeepFinding();
  std::string records;
  for (const auto& kept : kept_) {
    AppendOutputRecord(records, kept.test, kept.captured.summary, kept.captured.output);
    records += '\n';
  }
  if (test_ != 0 && total_ > 0) {
    AppendTailRecord(records, test_, Text());
    records += '\n';
  }
  for (const auto& finding : findings_) {
    AppendOutputRecord(records, finding.test, finding.captured.summary, finding.captured.output);
    records += '\n';
  }
  return records;
}

bool IsRuntimesReport(const CapturedOutput& captured, std::int64_t pid, bool has_runtime) {
  if (!has_runtime || captured.summary.empty()) return false;
  if (captured.summary.rfind("SUMMARY: UndefinedBehaviorSanitizer:", 0) == 0) return true;
  // The runtime's first line names the process: `==PID==ERROR: …`, or ThreadSanitizer's
  // `WARNING: ThreadSanitizer: … (pid=PID)`.
  const auto id = std::to_string(pid);
  return pid > 0 && (captured.output.find("==" + id + "==ERROR: ") != std::string::npos ||
                     captured.output.find("(pid=" + id + ")") != std::string::npos);
}

const std::vector<std::string_view>& SanitizerRuntimeMarks() {
  // A runtime linked as a library is named among the executable's needed libraries; code built
  // with a sanitizer calls its runtime's entry points by name, linked in (Clang's default) or not.
  static const std::vector<std::string_view> marks = {
      "libasan.so",  "libubsan.so",     "libtsan.so",  "liblsan.so",
      "__asan_init", "__ubsan_handle_", "__tsan_init", "__lsan_"};
  return marks;
}

bool LinksSanitizerRuntime(std::string_view executable) {
  const auto& marks = SanitizerRuntimeMarks();
  return std::any_of(marks.begin(), marks.end(), [executable](std::string_view mark) {
    return executable.find(mark) != std::string_view::npos;
  });
}

void ApplyCaptured(const CapturedOutput& captured, std::size_t max_message, TestCase& entry) {
  if (!captured.output.empty()) entry.output = captured.output;
  if (captured.summary.empty() || entry.message.rfind(captured.summary, 0) == 0) return;
  entry.status = Status::kError;
  entry.message = CapMessage(
      captured.summary + (entry.message.empty() ? "" : "\n\n") + entry.message, max_message);
}

std::string EncodeCaptured(const CapturedOutput& captured) {
  return captured.summary + '\n' + captured.output;
}

CapturedOutput DecodeCaptured(std::string_view bytes) {
  const auto newline = bytes.find('\n');
  if (newline == std::string_view::npos) return {};
  return {std::string(bytes.substr(newline + 1)), std::string(bytes.substr(0, newline))};
}

std::string EncodeCapturedTests(const std::vector<CapturedTest>& tests) {
  auto list = json::array();
  for (const auto& test : tests) {
    list.push_back({test.test, test.captured.summary, test.captured.output});
  }
  return list.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<CapturedTest> DecodeCapturedTests(std::string_view bytes) {
  std::vector<CapturedTest> findings;
  const auto list = json::parse(bytes, nullptr, false);
  if (!list.is_array()) return findings;
  for (const auto& item : list) {
    if (!item.is_array() || item.size() != 3 || !item[0].is_number_unsigned() ||
        !item[1].is_string() || !item[2].is_string()) {
      continue;
    }
    findings.push_back(
        {item[0].get<std::uint32_t>(), {item[2].get<std::string>(), item[1].get<std::string>()}});
  }
  return findings;
}

}  // namespace gtest_webhook::detail
