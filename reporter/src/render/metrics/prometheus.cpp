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
// retry away), by history id, at most kMaxFailedTestSeries; returns how many were left out.
std::size_t FailedTests(const Report& report, std::string& out) {
  std::unordered_set<std::string> seen;
  std::size_t omitted = 0;
  TestCase scratch;
  std::string id;
  for (std::size_t i = 0, count = TestCaseCount(report); i < count; ++i) {
    const TestCase& test = TestCaseAt(report, i, scratch);
    if (!IsProblem(test.status) || !IsLastAttempt(test)) continue;
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

std::int64_t Passed(const Report& report) {
  std::int64_t passed = 0;
  TestCase scratch;
  for (std::size_t i = 0, count = TestCaseCount(report); i < count; ++i) {
    const auto& test = TestCaseAt(report, i, scratch);
    if (test.status == Status::kPassed && IsLastAttempt(test)) ++passed;
  }
  return passed;
}

// Whether the grouping key after `/metrics/job/` (`<job>{/<label>/<value>}`) has a `report`.
bool HasReportLabel(std::string_view key) {
  bool label = false;  // the next segment is a label's name (the first is the job's name)
  while (!key.empty()) {
    const auto slash = key.find('/');
    const auto segment = key.substr(0, slash);
    if (label && (segment == "report" || segment == "report@base64")) return true;
    label = !label;
    key.remove_prefix(slash == std::string_view::npos ? key.size() : slash + 1);
  }
  return false;
}

}  // namespace

std::string RenderPrometheus(const Report& report, const Summary& summary) {
  std::string out;
  Family(out, "gtest_webhook_tests",
         "Test executions of the last run by status: passed entries, and the payload's failures, "
         "errors and skip.");
  Sample(out, "gtest_webhook_tests", "status", "passed", Passed(report));
  Sample(out, "gtest_webhook_tests", "status", "failed", summary.failures);
  Sample(out, "gtest_webhook_tests", "status", "error", summary.errors);
  Sample(out, "gtest_webhook_tests", "status", "skipped", summary.skip);
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
  return out;
}

std::string PushgatewayGroupUrl(std::string_view url, std::string_view report_name) {
  const auto query = url.find_first_of("?#");
  auto path = url.substr(0, query);
  // `/metrics/job/<job>` or `/metrics/job@base64/<base64url job>`.
  auto group = path.find("/metrics/job/");
  if (group == std::string_view::npos) group = path.find("/metrics/job@base64/");
  if (group == std::string_view::npos) return std::string(url);
  const auto key = path.substr(path.find('/', group + 9) + 1);
  if (HasReportLabel(key)) return std::string(url);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string encoded = Base64Encode(std::string(report_name));
  for (auto& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  if (encoded.empty()) encoded = "=";  // the Pushgateway's spelling of an empty value
  std::string result(path);
  result.append("/report@base64/").append(encoded);
  if (query != std::string_view::npos) result.append(url.substr(query));
  return result;
}

}  // namespace gtest_webhook::detail
