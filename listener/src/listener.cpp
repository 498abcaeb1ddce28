// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "gtest_webhook/listener.h"

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>

#include "assemble/ci.h"
#include "escape.h"
#include "gtest_compat.h"
#include "model/phases.h"
#include "model/selection/quarantine.h"
#include "model/test_filter.h"
#include "model/text.h"
#include "output_capture.h"
#include "platform/files.h"
#include "platform/signals.h"
#include "sinks.h"

namespace gtest_webhook {
namespace {

using detail::NowUnixMs;
using detail::RandomId;
using detail::Report;
using detail::ShardFromEnvironment;
using detail::TestCase;
using detail::TestFilter;

using Clock = std::chrono::steady_clock;

// The listener that reports for this process: the first one to see the program start. Others
// (auto-registration plus an explicit `install()`, say) stay silent, so exactly one report goes
// out per run.
std::atomic<const void*> g_reporting_listener{nullptr};
std::atomic<bool> g_installed{false};

bool IsDeathTestChild() {
  // Set only in the child that a "threadsafe" death test re-executes; "fast" children are
  // forked and never reach OnTestProgramEnd, and the pid check covers them besides.
  return !detail::DeathTestChildFlag().empty();
}

// GoogleTest's words for an exception that escaped code outside any test, after which it
// abandons the whole run.
bool IsRunAbandoned(const ::testing::TestPartResult& part) {
  return part.file_name() == nullptr &&
         std::string(part.message()).find("thrown in auxiliary test code") != std::string::npos;
}

std::int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

struct Listener::State {
  bool from_environment = true;
  Options options;
  std::shared_ptr<Transport> transport;

  bool active = false;
  std::int64_t pid = 0;
  TestFilter known_bugs{""};
  Report report;
  std::unique_ptr<detail::Sink> sink;
  detail::OutputCapture* capture = nullptr;
  int iteration = 0;

  detail::PhaseTracker phases;
  Clock::time_point phase_start = Clock::now();

  // Test parts can be reported from any thread; GoogleTest serialises OnTestPartResult calls,
  // but not against the main thread's OnTestStart/OnTestEnd.
  std::mutex mutex;
  bool in_test = false;
  detail::OutsideResults outside;

  // Records what was reported outside any test (suite or environment set-up and tear-down)
  // as an entry of its own, so that it is counted and never lost.
  void FlushOutside(const detail::PhaseTracker::Where& where) {
    std::optional<TestCase> entry;
    {
      std::lock_guard<std::mutex> lock(mutex);
      entry = outside.Take(where.first, where.second, iteration, MillisSince(phase_start),
                           options.max_message);
    }
    if (!entry) return;
    entry->binary = report.run.binary;
    sink->Outside(std::move(*entry));
  }

  void StartPhase() {
    phase_start = Clock::now();
    const auto [class_name, phase] = phases.Now();
    sink->PhaseStarted(class_name, phase);
  }

  void Start(const ::testing::UnitTest& unit_test) {
    StartReporting(unit_test);
    // A capture started before the tests were registered serves only a process that reports.
    if (capture == nullptr) detail::OutputCapture::Abandon();
  }

  void StartReporting(const ::testing::UnitTest& unit_test) {
    if (IsDeathTestChild()) return;
    const void* expected = nullptr;
    if (!g_reporting_listener.compare_exchange_strong(expected, this)) return;
    if (from_environment) {
      auto config = OptionsFromProcessEnvironment();
      const platform::SigpipeShield shield;
      for (const auto& problem : config.problems) {
        detail::PrintLine(std::cerr, "gtest-webhook: " + problem);
      }
      options = std::move(config.options);
    }
    // Where the program started, whatever directory a test moves to before the report is written.
    ResolvePaths(options, unit_test.original_working_dir());
    const bool collect = !options.collect_dir.empty();
    if (options.disabled || (!collect && !HasDestination(options))) return;
    pid = platform::ProcessId();
    known_bugs = TestFilter(options.known_bugs);
    auto& run = report.run;
    run.id = RandomId();
    run.started_at_ms = NowUnixMs();
    run.binary = platform::ExecutableName();
    run.host = platform::HostName();
    run.shard = ShardFromEnvironment(ProcessEnvironment());
    run.filter = GTEST_FLAG_GET(filter);
    run.disabled = unit_test.reportable_disabled_test_count();
    sink = collect ? detail::MakeCollectSink(options, report)
                   : detail::MakeReportSink(options, transport, run.binary);
    active = sink != nullptr;
    if (active) capture = detail::OutputCapture::Start(options, sink->RecordFile());
  }

  void StartIteration(const ::testing::UnitTest& unit_test, int number) {
    iteration = number;
    report.run.iterations = number + 1;
    std::optional<std::int64_t> seed;
    if (GTEST_FLAG_GET(shuffle)) seed = unit_test.random_seed();
    // GoogleTest moves to a new seed after every iteration; the first one reproduces the run.
    if (number == 0) report.run.random_seed = seed;
    sink->IterationStarted(number, seed);
  }

  void EndTest(const ::testing::TestInfo& info) {
    detail::TestTags tags;
    if (!known_bugs.empty() || !options.quarantine.empty()) {
      const auto name = std::string(info.test_suite_name()) + '.' + info.name();
      tags.bug = !known_bugs.empty() && known_bugs.Matches(name);
      tags.quarantined =
          detail::QuarantineOf(options.quarantine, name, name) < options.quarantine.size();
    }
    sink->TestEnded(info, tags);
    if (capture != nullptr) Give(capture->TestEnded(!info.result()->Failed()));
  }

