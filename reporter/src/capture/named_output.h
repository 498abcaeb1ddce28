// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What each test of a process without marks of its own wrote (SPEC §16): a GoogleTest binary not
// linked with gtest-webhook that `gtest-webhook run` started. Its tests are told apart by
// GoogleTest's own lines, `[ RUN      ] Suite.Test` and `[  FAILED  ] Suite.Test (12 ms)`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/test_output.h"
#include "model/process_report.h"
#include "platform/capture.h"

namespace gtest_webhook::detail {

/// What one test wrote, by its full name (`Suite.Test`, as GoogleTest prints it).
struct NamedOutput {
  std::string test;
  CapturedOutput captured;
};

/// Keeps, as TestOutput does, the tail of every test that failed and every sanitizer report, by
/// test name. The question kAskNamed gets EncodeNamed of the tests that failed, of the test still
/// running (a process that died in it) and of the tests a sanitizer reported on, since the last
/// question; the next process starts afresh.
///
/// With stdout and stderr in two pipes there are no marks to order them: in one pass the copier
/// reads stderr, then stdout, and gives stdout's bytes first. Stderr's bytes of a pass whose
/// stdout ended a failed test were written before that end was read: they are that test's,
/// before its end line (the first such test's, and no later test's). Otherwise they are the
/// running test's, as one pipe's would be.
class NamedTestOutput final : public platform::TeeObserver {
 public:
  static constexpr std::string_view kAskNamed = "named";

  explicit NamedTestOutput(std::size_t max_bytes) : max_(max_bytes), tests_(max_bytes) {}

  void Output(int stream, std::string_view bytes) override;
  void Marked(std::uint32_t /*number*/) override {}
  void PassStarted() override { failed_ended_.reset(); }
  std::string Answer(std::string_view question) override;
  std::string Ended() override { return {}; }

 private:
  void Line(int stream, std::string_view line);
  void Started(std::string name);
  void TakeFindings();
  // Gives `bytes` of stderr to the failed test that ended first in this pass's stdout.
  void GiveToEnded(std::string_view bytes);

  std::size_t max_;
  TestOutput tests_;
  // The first failed test that ended in this pass's stdout: the index of its output in kept_.
  std::optional<std::size_t> failed_ended_;
  std::uint32_t number_ = 0;
  std::string running_;   // the test whose `[ RUN ]` line came last, until its end
  std::string previous_;  // the test before, whose findings TestOutput keeps once the next starts
  // The unfinished line of each stream, up to a bound; `long_` when a line outgrew it.
  std::string partial_[2];
  bool long_[2] = {false, false};
  std::vector<NamedOutput> kept_;
};

std::string EncodeNamed(const std::vector<NamedOutput>& outputs);

/// The process of `processes` whose output `run`'s own capture saw: the one it started
/// (`started_pid`), or the only one; none when that process is a linked one (it captured its
/// own) or no process is. Others under the command (ctest's) write where their runner chooses.
ProcessReport* CapturedProcess(std::vector<ProcessReport>& processes, std::int64_t started_pid);

/// Gives each of `outputs` to its test in `process` (SPEC §16): the next execution of it without
/// output that did not pass or that a sanitizer reported on, else the test the process was
/// running when it ended (a crash, a timeout, a cancellation). What only looks like a
/// sanitizer's report (the process's executable links no sanitizer, `links_sanitizer`, or the
/// report is of another process) is the test's output.
void AttributeOutputs(std::vector<NamedOutput> outputs, bool links_sanitizer,
                      std::size_t max_message, ProcessReport& process);
std::vector<NamedOutput> DecodeNamed(std::string_view bytes);

}  // namespace gtest_webhook::detail
