#include <map>
#include <unordered_map>

#include "gtest_webhook/report.h"
#include "json_writer.h"

namespace gtest_webhook {
namespace {

using detail::JsonWriter;

bool IsProblem(Status status) { return status == Status::kFailed || status == Status::kError; }

void WriteTestCase(JsonWriter& w, const TestCase& test) {
  w.BeginObject();
  w.Key("className");
  w.String(test.class_name);
  w.Key("name");
  w.String(test.name);
  w.Key("time");
  w.Seconds(test.time_ms);
  w.Key("error");
  if (IsProblem(test.status)) {
    w.BeginObject();
    w.Key("type");
    w.String(test.status == Status::kError ? "error" : "failure");
    w.Key("message");
    w.String(test.message);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("status");
  w.String(ToString(test.status));
  w.Key("file");
  w.StringOrNull(test.file);
  w.Key("line");
  if (test.line > 0) {
    w.Int(test.line);
  } else {
    w.Null();
  }
  w.Key("iteration");
  w.Int(test.iteration);
  w.Key("taggedBug");
  w.Bool(test.tagged_bug);
  w.Key("taggedFlaky");
  w.Bool(test.tagged_flaky);
  w.Key("properties");
  w.BeginObject();
  for (const auto& [key, value] : test.properties) {
    // Keys are written through String() too, so they are escaped like every other text.
    w.String(key);
    w.RawColon();
    w.String(value);
  }
  w.EndObject();
  w.EndObject();
}

void WriteRun(JsonWriter& w, const RunInfo& run) {
  w.BeginObject();
  w.Key("id");
  w.String(run.id);
  w.Key("startedAt");
  w.String(FormatUtc(run.started_at_ms));
  w.Key("finishedAt");
  w.String(FormatUtc(run.finished_at_ms));
  w.Key("durationSeconds");
  w.Seconds(run.finished_at_ms - run.started_at_ms);
  w.Key("status");
  w.String(run.status);
  w.Key("binary");
  w.StringOrNull(run.binary);
  w.Key("host");
  w.StringOrNull(run.host);
  w.Key("shard");
  if (run.shard) {
    w.BeginObject();
    w.Key("index");
    w.Int(run.shard->index);
    w.Key("total");
    w.Int(run.shard->total);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("iterations");
  w.Int(run.iterations);
  w.Key("randomSeed");
  if (run.random_seed) {
    w.Int(*run.random_seed);
  } else {
    w.Null();
  }
  w.Key("filter");
  w.StringOrNull(run.filter);
  w.Key("disabled");
  w.Int(run.disabled);
  w.EndObject();
}

void WriteCi(JsonWriter& w, const std::optional<CiInfo>& ci) {
  if (!ci) {
    w.Null();
    return;
  }
  w.BeginObject();
  const std::pair<const char*, const std::string*> fields[] = {
      {"provider", &ci->provider},    {"commitSha", &ci->commit_sha},
      {"branch", &ci->branch},        {"buildUrl", &ci->build_url},
      {"targetUrl", &ci->target_url}, {"repository", &ci->repository},
      {"buildId", &ci->build_id},     {"job", &ci->job}};
  for (const auto& [key, value] : fields) {
    w.Key(key);
    w.StringOrNull(*value);
  }
  w.EndObject();
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
  // One pass into one buffer sized up front: no document, no second copy of the text.
  std::size_t estimate = 1024;
  for (const auto& test : report.test_cases) {
    estimate += 200 + test.class_name.size() + test.name.size() + test.file.size() +
                test.message.size() + test.message.size() / 8;
  }
  std::string out;
  out.reserve(estimate);
  JsonWriter w(out);
  w.BeginObject();
  w.Key("name");
  w.String(report.name);
  const std::pair<const char*, int> counts[] = {
      {"tests", summary.tests},
      {"traces", summary.traces},
      {"expectedTracesToPass", summary.expected_traces_to_pass},
      {"tracesPassed", summary.traces_passed},
      {"errors", summary.errors},
      {"failures", summary.failures},
      {"skip", summary.skip},
      {"bugs", summary.bugs},
      {"bugsPassing", summary.bugs_passing}};
  for (const auto& [key, value] : counts) {
    w.Key(key);
    w.Int(value);
  }
  w.Key("buildStable");
  w.Bool(summary.build_stable);
  w.Key("testCase");
  w.BeginArray();
  for (const auto& test : report.test_cases) WriteTestCase(w, test);
  w.EndArray();
  w.Key("event");
  w.String(report.event);
  w.Key("run");
  WriteRun(w, report.run);
  w.Key("ci");
  WriteCi(w, report.ci);
  w.EndObject();
  return out;
}

}  // namespace gtest_webhook