  // What tests wrote (SPEC §16), each after its test's end.
  void Give(const std::vector<detail::CapturedTest>& tests) {
    for (const auto& test : tests) sink->Captured(test.test, test.captured);
  }

  // Sends (or, collecting, closes) the report. Reads nothing from the UnitTest, so that it can
  // also run from OnTestPartResult when GoogleTest abandons the run.
  void Finish() {
    if (!active || platform::ProcessId() != pid) return;
    active = false;
    FlushOutside(phases.Environment());
    if (capture != nullptr) {
      Give(capture->Kept());
      // Collecting, the copier records them in the collect file itself when the process ends.
      if (sink->RecordFile().empty()) Give(capture->Findings());
    }
    report.run.finished_at_ms = NowUnixMs();
    sink->Finish(report);
  }
};

// Every callback is a no-throw boundary: a reporting problem must never become a test problem.
#define GTEST_WEBHOOK_GUARDED(body) \
  try {                             \
    body;                           \
  } catch (...) {                   \
  }

Listener::Listener() : state_(std::make_unique<State>()) {}

Listener::Listener(Options options, std::shared_ptr<Transport> transport)
    : state_(std::make_unique<State>()) {
  state_->from_environment = false;
  state_->options = std::move(options);
  state_->transport = std::move(transport);
}

Listener::~Listener() {
  const void* self = state_.get();
  g_reporting_listener.compare_exchange_strong(self, nullptr);
}

void Listener::OnTestProgramStart(const ::testing::UnitTest& unit_test) {
  GTEST_WEBHOOK_GUARDED(state_->Start(unit_test));
}

void Listener::OnTestIterationStart(const ::testing::UnitTest& unit_test, int iteration) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->StartIteration(unit_test, iteration));
}

void Listener::OnEnvironmentsSetUpStart(const ::testing::UnitTest& /*unit_test*/) {
  state_->phases.EnvironmentSetUpStarted();
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->StartPhase());
}

void Listener::OnEnvironmentsSetUpEnd(const ::testing::UnitTest& /*unit_test*/) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->FlushOutside(state_->phases.Now()));
}

void Listener::OnTestSuiteStart(const ::testing::TestSuite& test_suite) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED({
    state_->phases.SuiteStarted(test_suite.name());
    state_->StartPhase();
  });
}

void Listener::OnTestStart(const ::testing::TestInfo& test_info) {
  if (!state_->active) return;
  if (!state_->phases.suite_ran_tests()) {
    GTEST_WEBHOOK_GUARDED(state_->FlushOutside(state_->phases.Now()));
    state_->phases.TestStarted();
  }
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->in_test = true;
  }
  GTEST_WEBHOOK_GUARDED(state_->sink->TestStarted(test_info));
  if (state_->capture != nullptr) GTEST_WEBHOOK_GUARDED(state_->capture->TestStarted());
}

void Listener::OnTestPartResult(const ::testing::TestPartResult& result) {
  // Called with GoogleTest's lock held: read only `result`, never the UnitTest.
  if (!state_->active || (!result.failed() && !result.skipped())) return;
  GTEST_WEBHOOK_GUARDED({
    std::lock_guard<std::mutex> lock(state_->mutex);
    const char* file = result.file_name() != nullptr ? result.file_name() : "";
    if (state_->in_test) {
      // The test's own failures are read from its TestResult when it ends.
      if (result.failed()) state_->sink->TestFailed(result);
    } else if (result.failed()) {
      state_->outside.AddFailure(file, result.line_number(), result.message());
    } else {
      state_->outside.AddSkip(file, result.line_number(), result.message());
    }
  });
  if (IsRunAbandoned(result)) {
    // An exception escaped a global environment (or a listener): GoogleTest stops the run here
    // and never calls OnTestProgramEnd, so this is the last chance to report.
    state_->report.run.status = detail::RunStatus::kCrashed;
    GTEST_WEBHOOK_GUARDED(state_->Finish());
  }
}

void Listener::OnTestEnd(const ::testing::TestInfo& test_info) {
  if (!state_->active) return;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->in_test = false;
  }
  GTEST_WEBHOOK_GUARDED(state_->EndTest(test_info));
  state_->phase_start = Clock::now();
}

void Listener::OnTestSuiteEnd(const ::testing::TestSuite& /*test_suite*/) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->FlushOutside(state_->phases.Now()));
  state_->phases.SuiteEnded();
}

void Listener::OnEnvironmentsTearDownStart(const ::testing::UnitTest& /*unit_test*/) {
  state_->phases.EnvironmentTearDownStarted();
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->StartPhase());
}

void Listener::OnEnvironmentsTearDownEnd(const ::testing::UnitTest& /*unit_test*/) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->FlushOutside(state_->phases.Now()));
}

void Listener::OnTestIterationEnd(const ::testing::UnitTest& /*unit_test*/, int iteration) {
  if (!state_->active) return;
  // Another iteration follows (a negative count repeats forever): keep this one's results.
  const int repeat = GTEST_FLAG_GET(repeat);
  GTEST_WEBHOOK_GUARDED(state_->sink->IterationEnded(repeat < 0 || iteration + 1 < repeat));
}

void Listener::OnTestProgramEnd(const ::testing::UnitTest& /*unit_test*/) {
  GTEST_WEBHOOK_GUARDED(state_->Finish());
}

bool install() {
  try {
    if (g_installed.exchange(true)) return true;
    if (!EnvironmentRequestsReporting()) {
      g_installed = false;
      return false;
    }
    ::testing::UnitTest::GetInstance()->listeners().Append(new Listener());
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace gtest_webhook
