// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/phases.h"
#include "model/process_report.h"

namespace gtest_webhook::detail {

/// The event a process linked with gtest-webhook adds to its own GoogleTest result stream when
/// `gtest-webhook run` follows it: `event=GtestWebhookCollect&id=ID`, ID being the id of the
/// collect file it writes. The run then reads that file instead of the stream.
inline constexpr std::string_view kCollectAnnouncement = "GtestWebhookCollect";

/// Rebuilds one test process's results from GoogleTest's result stream
/// (`--gtest_stream_result_to`; the same protocol from GoogleTest 1.10 to 1.18), the way the
/// listener does from its callbacks. The stream does not say whether a part is a failure or a
/// skip, so a test that did not pass counts as failed until its suite or iteration is reported
/// passed (GoogleTest's "passed" means nothing failed), and parts outside tests likewise.
class StreamModel {
 public:
  explicit StreamModel(std::size_t max_message);

  /// Feeds one protocol line, without its newline; `now_ms` is when it arrived (Unix ms).
  void Feed(std::string_view line, std::int64_t now_ms);
  /// Feeds every complete line of `pending` (bytes as they arrived) and leaves in it the start
  /// of the next line.
  void FeedComplete(std::string& pending, std::int64_t now_ms);

  /// GoogleTest announced the program start: the process runs tests (a listing never does).
  bool started() const { return started_; }
  /// GoogleTest announced the program end.
  bool finished() const { return finished_; }
  /// The collect-file id announced by a process linked with gtest-webhook; empty otherwise.
  const std::string& announced() const { return announced_; }

  /// What the stream said. When the program did not finish, `running` names the test (or the
  /// phase outside tests) it stopped in, with its time so far measured to `now_ms`.
  ProcessReport Result(std::int64_t now_ms);

 private:
  // Starts the suite or test whose start line came last, its name now complete.
  void StartPending();
  void StartSuite(std::string name, std::int64_t now_ms);
  void StartTest(std::string name, std::int64_t now_ms);
  void AddPart(const std::string& file, int line, const std::string& raw);
  void EndTest(bool passed, std::int64_t elapsed_ms);
  void EndSuite(bool passed, std::int64_t now_ms);
  void EndIteration(bool passed, std::int64_t now_ms);
  // The class name and phase of an entry for what happens outside tests right now.
  // Records what was reported outside tests in the current phase as an entry of its own.
  void FlushOutside(std::int64_t now_ms);
  // What nothing failed in: every entry from `first` on that did not pass was skipped.
  void SettleSkipped(std::size_t first);
  void SettleOutside();

  std::size_t max_message_;
  // A suite or test start whose name may go on in the next line (a name with a line feed).
  struct PendingStart {
    bool suite = false;
    std::string name;
    std::int64_t at_ms = 0;
  };
  std::optional<PendingStart> pending_start_;
  Report report_;
  bool started_ = false;
  bool finished_ = false;
  std::string announced_;
  int iteration_ = 0;
  std::size_t iteration_first_ = 0;
  // The stream has no environment events: its set-up lasts until the first suite starts.
  PhaseTracker phases_;
  std::size_t suite_first_ = 0;
  std::int64_t phase_started_ms_ = 0;
  std::optional<TestCase> running_;
  std::int64_t running_started_ms_ = 0;
  bool running_failed_ = false;  // the running test reported a part that says something
  // Entries outside tests of suites and iterations reported passed (see SettleOutside).
  std::vector<std::size_t> passed_outside_;
  // A part said "Skipped" first, as only GoogleTest 1.10 writes it.
  bool releases_before_1_11_ = false;
  OutsideResults outside_;
};

}  // namespace gtest_webhook::detail
