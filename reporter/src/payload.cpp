#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "gtest_webhook/report.h"

namespace gtest_webhook {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

Json Seconds(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

bool IsProblem(Status status) { return status == Status::kFailed || status == Status::kError; }

Json TestCaseJson(const TestCase& test) {
  Json entry;
  entry["className"] = test.class_name;
  entry["name"] = test.name;
  entry["time"] = Seconds(test.time_ms);
  if (IsProblem(test.status)) {
    entry["error"] = {{"type", test.status == Status::kError ? "error" : "failure"},
                      {"message", test.message}};
  } else {
    entry["error"] = nullptr;
  }
  entry["status"] = ToString(test.status);
  entry["file"] = OrNull(test.file);
  entry["line"] = test.line > 0 ? Json(test.line) : Json(nullptr);
  entry["iteration"] = test.iteration;
  entry["taggedBug"] = test.tagged_bug;
  entry["taggedFlaky"] = test.tagged_flaky;
  Json properties = Json::object();
  for (const auto& [key, value] : test.properties) properties[key] = value;
  entry["properties"] = std::move(properties);
  return entry;
}

Json RunJson(const RunInfo& run) {
  Json json;
  json["id"] = run.id;
  json["startedAt"] = FormatUtc(run.started_at_ms);
  json["finishedAt"] = FormatUtc(run.finished_at_ms);
  json["durationSeconds"] = Seconds(run.finished_at_ms - run.started_at_ms);
  json["status"] = run.status;
  json["binary"] = OrNull(run.binary);
  json["host"] = OrNull(run.host);
  json["shard"] =
      run.shard ? Json{{"index", run.shard->index}, {"total", run.shard->total}} : Json(nullptr);
  json["iterations"] = run.iterations;
  json["randomSeed"] = run.random_seed ? Json(*run.random_seed) : Json(nullptr);
  json["filter"] = OrNull(run.filter);
  json["disabled"] = run.disabled;
  return json;
}

Json CiJson(const std::optional<CiInfo>& ci) {
  if (!ci) return nullptr;
  return {{"provider", OrNull(ci->provider)},    {"commitSha", OrNull(ci->commit_sha)},
          {"branch", OrNull(ci->branch)},        {"buildUrl", OrNull(ci->build_url)},
          {"targetUrl", OrNull(ci->target_url)}, {"repository", OrNull(ci->repository)},
          {"buildId", OrNull(ci->build_id)},     {"job", OrNull(ci->job)}};
}

}  // namespace

const char* ToString(Status status) {
  switch (status) {
    case Status::kPassed:
      return "passed";
    case Status::kFailed:
      return "failed";
    case Status::kError:
      return "error";
    case Status::kSkipped:
      return "skipped";
  }
  return "passed";
}

Summary Summarize(const Report& report) {
  struct Trace {
    bool expected = false;  // has an execution that is not a known bug
    bool broken = false;    // one of those failed
  };
  std::map<std::string, Trace> traces;
  Summary summary;
  summary.tests = static_cast<int>(report.test_cases.size());
  for (const auto& test : report.test_cases) {
    if (test.status == Status::kSkipped) ++summary.skip;
    if (test.tagged_bug) {
      ++summary.bugs;
      if (test.status == Status::kPassed) ++summary.bugs_passing;
    } else if (test.status == Status::kFailed) {
      ++summary.failures;
    } else if (test.status == Status::kError) {
      ++summary.errors;
    }
    if (test.class_name == kEnvironmentClassName) continue;
    auto& trace = traces[test.class_name];
    if (!test.tagged_bug) {
      trace.expected = true;
      trace.broken = trace.broken || IsProblem(test.status);
    }
  }
  summary.traces = static_cast<int>(traces.size());
  for (const auto& [name, trace] : traces) {
    if (!trace.expected) continue;
    ++summary.expected_traces_to_pass;
    if (!trace.broken) ++summary.traces_passed;
  }
  summary.build_stable = summary.failures + summary.errors == 0 && report.run.status == "finished";
  return summary;
}

void MarkFlaky(Report& report) {
  struct Seen {
    bool passed = false;
    bool failed = false;
  };
  std::unordered_map<std::string, Seen> seen;
  const auto key = [](const TestCase& test) { return test.class_name + '.' + test.name; };
  for (const auto& test : report.test_cases) {
    auto& entry = seen[key(test)];
    entry.passed = entry.passed || test.status == Status::kPassed;
    entry.failed = entry.failed || IsProblem(test.status);
  }
  for (auto& test : report.test_cases) {
    const auto& entry = seen[key(test)];
    test.tagged_flaky = entry.passed && entry.failed;
  }
}

std::string SerializePayload(const Report& report) {
  const auto summary = Summarize(report);
  Json payload;
  payload["name"] = report.name;
  payload["tests"] = summary.tests;
  payload["traces"] = summary.traces;
  payload["expectedTracesToPass"] = summary.expected_traces_to_pass;
  payload["tracesPassed"] = summary.traces_passed;
  payload["errors"] = summary.errors;
  payload["failures"] = summary.failures;
  payload["skip"] = summary.skip;
  payload["bugs"] = summary.bugs;
  payload["bugsPassing"] = summary.bugs_passing;
  payload["buildStable"] = summary.build_stable;
  Json cases = Json::array();
  for (const auto& test : report.test_cases) cases.push_back(TestCaseJson(test));
  payload["testCase"] = std::move(cases);
  payload["event"] = report.event;
  payload["run"] = RunJson(report.run);
  payload["ci"] = CiJson(report.ci);
  // `replace` turns invalid UTF-8 into U+FFFD, so the bytes are always valid UTF-8; control
  // characters are escaped by the JSON writer itself.
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace gtest_webhook
