// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What each test wrote (SPEC §16), as the copying process of an OutputTee keeps it: the tail of
// the running test's output, and the reports of the sanitizers, attributed to the test that was
// running when they were written.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/report.h"
#include "platform/capture.h"

namespace gtest_webhook::detail {

/// What is known of one test's output: the text kept of it, valid UTF-8 once written as JSON,
/// and the `SUMMARY:` line of the first sanitizer report in it (empty when none).
struct CapturedOutput {
  std::string output;
  std::string summary;
};

/// What test `test` wrote (numbered from 1 in start order by OutputTee marks): a test that did
/// not pass, or a sanitizer's report in one.
struct CapturedTest {
  std::uint32_t test = 0;
  CapturedOutput captured;
};

/// Keeps, of what a test process writes, the last `max_bytes` of the running test's output and
/// every sanitizer report: a report's output is the report, its head and tail when it is longer
/// than `max_bytes`. Two kinds of mark: StartMark(K), test K starts; KeepMark(K), test K ended
/// without passing, and what it wrote is kept for it (no question per test: the test process
/// only writes a mark). Questions:
///   kAskTest      what the running test wrote: EncodeCaptured of it; it is then the test's
///                 to report, and no finding is kept for it;
///   kAskKept      EncodeCapturedTests of the tests kept since the last time, which are then
///                 no longer kept;
///   kAskFindings  EncodeCapturedTests of the reports in tests nobody kept or asked about.
/// When the process ends, Ended returns the collect-file records (SPEC §10) of the kept tests
/// nobody asked for, of the running test's tail and of those findings.
class TestOutput final : public platform::TeeObserver {
 public:
  static constexpr std::string_view kAskTest = "test";
  static constexpr std::string_view kAskKept = "kept";
  static constexpr std::string_view kAskFindings = "findings";
  /// The most tests a process can number: marks are 32-bit, two per test.
  static constexpr std::uint32_t kMaxTests = 0x7FFFFFFF;
  static constexpr std::uint32_t StartMark(std::uint32_t test) { return 2 * test; }
  static constexpr std::uint32_t KeepMark(std::uint32_t test) { return 2 * test + 1; }

  /// `sanitizer_runtime`: a sanitizer's runtime is in the test process; without one, nothing it
  /// writes is a sanitizer's report, whatever it looks like.
  explicit TestOutput(std::size_t max_bytes, bool sanitizer_runtime = true);

  void Output(int stream, std::string_view bytes) override;
  void Marked(std::uint32_t number) override;
  std::string Answer(std::string_view question) override;
  std::string Ended() override;

  /// The running test's text as kept now.
  std::string Text() const;
  /// The reports kept for tests nobody asked about, which are then no longer kept.
  std::vector<CapturedTest> TakeFindings() { return std::exchange(findings_, {}); }

 private:
  void Keep(std::string_view bytes);
  void Line(std::string_view line);
  void KeepFinding();
  void KeepTest();
  // Keeps nothing of what came before: a new test, or (`report`) a report starts.
  void Restart(bool report);

  std::size_t max_;
  bool sanitizer_runtime_ = true;
  std::uint32_t test_ = 0;
  // The last max_ bytes since the test started (or its report did), as a ring.
  std::string ring_;
  std::size_t ring_at_ = 0;
  std::uint64_t total_ = 0;
  // A report's first bytes, kept when one started.
  bool in_report_ = false;
  std::string head_;
  std::string summary_;
  bool summary_is_made_ = false;  // made from a runtime error's line, not printed
  bool asked_ = false;
  // The unfinished line of each stream, up to a bound, to look for the sanitizers' words.
  std::string partial_[2];
  std::vector<CapturedTest> findings_;
  std::vector<CapturedTest> kept_;
};

/// Whether `captured`, a sanitizer's report seen in the output of process `pid` (0: not known),
/// is the runtime's own and not text a test printed: the process's executable links a runtime
/// (`has_runtime`), and a report of AddressSanitizer, LeakSanitizer or ThreadSanitizer names that
/// process (`==PID==ERROR: …`, `(pid=PID)`), not another one it was copied from.
/// UndefinedBehaviorSanitizer's reports name no process.
bool IsRuntimesReport(const CapturedOutput& captured, std::int64_t pid, bool has_runtime);

/// What an executable that links a sanitizer's runtime holds, one of them at least.
const std::vector<std::string_view>& SanitizerRuntimeMarks();

/// Whether `executable` (an executable file's bytes) links a sanitizer's runtime: it holds one
/// of SanitizerRuntimeMarks.
bool LinksSanitizerRuntime(std::string_view executable);

/// Puts what a test wrote into its entry: the output, and a sanitizer's summary, which makes it
/// an error whose message begins with that line.
void ApplyCaptured(const CapturedOutput& captured, std::size_t max_message, TestCase& entry);

std::string EncodeCaptured(const CapturedOutput& captured);
CapturedOutput DecodeCaptured(std::string_view bytes);
std::string EncodeCapturedTests(const std::vector<CapturedTest>& tests);
std::vector<CapturedTest> DecodeCapturedTests(std::string_view bytes);

}  // namespace gtest_webhook::detail
