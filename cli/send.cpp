// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// `send` (merge result files into one report) and `test` (a dummy payload): both build a report
// and hand it to FinishAndDispatch, exactly as the listener and `run` do.

#include <iostream>

#include "assemble/send_report.h"
#include "deliver/dispatch.h"
#include "deliver/records.h"
#include "escape.h"
#include "inputs/discover.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

constexpr const char* kSendHelp = R"(Usage: gtest-webhook send [--name NAME] PATH...

Merges test results into one report and sends it to every configured reporter, under the same
rules as the listener (when, signatures, retries, state). A PATH is a file or a directory (every
file below it, hidden ones aside); inputs are recognised by their content:
  - collect files that test binaries linked with gtest-webhook write into
    GTEST_WEBHOOK_COLLECT_DIR (also those of processes that crashed or were killed),
  - reports gtest-webhook wrote (GTEST_WEBHOOK_OUTPUT),
  - GoogleTest JSON and XML (--gtest_output=json:FILE, --gtest_output=xml:FILE),
  - JUnit XML (ctest --output-junit, Catch2 --reporter junit, doctest --reporters=junit).
Shards of one binary are joined; a process that died is an error naming the test it was
running; a file that is none of these, or is truncated, is named on stderr and is an error in
the report, so that the build cannot look stable because a result could not be read.

The report is named by --name, GTEST_WEBHOOK_NAME, the one binary's name, or else after the CI
job (or the binaries), so that it keeps its name from build to build.
Exit code 0: every reporter delivered or skipped and every input was usable; 1: otherwise;
2: usage error.

Examples:
  GTEST_WEBHOOK_COLLECT_DIR=$PWD/results ctest --test-dir build -j4
  GTEST_WEBHOOK_URL=https://dash.example/hook gtest-webhook send results
  gtest-webhook send --name nightly shard-0/ shard-1/ ctest-junit.xml
)";

constexpr const char* kTestHelp = R"(Usage: gtest-webhook test

Sends a test payload (event TEST, one passing test case) to every configured reporter, whatever
its `when`, and prints one delivery record per reporter (JSON lines, as GTEST_WEBHOOK_LOG
writes them) on standard output. The first thing to run when wiring a new webhook.
Exit code 0: every reporter got it; 1: at least one did not; 2: no reporter is configured.

Example:
  GTEST_WEBHOOK_URL=https://dash.example/hook GTEST_WEBHOOK_SECRET=... gtest-webhook test
)";

struct SendArgs {
  std::string name;
  std::vector<std::string> paths;
};

// Parses `send`'s arguments; returns a usage error's exit code, or kOk.
int ParseSendArgs(const std::vector<std::string>& args, SendArgs& parsed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--name") {
      if (i + 1 == args.size()) return UsageError("send", "--name takes a name");
      parsed.name = args[++i];
    } else if (args[i].rfind("--name=", 0) == 0) {
      parsed.name = args[i].substr(7);
    } else if (args[i] == "--") {
      parsed.paths.insert(parsed.paths.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                          args.end());
      break;
    } else if (args[i].rfind("--", 0) == 0) {
      return UsageError("send", "unknown option " + args[i]);
    } else {
      parsed.paths.push_back(args[i]);
    }
  }
  if (parsed.paths.empty()) return UsageError("send", "name at least one file or directory");
  return kOk;
}

}  // namespace

int Send(const std::vector<std::string>& args) {
  if (WantsHelp(args)) return PrintHelp(kSendHelp);
  SendArgs parsed;
  if (const int usage = ParseSendArgs(args, parsed); usage != kOk) return usage;
  const auto options = LoadOptions();
  if (options.disabled) return kOk;
  auto inputs = detail::ReadInputs(parsed.paths, options.max_message, std::cerr);
  if (inputs.processes.empty() && inputs.problems.empty()) {
    detail::PrintLine(std::cerr,
                      "gtest-webhook send: the inputs hold no test results; nothing was sent");
    return kFailed;
  }
  const bool usable = inputs.problems.empty();
  std::vector<std::string> notes;
  auto report = detail::SendReport(std::move(inputs), parsed.name, options.name, notes);
  for (const auto& note : notes) detail::PrintLine(std::cerr, "gtest-webhook: " + note);
  const auto result = detail::FinishAndDispatch(report, options, std::cerr);
  return usable && result ? kOk : kFailed;
}

int Test(const std::vector<std::string>& args) {
  if (WantsHelp(args)) return PrintHelp(kTestHelp);
  if (!args.empty()) return UsageError("test", "takes no arguments");
  auto options = LoadOptions();
  if (options.reporters.empty()) {
    return UsageError(
        "test", "no reporter is configured: set GTEST_WEBHOOK_URL or GTEST_WEBHOOK_REPORTERS");
  }
  // A wiring test goes to every reporter, whatever its rule, and never touches change state.
  for (auto& reporter : options.reporters) reporter.when = When::kAlways;
  options.output_path.clear();
  auto report = detail::WiringTestReport(options.name);
  const auto result = detail::FinishAndDispatch(report, options, std::cerr);
  for (const auto& delivery : result.deliveries) {
    std::cout << detail::DeliveryRecord(delivery, ToString(report.event)) << '\n';
  }
  return result ? kOk : kFailed;
}

}  // namespace gtest_webhook::cli
