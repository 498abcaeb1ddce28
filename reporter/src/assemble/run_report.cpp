// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/run_report.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include "assemble/ci.h"
#include "assemble/merge.h"
#include "capture/collect_format.h"
#include "model/selection/gtest_args.h"
#include "model/text.h"
#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

std::string FormatSeconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", seconds);
  return text;
}

std::string Display(const std::vector<std::string>& command) {
  std::string shown;
  for (const auto& arg : command) shown += (shown.empty() ? "" : " ") + arg;
  return shown.size() > 120 ? shown.substr(0, 117) + "..." : shown;
}

// The test binary a command runs, when the command names it: its first argument that is an
// executable file, past wrappers (`env X=1`, `valgrind --tool=…`, `timeout 60`) whose own name
// must not name the report. Empty when there is none (`sh -c '…'`).
std::string CommandBinary(const std::vector<std::string>& command) {
  static const std::set<std::string> kWrappers = {
      "catchsegv", "chrt",    "env",  "gdb",     "heaptrack", "ionice",   "ltrace",  "nice",
      "nohup",     "numactl", "perf", "rr",      "setarch",   "setsid",   "stdbuf",  "strace",
      "sudo",      "taskset", "time", "timeout", "unbuffer",  "valgrind", "xvfb-run"};
  for (const auto& arg : command) {
    auto name = platform::ProgramNameOf(arg);
    if (kWrappers.count(name) != 0 || arg.empty() || arg.front() == '-') continue;
    std::error_code error;
    const auto status = std::filesystem::status(arg, error);
    if (!error && std::filesystem::is_regular_file(status) &&
        (status.permissions() & std::filesystem::perms::owner_exec) !=
            std::filesystem::perms::none) {
      return name;
    }
  }
  return {};
}

// Says how each process that did not finish ended, with what the run knows that the processes
// could not say themselves.
void ExplainEndings(const CommandRun& facts, std::vector<ProcessReport>& processes) {
  for (auto& process : processes) {
    if (process.finished) continue;
    auto& ending = process.ending;
    if (facts.timed_out) {
      ending.explanation = "timed out: gtest-webhook run --timeout " +
                           FormatSeconds(facts.timeout_seconds) + " expired after " +
                           std::to_string(facts.elapsed.count() / 1000) +
                           " s and the process tree was stopped";
    } else if (facts.canceled_by != 0) {
      ending.explanation = "canceled: gtest-webhook run received " +
                           DescribeSignal(platform::DescribeSignalNumber(facts.canceled_by)) +
                           " and stopped the process tree";
    } else if (processes.size() == 1 && ending.signal.empty() && !ending.called_exit &&
               ending.explanation.empty()) {
      // The only test process: how the command ended is how it ended.
      if (facts.status.killed()) {
        ending.signal = facts.status.Cause();
      } else {
        ending.exit_code = facts.status.exit_code();
      }
    }
  }
}

// Whether what the processes said explains a failing command: a test that failed (a known bug
// included), or a process that did not finish.
bool FailureExplained(const std::vector<ProcessReport>& processes,
                      const std::vector<InputProblem>& problems) {
  if (!problems.empty()) return true;
  for (const auto& process : processes) {
    if (!process.finished) return true;
    for (const auto& test : process.report.test_cases) {
      if (test.status == Status::kFailed || test.status == Status::kError) return true;
    }
  }
  return false;
}

