// The gtest-webhook command: a thin shell over the reporter library.

#include <iostream>
#include <string>
#include <vector>

#include "delivery.h"
#include "platform/signals.h"
#include "print.h"
#include "verbs.h"

namespace {

constexpr const char* kHelp = R"(gtest-webhook — report GoogleTest results to webhooks

Usage:
  gtest-webhook run [--timeout SECONDS] -- BINARY [ARGS...]
  gtest-webhook send FILE...
  gtest-webhook test
  gtest-webhook flush
  gtest-webhook verify --secret KEY (--signature VALUE | --id ID --timestamp T --webhook-signature SIG)
  gtest-webhook VERB --help
  gtest-webhook --version

Verbs:
  run     run any GoogleTest binary and report its results, even when it crashes, hangs or
          is stopped
  send    report GoogleTest JSON output files (--gtest_output=json); several files are the
          shards of one run
  test    send a test payload to every configured reporter and print the delivery records
  flush   send the reports waiting in the outbox (reports a receiver never got) and print
          their delivery records
  verify  check a request's signature, for receivers written as scripts

Reporters and options come from the GTEST_WEBHOOK_* environment variables (see the README).
Exit codes: 0 success, 1 failure, 2 usage error; run exits with the binary's own code (124 on
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
    if (args[0] == "run") return gtest_webhook::cli::Run(rest);
    if (args[0] == "send") return gtest_webhook::cli::Send(rest);
    if (args[0] == "test") return gtest_webhook::cli::Test(rest);
    if (args[0] == "flush") return gtest_webhook::cli::Flush(rest);
    if (args[0] == "verify") return gtest_webhook::cli::Verify(rest);
  } catch (const std::exception& error) {
    gtest_webhook::detail::PrintLine(std::cerr, std::string("gtest-webhook: ") + error.what());
    return gtest_webhook::cli::kFailed;
  }
  gtest_webhook::detail::PrintLine(
      std::cerr, "gtest-webhook: unknown verb '" + args[0] + "'; see gtest-webhook --help");
  return gtest_webhook::cli::kUsage;
}
