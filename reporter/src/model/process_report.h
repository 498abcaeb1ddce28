// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/report.h"

namespace gtest_webhook::detail {

/// How a process that did not finish ended, as far as its sources know. The merge says it in
/// the entry that blames the test the process was running.
struct Ending {
  /// The signal that ended it (`SIGSEGV`), when known.
  std::string signal;
  /// Its exit code, when known.
  std::optional<int> exit_code;
  /// It called exit() before GoogleTest finished.
  bool called_exit = false;
  /// When it is not a crash, or more is known than the above: the whole explanation, such as
  /// `timed out: …` or `incomplete: … is truncated`.
  std::string explanation;
  /// Its results came from GoogleTest's result stream, which says nothing of why it ended.
  bool streamed = false;
};

/// What kind of input a process came from, where the merge must know: a linked process leaves
/// a collect file and often GoogleTest's own output file too, which then says nothing new.
enum class InputKind { kCollect, kGoogleTestOutput, kOther };

/// What one source says about one test process: the input of the merge. Every source produces
/// it: the listener's collect file, GoogleTest's result stream, GoogleTest JSON and XML, JUnit,
/// and our own payload files (which stand for a whole earlier report of any number of
/// processes).
struct ProcessReport {
  /// The executions so far and what is known of the run: `run.binary` (empty when the input
  /// does not say), `run.shard`, start and end times, iterations, seed, filter, disabled tests,
  /// host, `run.processes`, and `run.id`, which identifies the input so that the same process
  /// read twice is recognised.
  Report report;
  /// GoogleTest reached the end of the program.
  bool finished = true;
  /// When the process ended early: the test that was running, with what it had reported so
  /// far, or the phase outside tests it was in (`Suite.SetUpTestSuite`, `[global
  /// environment].TearDown` …); `std::nullopt` when nothing is known.
  std::optional<TestCase> running;
  /// When the process ended early: how, as far as known.
  Ending ending;
  /// Where it came from, for messages: a file name, or a description of a live process.
  std::string origin;
  InputKind kind = InputKind::kOther;
  /// The process's id, when the input says (a collect file, a stream `run` followed); 0 when not.
  std::int64_t pid = 0;
};

/// An input that could not be used: a file that is unreadable, truncated, or none of the known
/// formats. Becomes a line on stderr and an `"error"` entry of its own, so that a build never
/// looks stable because a result could not be read.
struct InputProblem {
  std::string origin;
  std::string what;
};

}  // namespace gtest_webhook::detail