// When nothing GoogleTest said explains why the command failed: a test that is not a GoogleTest
// binary, one that crashed before GoogleTest started, ctest's own timeout.
void AddUnexplainedFailure(const CommandRun& facts, std::vector<InputProblem>& problems,
                           bool tests_ran) {
  const auto code = facts.status.ShellCode();
  if (!facts.exec_error.empty()) {
    problems.push_back(InputProblem{Display(facts.command),
                                    "the command could not be started: " + facts.exec_error});
    return;
  }
  // The shell's own codes for a command it could not run, which is what they mean most often.
  const char* meaning = code == 127   ? " (the shell's code for a command that was not found)"
                        : code == 126 ? " (the shell's code for a command that cannot be executed)"
                                      : "";
  const auto how = facts.status.killed() ? "was killed by " + DescribeSignal(facts.status.Cause())
                                         : "exited with code " + std::to_string(code) + meaning;
  problems.push_back(InputProblem{Display(facts.command),
                                  "the command " + how +
                                      (tests_ran ? ", although every GoogleTest test it ran passed"
                                                 : " before any GoogleTest test ran")});
}

}  // namespace

Report RunReport(const CommandRun& facts, std::vector<ProcessReport> processes,
                 std::vector<InputProblem> problems, const EnvLookup& env,
                 std::vector<std::string>& notes) {
  ExplainEndings(facts, processes);
  if (processes.size() == 1 && processes[0].report.run.binary.empty()) {
    processes[0].report.run.binary = CommandBinary(facts.command);
  }
  if (facts.status.ShellCode() != 0 && !facts.timed_out && facts.canceled_by == 0 &&
      !FailureExplained(processes, problems)) {
    AddUnexplainedFailure(facts, problems, !processes.empty());
  }
  const int count = static_cast<int>(processes.size());
  auto report = Merge(std::move(processes), problems, notes);
  report.event = facts.timed_out          ? Event::kRunTimeout
                 : facts.canceled_by != 0 ? Event::kRunCanceled
                                          : Event::kRunFinish;
  if (facts.timed_out) report.run.status = RunStatus::kTimeout;
  if (facts.canceled_by != 0) report.run.status = RunStatus::kCanceled;
  report.run.started_at_ms = facts.started_at_ms;
  report.run.finished_at_ms = NowUnixMs();
  report.run.processes = count;
  // A test binary that could not be started is reported under the name it has when it runs.
  if (count == 0 && !facts.exec_error.empty()) {
    report.run.binary = platform::ProgramNameOf(facts.command.front());
  }
  if (report.run.host.empty()) report.run.host = platform::HostName();
  // The tree shares the run's environment: its sharding and filter are the run's.
  if (const auto shard = ShardFromEnvironment(env)) report.run.shard = shard;
  if (const auto filter = env("GTEST_FILTER")) report.run.filter = *filter;
  if (auto filter = LastGtestFlag(facts.command, "filter")) report.run.filter = std::move(*filter);
  return report;
}

bool RanNoTests(const CommandRun& facts, const std::vector<ProcessReport>& processes,
                const std::vector<InputProblem>& problems) {
  return processes.empty() && problems.empty() && !facts.timed_out && facts.canceled_by == 0 &&
         facts.status.ShellCode() == 0;
}

Options RunDelivery(Options options, const CommandRun& facts, double grace_seconds,
                    const std::string& run_id) {
  if (facts.canceled_by != 0) {
    options.deadline = std::min(
        options.deadline, std::chrono::milliseconds(static_cast<long long>(grace_seconds * 1000)));
  }
  if (!options.collect_dir.empty()) {
    std::string why;  // a directory that cannot be made: writing the report says why
    platform::MakeDirectories(options.collect_dir, platform::Access::kShared, why);
    options.output_path =
        options.collect_dir + "/run-" + run_id.substr(0, 12) + ".gtest-webhook.json";
    options.reporters.clear();
  }
  return options;
}

int RunExitCode(const CommandRun& facts) {
  return facts.timed_out ? 124 : facts.status.ShellCode();
}

int FinalExitCode(int exit_code, const CommandRun& facts, const Summary& summary, bool retried) {
  const bool excused = retried || summary.quarantined_failures > 0;
  if (excused && summary.build_stable && !facts.timed_out && facts.canceled_by == 0) return 0;
  return exit_code;
}

}  // namespace gtest_webhook::detail
