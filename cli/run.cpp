// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// `gtest-webhook run -- COMMAND`: runs one GoogleTest binary, or any command that runs them
// (ctest, a script, gtest-parallel), follows every test process live, and sends one report for
// all of them, whatever happens to them or to the command.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "assemble/complete.h"
#include "assemble/run/run_session.h"
#include "deliver/dispatch.h"
#include "deliver/retry.h"
#include "escape.h"
#include "model/summary.h"
#include "model/text.h"
#include "platform/signals.h"
#include "retry.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

constexpr const char* kHelp =
    R"(Usage: gtest-webhook run [--timeout SECONDS] [--grace SECONDS] [--retry-failed N]
                         -- COMMAND [ARGS...]

Runs COMMAND: one GoogleTest binary, or anything that runs GoogleTest binaries (ctest -j, a
script, gtest-parallel). Every GoogleTest process under it is followed live, linked with
gtest-webhook or not, and one report for all of them is sent to every configured reporter when
the command ends. It is sent also when a test process crashes (the test it was running is
blamed, run.status "crashed"), when --timeout expires (the whole process tree is stopped, event
RUN_TIMEOUT) and when this command gets SIGINT or SIGTERM (passed on to the whole tree, event
RUN_CANCELED). Processes that do not stop within --grace seconds (default 5) of a signal are
killed; a cancelled run's report is delivered within --grace seconds too, and a second signal
stops everything at once. With GTEST_WEBHOOK_COLLECT_DIR set, the one report is written there
for `gtest-webhook send` instead of being delivered.

With --retry-failed N (1 to 10), every test that failed, errored or crashed is run again alone,
in a process started as the one it failed in (same executable, arguments less the filter,
directory and environment), up to N more times until it passes. Each run is an attempt in the
report; a test whose last attempt passed is flaky, and its failed attempts do not make the
build unstable.

Exit code: the command's own (128 + N when it died of signal N), 124 on timeout, 127 when it
could not be started, 2 on a usage error; 0 when --retry-failed ran tests again and every test
finally passed, or when the only tests that failed are in quarantine (GTEST_WEBHOOK_QUARANTINE).

Examples:
  gtest-webhook run -- ./unit_tests --gtest_filter='Parser.*'
  gtest-webhook run --timeout 1800 -- ctest --test-dir build -j4
  gtest-webhook run --retry-failed 2 -- ctest --test-dir build -j4
)";

// The longest --timeout or --grace.
constexpr double kLongestSeconds = 30.0 * 86400;
// The most --retry-failed.
constexpr int kMostRetries = 10;

// Parses `run`'s arguments; returns a usage error's exit code, or kOk.
int ParseArgs(const std::vector<std::string>& args, detail::RunRequest& request) {
  std::size_t i = 0;
  for (; i < args.size() && args[i] != "--"; ++i) {
    if ((args[i] == "--timeout" || args[i] == "--grace") && i + 1 < args.size()) {
      // Bounded, so that no number (1e18, inf, nan) overflows the clock it is added to.
      const auto value = detail::ParseSeconds(args[i + 1], kLongestSeconds);
      if (!value) {
        return UsageError("run", args[i] +
                                     " takes a number of seconds above 0 and at most 2592000 "
                                     "(30 days)");
      }
      (args[i] == "--timeout" ? request.timeout_seconds : request.grace_seconds) = *value;
      ++i;
    } else if (args[i] == "--retry-failed" && i + 1 < args.size()) {
      const auto& value = args[++i];
      if (value.empty() || value.size() > 2 ||
          value.find_first_not_of("0123456789") != std::string::npos || std::stoi(value) < 1 ||
          std::stoi(value) > kMostRetries) {
        return UsageError("run", "--retry-failed takes a whole number of retries from 1 to " +
                                     std::to_string(kMostRetries) + ", not '" + value + "'");
      }
      request.retries = std::stoi(value);
    } else {
      return UsageError("run", "unknown option " + args[i] + " (the command comes after --)");
    }
  }
  if (i + 1 >= args.size()) return UsageError("run", "name the command after --");
  request.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
  return kOk;
}

