// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The gtest-webhook command: a thin shell over the reporter library.

#include <iostream>
#include <string>
#include <vector>

#include "deliver/dispatch.h"
#include "escape.h"
#include "platform/signals.h"
#include "verbs.h"

namespace {

constexpr const char* kHelp = R"(gtest-webhook — report GoogleTest results to webhooks

Usage:
  gtest-webhook run [--timeout SECONDS] [--grace SECONDS] -- COMMAND [ARGS...]
  gtest-webhook send [--name NAME] PATH...
  gtest-webhook test
  gtest-webhook flush
  gtest-webhook verify --secret KEY SIGNATURE-OPTIONS [FILE]
  gtest-webhook VERB --help
  gtest-webhook --version

Verbs:
  run     run COMMAND (one GoogleTest binary, ctest, a script) and send one report for every
          GoogleTest process under it, even when one crashes, hangs or is stopped
  send    merge result files into one report and send it: collect files, gtest-webhook
          reports, GoogleTest JSON and XML, JUnit XML; a PATH is a file or a directory
  test    send a test payload to every configured reporter and print the delivery records
  flush   send the reports waiting in the outbox (reports a receiver never got) and print
          their delivery records
  verify  check a request's signature (Signature, or Standard Webhooks) over the body in FILE
          or on standard input, for receivers written as scripts

Reporters and options come from the GTEST_WEBHOOK_* environment variables (docs/configuration.md).
Exit codes: 0 success, 1 failure, 2 usage error; run exits with the command's own code (124 on
timeout).
)";

}  // namespace

int main(int argc, char** argv) {
  // A closed standard output or error (`| head`, a CI log that went away) fails our writes; it
  // never ends the command before it has delivered and kept what it must.
  gtest_webhook::platform::IgnoreBrokenPipes();
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? gtest_webhook::cli::kUsage : gtest_webhook::cli::kOk;
  }
  if (args[0] == "--version") {
    std::cout << "gtest-webhook " << gtest_webhook::Version() << '\n';
    return gtest_webhook::cli::kOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    namespace cli = gtest_webhook::cli;
    for (const auto& [name, verb] : {std::pair{"run", &cli::Run},
                                     {"send", &cli::Send},
                                     {"test", &cli::Test},
                                     {"flush", &cli::Flush},
                                     {"verify", &cli::Verify}}) {
      if (args[0] == name) return verb(rest);
    }
  } catch (const std::exception& error) {
    gtest_webhook::detail::PrintLine(std::cerr, std::string("gtest-webhook: ") + error.what());
    return gtest_webhook::cli::kFailed;
  }
  gtest_webhook::detail::PrintLine(
      std::cerr, "gtest-webhook: unknown verb '" + args[0] + "'; see gtest-webhook --help");
  return gtest_webhook::cli::kUsage;
}
