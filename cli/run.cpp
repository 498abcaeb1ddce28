// `gtest-webhook run -- COMMAND`: runs one GoogleTest binary, or any command that runs them
// (ctest, a script, gtest-parallel), follows every test process live, and sends one report for
// all of them, whatever happens to them or to the command.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "collect_format.h"
#include "common.h"
#include "delivery.h"
#include "merge.h"
#include "platform/files.h"
#include "print.h"
#include "run_session.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

constexpr const char* kHelp =
    R"(Usage: gtest-webhook run [--timeout SECONDS] [--grace SECONDS] -- COMMAND [ARGS...]

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

Exit code: the command's own (128 + N when it died of signal N), 124 on timeout, 127 when it
could not be started, 2 on a usage error.

Examples:
  gtest-webhook run -- ./unit_tests --gtest_filter='Parser.*'
  gtest-webhook run --timeout 1800 -- ctest --test-dir build -j4
)";

// The longest --timeout or --grace.
constexpr double kLongestSeconds = 30.0 * 86400;

std::string FormatSeconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", seconds);
  return text;
}

// Parses `run`'s arguments; returns a usage error's exit code, or kOk.
int ParseArgs(const std::vector<std::string>& args, RunRequest& request) {
  std::size_t i = 0;
  for (; i < args.size() && args[i] != "--"; ++i) {
    if ((args[i] == "--timeout" || args[i] == "--grace") && i + 1 < args.size()) {
      char* end = nullptr;
      const double value = std::strtod(args[i + 1].c_str(), &end);
      // Bounded, so that no number (1e18, inf, nan) overflows the clock it is added to.
      if (end == args[i + 1].c_str() || *end != '\0' || !std::isfinite(value) || value <= 0 ||
          value > kLongestSeconds) {
        return UsageError("run", args[i] + " takes a number of seconds above 0 and at most " +
                                     FormatSeconds(kLongestSeconds) + " (30 days)");
      }
      (args[i] == "--timeout" ? request.timeout_seconds : request.grace_seconds) = value;
      ++i;
    } else {
      return UsageError("run", "unknown option " + args[i] + " (the command comes after --)");
    }
  }
  if (i + 1 >= args.size()) return UsageError("run", "name the command after --");
  request.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
  return kOk;
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
    auto name = arg.substr(arg.rfind('/') + 1);
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
void ExplainEndings(const RunRequest& request, const RunOutcome& outcome,
                    std::vector<detail::ProcessReport>& processes) {
  for (auto& process : processes) {
    if (process.finished) continue;
    auto& ending = process.ending;
    if (outcome.timed_out) {
      ending.explanation = "timed out: gtest-webhook run --timeout " +
                           FormatSeconds(request.timeout_seconds) + " expired after " +
                           std::to_string(outcome.elapsed.count() / 1000) +
                           " s and the process tree was stopped";
    } else if (outcome.canceled_by != 0) {
      ending.explanation =
          "canceled: gtest-webhook run received " +
          detail::DescribeSignal(platform::DescribeSignalNumber(outcome.canceled_by)) +
          " and stopped the process tree";
    } else if (processes.size() == 1 && ending.signal.empty() && !ending.called_exit &&
               ending.explanation.empty()) {
      // The only test process: how the command ended is how it ended.
      if (outcome.status.signaled) {
        ending.signal = platform::DescribeSignalNumber(outcome.status.code);
      } else {
        ending.exit_code = outcome.status.code;
      }
    }
  }
}

// Whether what the processes said explains a failing command: a test that failed (a known bug
// included), or a process that did not finish.
bool FailureExplained(const std::vector<detail::ProcessReport>& processes,
                      const std::vector<detail::InputProblem>& problems) {
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
void AddUnexplainedFailure(const RunRequest& request, const RunOutcome& outcome,
                           std::vector<detail::InputProblem>& problems, bool tests_ran) {
  const auto code = outcome.status.ShellCode();
  if (!outcome.exec_error.empty()) {
    problems.push_back(detail::InputProblem{
        Display(request.command), "the command could not be started: " + outcome.exec_error});
    return;
  }
  // The shell's own codes for a command it could not run, which is what they mean most often.
  const char* meaning = code == 127   ? " (the shell's code for a command that was not found)"
                        : code == 126 ? " (the shell's code for a command that cannot be executed)"
                                      : "";
  const auto how = outcome.status.signaled
                       ? "was killed by " + detail::DescribeSignal(
                                                platform::DescribeSignalNumber(outcome.status.code))
                       : "exited with code " + std::to_string(code) + meaning;
  problems.push_back(detail::InputProblem{
      Display(request.command), "the command " + how +
                                    (tests_ran ? ", although every GoogleTest test it ran passed"
                                               : " before any GoogleTest test ran")});
}

// The one report of the run.
Report BuildReport(const RunRequest& request, const RunOutcome& outcome,
                   std::vector<detail::ProcessReport> processes,
                   std::vector<detail::InputProblem> problems) {
  ExplainEndings(request, outcome, processes);
  if (processes.size() == 1 && processes[0].report.run.binary.empty()) {
    processes[0].report.run.binary = CommandBinary(request.command);
  }
  if (outcome.status.ShellCode() != 0 && !outcome.timed_out && outcome.canceled_by == 0 &&
      !FailureExplained(processes, problems)) {
    AddUnexplainedFailure(request, outcome, problems, !processes.empty());
  }
  const int count = static_cast<int>(processes.size());
  std::vector<std::string> notes;
  auto report = detail::Merge(std::move(processes), problems, notes);
  for (const auto& note : notes) detail::PrintLine(std::cerr, "gtest-webhook: " + note);
  report.event = outcome.timed_out          ? "RUN_TIMEOUT"
                 : outcome.canceled_by != 0 ? "RUN_CANCELED"
                                            : "RUN_FINISH";
  if (outcome.timed_out) report.run.status = "timeout";
  if (outcome.canceled_by != 0) report.run.status = "canceled";
  report.run.started_at_ms = outcome.started_at_ms;
  report.run.finished_at_ms = NowUnixMs();
  report.run.processes = count;
  // A test binary that could not be started is reported under the name it has when it runs.
  if (count == 0 && !outcome.exec_error.empty()) {
    report.run.binary = request.command.front().substr(request.command.front().rfind('/') + 1);
  }
  if (report.run.host.empty()) report.run.host = platform::HostName();
  // The tree shares the run's environment: its sharding and filter are the run's.
  if (const auto shard = ShardFromEnvironment(ProcessEnvironment())) report.run.shard = shard;
  if (const char* filter = std::getenv("GTEST_FILTER")) report.run.filter = filter;
  for (const auto& arg : request.command) {
    if (arg.rfind("--gtest_filter=", 0) == 0) report.run.filter = arg.substr(15);
  }
  return report;
}

// How the report leaves: to the reporters, or, with GTEST_WEBHOOK_COLLECT_DIR, into that
// directory for a later `send`; a cancelled run's delivery must end within the grace period.
Options DeliveryOptions(Options options, const RunRequest& request, const RunOutcome& outcome,
                        const Report& report) {
  if (outcome.canceled_by != 0) {
    options.deadline =
        std::min(options.deadline,
                 std::chrono::milliseconds(static_cast<long long>(request.grace_seconds * 1000)));
  }
  if (!options.collect_dir.empty()) {
    std::string why;
    platform::MakeDirectories(options.collect_dir, 0777, why);
    options.output_path =
        options.collect_dir + "/run-" + report.run.id.substr(0, 12) + ".gtest-webhook.json";
    options.reporters.clear();
    detail::PrintLine(std::cerr,
                      "gtest-webhook run: GTEST_WEBHOOK_COLLECT_DIR is set: the report goes to " +
                          options.output_path + " for gtest-webhook send");
  }
  return options;
}

}  // namespace

int Run(const std::vector<std::string>& args) {
  if (WantsHelp(args)) {
    std::cout << kHelp;
    return kOk;
  }
  RunRequest request;
  if (const int usage = ParseArgs(args, request); usage != kOk) return usage;
  const auto options = LoadOptions();
  std::string why;
  const auto session = RunSession::Open(options.max_message, why);
  if (!session) {
    detail::PrintLine(std::cerr, "gtest-webhook run: cannot follow the tests (" + why + ")");
    return kFailed;
  }
  const auto outcome = session->Execute(request, std::cerr);
  if (!outcome) return 127;
  std::vector<detail::InputProblem> problems;
  auto processes = session->Processes(request, *outcome, problems, std::cerr);
  const int exit_code = outcome->timed_out ? 124 : outcome->status.ShellCode();
  if (processes.empty() && problems.empty() && !outcome->timed_out && outcome->canceled_by == 0 &&
      exit_code == 0) {
    // Nothing ran, and nothing failed: a listing, or a command that runs no GoogleTest tests.
    // (One that could not be started, or failed before any test, is reported.)
    detail::PrintLine(std::cerr,
                      "gtest-webhook run: the command ran no GoogleTest tests; nothing was sent");
    return exit_code;
  }
  auto report = BuildReport(request, *outcome, std::move(processes), std::move(problems));
  if (options.disabled ||
      (options.reporters.empty() && options.output_path.empty() && options.collect_dir.empty())) {
    return exit_code;
  }
  std::unique_ptr<DeliveryWatch> watch;
  if (outcome->canceled_by != 0) {
    session->ExitOnNextSignal(exit_code);
  } else {
    watch = session->WatchDelivery(request.grace_seconds, exit_code);
  }
  FinishAndDispatch(report, DeliveryOptions(options, request, *outcome, report), std::cerr);
  return exit_code;
}

}  // namespace gtest_webhook::cli