// Watches SIGINT and SIGTERM while the object it returns lives: for the delivery that follows a
// command that ended by itself (any signal so far, even one that came as it ended, is a request
// to stop). The first signal cuts every delivery to `grace_seconds` from then (what fails for it
// is kept in the outbox), and the next one ends this process at once with `exit_code`.
std::unique_ptr<platform::SignalWatch> WatchDelivery(const detail::RunSession& session,
                                                     double grace_seconds, int exit_code) {
  const auto& signals = session.signals();
  return std::make_unique<platform::SignalWatch>(signals, [&signals, grace_seconds,
                                                           exit_code](int signal) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3g", grace_seconds);
    detail::PrintLine(std::cerr, std::string("gtest-webhook run: ") +
                                     platform::DescribeSignalNumber(signal) +
                                     " while delivering the report: it gets at most " + seconds +
                                     " s more (--grace), and another signal stops at once");
    detail::CutDeliveries(std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long long>(grace_seconds * 1000)));
    signals.ExitOnNext(exit_code);
  });
}

}  // namespace

int Run(const std::vector<std::string>& args) {
  if (WantsHelp(args)) return PrintHelp(kHelp);
  detail::RunRequest request;
  if (const int usage = ParseArgs(args, request); usage != kOk) return usage;
  const auto options = LoadOptions();
  std::string why;
  const auto session = detail::RunSession::Open(options.max_message, options.max_output, why);
  if (!session) {
    detail::PrintLine(std::cerr, "gtest-webhook run: cannot follow the tests (" + why + ")");
    return kFailed;
  }
  if (request.retries > 0) session->KeepLaunches();
  auto outcome = session->Execute(request, std::cerr);
  if (!outcome) return 127;
  std::vector<detail::InputProblem> problems;
  auto processes = session->Processes(*outcome, problems, std::cerr);
  int exit_code = detail::RunExitCode(*outcome);
  if (detail::RanNoTests(*outcome, processes, problems)) {
    // A listing, or a command that runs no GoogleTest tests (see RanNoTests).
    detail::PrintLine(std::cerr,
                      "gtest-webhook run: the command ran no GoogleTest tests; nothing was sent");
    return exit_code;
  }
  const bool canceled_before = outcome->canceled_by != 0;
  const bool retried =
      request.retries > 0 && RetryFailed(*session, request, options.quarantine, *outcome, processes,
                                         problems, std::cerr) > 0;
  // Cancelled while tests ran again: the run ends as a command that the signal ended.
  if (!canceled_before && outcome->canceled_by != 0) exit_code = 128 + outcome->canceled_by;
  std::vector<std::string> notes;
  auto report = detail::RunReport(*outcome, std::move(processes), std::move(problems),
                                  ProcessEnvironment(), notes);
  // Tests that passed in the end, or whose failures are quarantined: the build is stable.
  detail::CompleteReport(report, options);
  exit_code = detail::FinalExitCode(exit_code, *outcome, detail::Summarize(report), retried);
  for (const auto& note : notes) detail::PrintLine(std::cerr, "gtest-webhook: " + note);
  if (options.disabled || (!HasDestination(options) && options.collect_dir.empty())) {
    return exit_code;
  }
  std::unique_ptr<platform::SignalWatch> watch;
  if (outcome->canceled_by != 0) {
    session->ExitOnNextSignal(exit_code);
  } else {
    watch = WatchDelivery(*session, request.grace_seconds, exit_code);
  }
  auto delivery = detail::RunDelivery(options, *outcome, request.grace_seconds, report.run.id);
  if (!options.collect_dir.empty()) {
    detail::PrintLine(std::cerr,
                      "gtest-webhook run: GTEST_WEBHOOK_COLLECT_DIR is set: the report goes to " +
                          delivery.output_path + " for gtest-webhook send");
  }
  detail::FinishAndDispatch(report, delivery, std::cerr);
  return exit_code;
}

}  // namespace gtest_webhook::cli
