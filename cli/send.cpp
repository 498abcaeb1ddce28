// `send` (GoogleTest JSON files) and `test` (a dummy payload): both build a report and hand
// it to the reporter library's Dispatch, exactly as the listener does.

#include <fstream>
#include <iostream>
#include <iterator>

#include "gtest_webhook/delivery.h"
#include "gtest_webhook/gtest_json.h"
#include "gtest_webhook/options.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

constexpr const char* kSendHelp = R"(Usage: gtest-webhook send FILE...

Reports GoogleTest JSON output (written with --gtest_output=json:FILE) to every configured
reporter, under the same rules as the listener (when, signatures, retries, state). Several
files are the shards of one run and become one report: counts summed, suites merged. The
invalid JSON that GoogleTest 1.12 writes when a global environment fails is repaired.

The report is named by GTEST_WEBHOOK_NAME, or after the file (for shards, the part of the file
names they share, e.g. unit-0.json and unit-1.json give "unit").
Exit code 0: every reporter delivered or skipped; 1: a file was unusable or a delivery failed;
2: usage error.

Example:
  GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=0 ./unit --gtest_output=json:unit-0.json
  GTEST_TOTAL_SHARDS=2 GTEST_SHARD_INDEX=1 ./unit --gtest_output=json:unit-1.json
  GTEST_WEBHOOK_URL=https://dash.example/hook gtest-webhook send unit-0.json unit-1.json
)";

constexpr const char* kTestHelp = R"(Usage: gtest-webhook test

Sends a test payload (event TEST, one passing test case) to every configured reporter, whatever
its `when`, and prints one delivery record per reporter (JSON lines, as GTEST_WEBHOOK_LOG
writes them) on standard output. The first thing to run when wiring a new webhook.
Exit code 0: every reporter got it; 1: at least one did not; 2: no reporter is configured.

Example:
  GTEST_WEBHOOK_URL=https://dash.example/hook GTEST_WEBHOOK_SECRET=... gtest-webhook test
)";

bool WantsHelp(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

Options LoadOptions() {
  auto config = OptionsFromEnvironment();
  for (const auto& problem : config.problems) std::cerr << "gtest-webhook: " << problem << '\n';
  return std::move(config.options);
}

std::string Stem(const std::string& path) {
  auto name = path.substr(path.find_last_of('/') + 1);
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// The name shards share: the common prefix of their file stems, without the trailing shard
// number and separators.
std::string SharedName(const std::vector<std::string>& files) {
  std::string common = Stem(files.front());
  for (const auto& file : files) {
    const auto stem = Stem(file);
    std::size_t n = 0;
    while (n < common.size() && n < stem.size() && common[n] == stem[n]) ++n;
    common.resize(n);
  }
  if (files.size() > 1) {
    while (!common.empty() &&
           std::string("0123456789-_. ").find(common.back()) != std::string::npos) {
      common.pop_back();
    }
    const std::string shard = "shard";
    if (common.size() > shard.size() &&
        common.compare(common.size() - shard.size(), shard.size(), shard) == 0) {
      common.resize(common.size() - shard.size());
      while (!common.empty() && std::string("-_. ").find(common.back()) != std::string::npos)
        common.pop_back();
    }
  }
  return common.empty() ? "gtest" : common;
}

bool AllDelivered(const std::vector<DeliveryResult>& results) {
  for (const auto& result : results) {
    if (!result) return false;
  }
  return true;
}

}  // namespace

int Send(const std::vector<std::string>& args) {
  if (WantsHelp(args)) {
    std::cout << kSendHelp;
    return kOk;
  }
  if (args.empty()) return UsageError("send", "name at least one GoogleTest JSON file");
  for (const auto& arg : args) {
    if (arg.rfind("--", 0) == 0) return UsageError("send", "unknown option " + arg);
  }
  const auto options = LoadOptions();
  if (options.disabled) return kOk;
  ImportResult imported;
  for (const auto& path : args) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      imported.problems.push_back(path + ": cannot be read");
      continue;
    }
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    ImportGoogleTestJson(text, path, options.max_message, imported);
  }
  bool usable = imported.files_read == static_cast<int>(args.size());
  for (const auto& problem : imported.problems)
    std::cerr << "gtest-webhook send: " << problem << '\n';
  if (imported.files_read == 0) {
    std::cerr << "gtest-webhook send: no usable file; nothing was sent\n";
    return kFailed;
  }
  auto& report = imported.report;
  report.name = options.name.empty() ? SharedName(args) : options.name;
  report.event = "RUN_FINISH";
  if (report.run.started_at_ms == 0) report.run.started_at_ms = NowUnixMs();
  if (report.run.finished_at_ms < report.run.started_at_ms)
    report.run.finished_at_ms = report.run.started_at_ms;
  CompleteReport(report, options);
  const auto transport = MakeCurlTransport();
  const auto results = Dispatch(report, options, *transport, std::cerr);
  return usable && AllDelivered(results) ? kOk : kFailed;
}

int Test(const std::vector<std::string>& args) {
  if (WantsHelp(args)) {
    std::cout << kTestHelp;
    return kOk;
  }
  if (!args.empty()) return UsageError("test", "takes no arguments");
  auto options = LoadOptions();
  if (options.reporters.empty()) {
    return UsageError(
        "test", "no reporter is configured: set GTEST_WEBHOOK_URL or GTEST_WEBHOOK_REPORTERS");
  }
  // A wiring test goes to every reporter, whatever its rule, and never touches change state.
  for (auto& reporter : options.reporters) reporter.when = When::kAlways;
  Report report;
  report.name = options.name.empty() ? "gtest-webhook test" : options.name;
  report.event = "TEST";
  report.run.started_at_ms = report.run.finished_at_ms = NowUnixMs();
  report.run.binary = "gtest-webhook";
  report.run.iterations = 1;
  TestCase example;
  example.class_name = "GtestWebhook";
  example.name = "WebhookIsReachable";
  report.test_cases.push_back(example);
  CompleteReport(report, options);
  options.output_path.clear();
  const auto transport = MakeCurlTransport();
  const auto results = Dispatch(report, options, *transport, std::cerr);
  for (const auto& result : results) std::cout << DeliveryRecord(result, report.event) << '\n';
  return AllDelivered(results) ? kOk : kFailed;
}

}  // namespace gtest_webhook::cli
