// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Where the listener's results go. Reporting keeps a reference to each of GoogleTest's own
// results and builds one report at the end (ReportSink); collecting writes each result into a
// crash-safe file as it happens, for `gtest-webhook send` (CollectSink). The listener tells a
// sink what happened and in what order; the sink decides what to keep.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "capture/test_output.h"
#include "deliver/dispatch.h"
#include "gtest_webhook/options.h"
#include "model/report.h"

namespace gtest_webhook::detail {

/// What the run's configuration says of a test.
struct TestTags {
  /// It matches GTEST_WEBHOOK_KNOWN_BUGS.
  bool bug = false;
  /// It matches an entry of GTEST_WEBHOOK_QUARANTINE (SPEC §19).
  bool quarantined = false;
};

class Sink {
 public:
  virtual ~Sink() = default;
  /// An iteration of --gtest_repeat starts; `seed` is its random seed with --gtest_shuffle.
  virtual void IterationStarted(int iteration, std::optional<std::int64_t> seed) = 0;
  /// Code outside tests starts: a suite's SetUpTestSuite, the environment's SetUp or TearDown.
  virtual void PhaseStarted(const std::string& class_name, const std::string& phase) = 0;
  virtual void TestStarted(const ::testing::TestInfo& info) = 0;
  /// A failure of the running test. Any thread, with GoogleTest's lock held: must not call
  /// back into GoogleTest.
  virtual void TestFailed(const ::testing::TestPartResult& part) = 0;
  /// The running test ended.
  virtual void TestEnded(const ::testing::TestInfo& info, TestTags tags) = 0;
  /// What the `test`-th test started (from 1) wrote (SPEC §16), given after it ended: a test
  /// that did not pass, or a sanitizer's report in one.
  virtual void Captured(std::uint32_t test, const CapturedOutput& captured) = 0;
  /// The file the copier of the tests' output appends its last records to; none when empty.
  virtual std::string RecordFile() const { return {}; }
  /// What was reported outside tests in a phase, as an entry of its own.
  virtual void Outside(TestCase entry) = 0;
  /// An iteration ended; GoogleTest clears its results before the next one, if any follows.
  virtual void IterationEnded(bool another_follows) = 0;
  /// The run ended (or GoogleTest abandoned it); `report` holds what is known of the run.
  virtual void Finish(Report& report) = 0;
};

/// Fills `entry` from GoogleTest's result of `info`, as run in `iteration`: status, every
/// failure with its location (or why it was skipped), time, properties.
void FillTestCase(const ::testing::TestInfo& info, int iteration, TestTags tags,
                  std::size_t max_message, const std::string& binary, TestCase& entry);

/// One report at the end, dispatched to the reporters of `options`.
std::unique_ptr<Sink> MakeReportSink(const Options& options, std::shared_ptr<Transport> transport,
                                     std::string binary);

/// A collect file in `options.collect_dir` for this process; nullptr, with one line on stderr
/// saying why, when it cannot be created.
std::unique_ptr<Sink> MakeCollectSink(const Options& options, const Report& report);

}  // namespace gtest_webhook::detail
