// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The one report of `gtest-webhook run` (SPEC §8, §10): what the test processes of its command
// said, completed with what only the run knows: how the command ended, its timeout or
// cancellation, a command that could not start or that failed while every test passed.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/process_report.h"
#include "model/report.h"
#include "model/summary.h"
#include "platform/process.h"

namespace gtest_webhook::detail {

/// What `run` knows of its command, which its test processes could not say.
struct CommandRun {
  std::vector<std::string> command;
  /// --timeout, 0 when none.
  double timeout_seconds = 0;
  /// How the command ended.
  platform::Ending status;
  bool timed_out = false;
  /// The first SIGINT or SIGTERM `run` received (and passed on), 0 when none.
  int canceled_by = 0;
  std::chrono::milliseconds elapsed{0};
  /// Unix milliseconds when the command started.
  std::int64_t started_at_ms = 0;
  /// Why the command could not be executed at all; empty when it ran.
  std::string exec_error;
};

/// The run's one report: `processes` (one per test process, in the order they started) and
/// `problems` merged, each process that ended early told how (a timeout, a cancellation, the
/// command's own end for its only process), a failure the tests do not explain (the command
/// failed while every test passed, or before any ran, or could not start) made an entry, the
/// event and status set, the sharding and filter the tree shared (from `env` and the command)
/// said. Lines worth telling the user go to `notes`.
Report RunReport(const CommandRun& facts, std::vector<ProcessReport> processes,
                 std::vector<InputProblem> problems, const EnvLookup& env,
                 std::vector<std::string>& notes);

/// True when there is nothing to report: no test ran, nothing failed, nothing stopped it (a
/// listing, a command that runs no GoogleTest test).
bool RanNoTests(const CommandRun& facts, const std::vector<ProcessReport>& processes,
                const std::vector<InputProblem>& problems);

/// How the run's report leaves: to the reporters of `options`, or, with
/// GTEST_WEBHOOK_COLLECT_DIR, into that directory (created) as `run-<id>.gtest-webhook.json` for
/// a later `send`, and to no reporter; a cancelled run's delivery ends within `grace_seconds`.
Options RunDelivery(Options options, const CommandRun& facts, double grace_seconds,
                    const std::string& run_id);

/// `run`'s exit code: the command's (128 + N when it died of signal N), 124 on a timeout.
int RunExitCode(const CommandRun& facts);

/// `run`'s exit code once its report (counted in `summary`) is known: `exit_code`, but 0 when
/// the command failed only for tests whose failures leave the build stable, tests that passed
/// when `retried` (SPEC §16) and tests in quarantine (SPEC §19), and it neither timed out nor
/// was cancelled.
int FinalExitCode(int exit_code, const CommandRun& facts, const Summary& summary, bool retried);

}  // namespace gtest_webhook::detail
