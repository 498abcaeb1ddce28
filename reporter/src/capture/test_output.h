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

/// A sanitizer report found in test `test` (numbered from 1 in start order by OutputTee marks).
struct SanitizerFinding {
  std::uint32_t test = 0;
  CapturedOutput captured;
};

/// Keeps, of what a test process writes, the last `max_bytes` of the running test's output (a
/// mark starts a new test) and every sanitizer report: a report's output is the report, its
/// head and tail when it is longer than `max_bytes`. Questions:
///   kAskTest      what the running test wrote: EncodeCaptured of it; it is then the test's
///                 to report, and no finding is kept for it;
///   kAskFindings  EncodeFindings of the reports in tests nobody asked about.
/// When the process ends, Ended returns the collect-file records (SPEC §10) of the running
/// test's tail and of those findings.
class TestOutput final : public platform::TeeObserver {
 public:
  static constexpr std::string_view kAskTest = "test";
  static constexpr std::string_view kAskFindings = "findings";

  explicit TestOutput(std::size_t max_bytes);

  void Output(int stream, std::string_view bytes) override;
  void Marked(std::uint32_t number) override;
  std::string Answer(std::string_view question) override;
  std::string Ended() override;

  /// The running test's text as kept now.
  std::string Text() const;
  /// The reports kept for tests nobody asked about, which are then no longer kept.
  std::vector<SanitizerFinding> TakeFindings() { return std::exchange(findings_, {}); }

 private:
  void Keep(std::string_view bytes);
  void Line(std::string_view line);
  void KeepFinding();
  // Keeps nothing of what came before: a new test, or (`report`) a report starts.
  void Restart(bool report);

  std::size_t max_;
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
  std::vector<SanitizerFinding> findings_;
};

/// Puts what a test wrote into its entry: the output, and a sanitizer's summary, which makes it
/// an error whose message begins with that line.
void ApplyCaptured(const CapturedOutput& captured, std::size_t max_message, TestCase& entry);

std::string EncodeCaptured(const CapturedOutput& captured);
CapturedOutput DecodeCaptured(std::string_view bytes);
std::string EncodeFindings(const std::vector<SanitizerFinding>& findings);
std::vector<SanitizerFinding> DecodeFindings(std::string_view bytes);

}  // namespace gtest_webhook::detail
