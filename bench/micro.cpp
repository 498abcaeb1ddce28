// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Microbenchmarks of what reporting does per test and per run.
#include <benchmark/benchmark.h>
#include <gtest_webhook/signing.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "model/report.h"
#include "model/summary.h"
#include "model/text.h"
#include "render/ci/annotations.h"
#include "render/ci/html_page.h"
#include "render/ci/junit.h"
#include "render/ci/step_summary.h"
#include "render/metrics/prometheus.h"
#include "render/payload.h"
#include "state/history.h"

namespace {

gtest_webhook::detail::Report MakeReport(int tests, int failing_every) {
  gtest_webhook::detail::Report report;
  report.name = "bench";
  for (int i = 0; i < tests; ++i) {
    gtest_webhook::detail::TestCase test;
    test.class_name = "Range/Many";
    test.name = "Works/" + std::to_string(i);
    test.file = "/home/ci/project/tests/many_tests_with_a_long_path.cpp";
    test.line = 6;
    test.time_ms = i % 7;
    if (failing_every > 0 && i % failing_every == 0) {
      test.status = gtest_webhook::detail::Status::kFailed;
      test.message = "/home/ci/project/tests/many_tests.cpp:6\nExpected: (GetParam()) >= (0)";
    }
    report.test_cases.push_back(std::move(test));
  }
  return report;
}

void SerializePayload(benchmark::State& state) {
  const auto report = MakeReport(static_cast<int>(state.range(0)), 10);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const auto payload = gtest_webhook::detail::SerializePayload(report);
    bytes += payload.size();
    benchmark::DoNotOptimize(payload.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(SerializePayload)->Arg(1000)->Arg(20000);

// What CI shows (SPEC §17) of 20,000 tests of which every tenth fails: the JUnit XML, the job
// summary and the annotations.
void JUnit(benchmark::State& state) {
  const auto report = MakeReport(static_cast<int>(state.range(0)), 10);
  std::size_t bytes = 0;
  for (auto _ : state) {
    gtest_webhook::detail::WriteJUnit(report,
                                      [&bytes](std::string_view piece) { bytes += piece.size(); });
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(JUnit)->Arg(20000)->Unit(benchmark::kMillisecond);

void StepSummaryAndAnnotations(benchmark::State& state) {
  const auto report = MakeReport(static_cast<int>(state.range(0)), 10);
  const auto summary = gtest_webhook::detail::Summarize(report);
  for (auto _ : state) {
    benchmark::DoNotOptimize(gtest_webhook::detail::StepSummary(report, summary, 1U << 20U));
    benchmark::DoNotOptimize(gtest_webhook::detail::GitHubAnnotations(report, summary));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(StepSummaryAndAnnotations)->Arg(20000)->Unit(benchmark::kMillisecond);

// Dashboards (SPEC §18) of the same report: the HTML page and the Prometheus exposition.
void HtmlPageAndPrometheus(benchmark::State& state) {
  const auto report = MakeReport(static_cast<int>(state.range(0)), 10);
  const auto summary = gtest_webhook::detail::Summarize(report);
  for (auto _ : state) {
    benchmark::DoNotOptimize(gtest_webhook::detail::HtmlPage(report, summary));
    benchmark::DoNotOptimize(gtest_webhook::detail::RenderPrometheus(report, summary));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(HtmlPageAndPrometheus)->Arg(20000)->Unit(benchmark::kMillisecond);

// The history of a report name (SPEC §12, §19) at its steady size: 20,000 tests over a full
// window of 20 runs, all passing (0) or every tenth failing every other run (1: 2,000 unstable
// tests), read, judged and written once per iteration, lock and all, as every report does.
void History(benchmark::State& state) {
  namespace fs = std::filesystem;
  const auto directory =
      fs::temp_directory_path() / ("gtest-webhook-bench-" + std::to_string(::getpid()));
  fs::create_directories(directory);
  gtest_webhook::Options options;
  options.state_dir = directory.string();
  std::vector<std::string> warnings;
  const auto failing = [&state](int run) { return state.range(1) == 0 || run % 2 == 0 ? 0 : 10; };
  const auto record = [&](int run) {
    auto report = MakeReport(static_cast<int>(state.range(0)), failing(run));
    report.run.finished_at_ms = 1000LL * run;
    gtest_webhook::detail::RecordHistory(
        report, gtest_webhook::detail::Summarize(report), options,
        std::chrono::steady_clock::now() + std::chrono::seconds(10), warnings);
    return report;
  };
  for (int run = 0; run < 20; ++run) record(run);  // a full window
  int run = 20;
  for (auto _ : state) {
    state.PauseTiming();
    auto report = MakeReport(static_cast<int>(state.range(0)), failing(run));
    report.run.finished_at_ms = 1000LL * run++;
    const auto summary = gtest_webhook::detail::Summarize(report);
    state.ResumeTiming();
    gtest_webhook::detail::RecordHistory(
        report, summary, options, std::chrono::steady_clock::now() + std::chrono::seconds(10),
        warnings);
    benchmark::DoNotOptimize(report.history);
  }
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".history") bytes = entry.file_size();
  }
  state.counters["file_KiB"] = static_cast<double>(bytes) / 1024;
  state.counters["warnings"] = static_cast<double>(warnings.size());
  state.SetItemsProcessed(state.iterations() * state.range(0));
  fs::remove_all(directory);
}
BENCHMARK(History)->Args({20000, 0})->Args({20000, 1})->Unit(benchmark::kMillisecond);

void Summarize(benchmark::State& state) {
  const auto report = MakeReport(static_cast<int>(state.range(0)), 10);
  for (auto _ : state) benchmark::DoNotOptimize(gtest_webhook::detail::Summarize(report));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(Summarize)->Arg(20000);

// Escaping and UTF-8 sanitising of a message: plain ASCII, multi-byte text, invalid bytes.
void SanitiseMessage(benchmark::State& state) {
  std::string unit;
  switch (state.range(0)) {
    case 0:
      unit = "Expected equality of these values: a == b ";
      break;
    case 1:
      unit = "Grüße, 世界 ✓ ";
      break;
    default:
      unit = "bad \xff\xfe bytes\x01 ";
  }
  gtest_webhook::detail::Report report;
  gtest_webhook::detail::TestCase test;
  test.status = gtest_webhook::detail::Status::kFailed;
  while (test.message.size() < 65536) test.message += unit;
  report.test_cases.push_back(test);
  for (auto _ : state) benchmark::DoNotOptimize(gtest_webhook::detail::SerializePayload(report));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(test.message.size()));
}
BENCHMARK(SanitiseMessage)->Arg(0)->Arg(1)->Arg(2);

void CapMessage(benchmark::State& state) {
  const std::string message(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) benchmark::DoNotOptimize(gtest_webhook::detail::CapMessage(message, 65536));
}
BENCHMARK(CapMessage)->Arg(1000)->Arg(1 << 20);

void SignBothSchemes(benchmark::State& state) {
  const std::string body(static_cast<std::size_t>(state.range(0)), '{');
  for (auto _ : state) {
    benchmark::DoNotOptimize(gtest_webhook::SignatureHeaderValue("secret", body));
    benchmark::DoNotOptimize(gtest_webhook::StandardWebhooksSignature("secret", "msg_1", 1, body));
  }
  state.SetBytesProcessed(state.iterations() * state.range(0) * 2);
}
BENCHMARK(SignBothSchemes)->Arg(4096)->Arg(4 << 20);

}  // namespace

BENCHMARK_MAIN();
