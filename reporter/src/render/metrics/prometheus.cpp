// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Prometheus text exposition 0.0.4 (the Prometheus documentation, "Exposition formats"): lines
// `name{label="value"} number`, each metric family after its `# HELP` and `# TYPE` lines. Label
// values escape `\`, `"` and line feeds; HELP text escapes `\` and line feeds. A Pushgateway
// refuses samples with timestamps and two samples of one series, so there are none of either.
//
// A Pushgateway group is the URL path `/metrics/job/<job>{/<label>/<value>}`; a value that may
// hold `/` is written `<label>@base64/<base64url value>` (the Pushgateway's README).

#include "render/metrics/prometheus.h"

#include <unordered_set>

#include "gtest_webhook/signing.h"
#include "json_writer.h"

namespace gtest_webhook::detail {
namespace {

void Family(std::string& out, std::string_view name, std::string_view help) {
  out.append("# HELP ").append(name).append(1, ' ').append(help).append(1, '\n');
  out.append("# TYPE ").append(name).append(" gauge\n");
}

void Sample(std::string& out, std::string_view name, std::string_view label, std::string_view value,
            std::int64_t number) {
  out.append(name);
  if (!label.empty()) {
    out.append(1, '{').append(label).append("=\"");
    AppendEscaped(out, value, Target::kLabel);
    out.append("\"}");
  }
  out.append(1, ' ').append(std::to_string(number)).append(1, '\n');
}

void Seconds(std::string& out, std::string_view name, std::int64_t ms) {
  out.append(name).append(1, ' ');
  AppendSeconds(out, ms);
  out.append(1, '\n');
}

// One series per test that did not pass (a failure or an error that a later attempt did not
// retry away, and that is not in quarantine), by history id, at most kMaxFailedTestSeries; returns
// how many were left out.
std::size_t FailedTests(const Report& report, std::string& out) {
  std::unordered_set<std::string> seen;
  std::size_t omitted = 0;
  TestCase scratch;
  std::string id;
  for (std::size_t i = 0, count = TestCaseCount(report); i < count; ++i) {
    const TestCase& test = TestCaseAt(report, i, scratch);
    if (!IsProblem(test.status) || !IsLastAttempt(test) || test.quarantined) continue;
    id.clear();
    AppendHistoryId(report, test, id);
    if (seen.count(id) != 0) continue;
    if (seen.size() == kMaxFailedTestSeries) {
      ++omitted;
      continue;
    }
    Sample(out, "gtest_webhook_test_failed", "test", id, 1);
    seen.insert(id);
  }
  return omitted;
}

// Stability across runs (SPEC §19): how many tests are unstable and slower, and the flips of
// each unstable test (the history's list: at most kHistoryListCap series).
void Stability(const History& history, std::string& out) {
  Family(out, "gtest_webhook_unstable_tests",
         "Tests of the last run that passed and failed by turns (at least 2 flips) in the window.");
  Sample(out, "gtest_webhook_unstable_tests", {}, {},
         static_cast<std::int64_t>(history.unstable_count));
  Family(out, "gtest_webhook_slower_tests",
         "Tests of the last run much slower than the median of their passing runs.");
  Sample(out, "gtest_webhook_slower_tests", {}, {},
         static_cast<std::int64_t>(history.slower_count));
  Family(out, "gtest_webhook_test_flips",
         "Changes between passing and failing in the window, for each unstable test of the last "
         "run (at most 100 series).");
  for (const auto& id : history.unstable) {
    const auto it = history.stability.find(id);
    Sample(out, "gtest_webhook_test_flips", "test", id,
           it == history.stability.end() ? 0 : it->second.flips);
  }
}

std::int64_t Passed(const Report& report) {
  std::int64_t passed = 0;
  TestCase scratch;
  for (std::size_t i = 0, count = TestCaseCount(report); i < count; ++i) {
    const auto& test = TestCaseAt(report, i, scratch);
    if (test.status == Status::kPassed && IsLastAttempt(test)) ++passed;
  }
  return passed;
}

// Whether `label` names the report in a grouping key.
bool IsReportLabel(std::string_view label) { return label == "report" || label == "report@base64"; }

// The grouping key after `/metrics/job/` (`<job>{/<label>/<value>}`) without its `report` label;
// `had_report` says whether it had one.
std::string WithoutReportLabel(std::string_view key, bool& had_report) {
  std::string kept;
  bool label = false;  // the next segment is a label's name (the first is the job's name)
  bool skip = false;   // the value of a `report` label
  while (!key.empty()) {
    const auto slash = key.find('/');
    const auto segment = key.substr(0, slash);
    key.remove_prefix(slash == std::string_view::npos ? key.size() : slash + 1);
    const bool is_report = label && IsReportLabel(segment);
    had_report = had_report || is_report;
    if (!is_report && !skip && !segment.empty())
      kept.append(kept.empty() ? "" : "/").append(segment);
    skip = is_report;
    label = !label;
  }
  return kept;
}

// The Pushgateway's base64url spelling of a label value (its README), the value made valid
// UTF-8 first: a group whose value is not UTF-8 makes the Pushgateway refuse every push after.
std::string Base64UrlValue(std::string_view value) {
  std::string encoded = Base64Encode(ToValidUtf8(value));
  for (auto& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded.empty() ? "=" : encoded;  // `=`: the Pushgateway's spelling of an empty value
}

}  // namespace

std::string RenderPrometheus(const Report& report, const Summary& summary) {
  std::string out;
  Family(out, "gtest_webhook_tests",
         "Test executions of the last run by status: passed entries, and the payload's failures, "
         "errors, skip and quarantinedFailures.");
  Sample(out, "gtest_webhook_tests", "status", "passed", Passed(report));
  Sample(out, "gtest_webhook_tests", "status", "failed", summary.failures);
  Sample(out, "gtest_webhook_tests", "status", "error", summary.errors);
  Sample(out, "gtest_webhook_tests", "status", "skipped", summary.skip);
  Sample(out, "gtest_webhook_tests", "status", "quarantined", summary.quarantined_failures);
  Family(out, "gtest_webhook_build_stable",
         "1 when the last run's build was stable (no failure, no error, finished), else 0.");
  Sample(out, "gtest_webhook_build_stable", {}, {}, summary.build_stable ? 1 : 0);
  Family(out, "gtest_webhook_flaky_tests",
         "Tests of the last run that failed and passed on a later attempt.");
  Sample(out, "gtest_webhook_flaky_tests", {}, {}, summary.flaky);
  Family(out, "gtest_webhook_run_duration_seconds", "How long the last run took, in seconds.");
  Seconds(out, "gtest_webhook_run_duration_seconds",
          report.run.finished_at_ms - report.run.started_at_ms);
  Family(out, "gtest_webhook_run_finished_timestamp_seconds",
         "When the last run finished, in seconds since the Unix epoch.");
  Seconds(out, "gtest_webhook_run_finished_timestamp_seconds", report.run.finished_at_ms);
  Family(out, "gtest_webhook_test_failed",
         "1 for each test of the last run that failed or errored (at most 1000 series).");
  const auto omitted = FailedTests(report, out);
  Family(out, "gtest_webhook_test_failed_omitted",
         "Failed tests of the last run left out of gtest_webhook_test_failed.");
  Sample(out, "gtest_webhook_test_failed_omitted", {}, {}, static_cast<std::int64_t>(omitted));
  if (report.history) Stability(*report.history, out);
  return out;
}

PushgatewayGroup PushgatewayGroupOf(std::string_view url, std::string_view report_name,
                                    bool own_group) {
  const auto query = url.find_first_of("?#");
  const auto path = url.substr(0, query);
  // `/metrics/job/<job>` or `/metrics/job@base64/<base64url job>`.
  auto group = path.find("/metrics/job/");
  if (group == std::string_view::npos) group = path.find("/metrics/job@base64/");
  if (group == std::string_view::npos) return {std::string(url), false};
  const auto key_start = path.find('/', group + 9) + 1;
  bool had_report = false;
  const auto key = WithoutReportLabel(path.substr(key_start), had_report);
  if (had_report && !own_group) return {std::string(url), true};
  std::string result(path.substr(0, key_start));
  result.append(key).append("/report@base64/").append(Base64UrlValue(report_name));
  if (query != std::string_view::npos) result.append(url.substr(query));
  return {result, true};
}

}  // namespace gtest_webhook::detail
