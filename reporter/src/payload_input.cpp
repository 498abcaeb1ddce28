// Payloads gtest-webhook wrote itself (GTEST_WEBHOOK_OUTPUT): earlier reports, merged again.

#include <nlohmann/json.hpp>

#include "json_fields.h"
#include "merge.h"
#include "sources.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;

int Int(const json& object, const char* key) { return static_cast<int>(IntField(object, key)); }

std::int64_t Millis(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? std::llround(it->get<double>() * 1000.0) : 0;
}

Status StatusOf(const json& entry) {
  const auto status = StringField(entry, "status");
  if (status == "skipped") return Status::kSkipped;
  if (status == "failed") return Status::kFailed;
  if (status == "error") return Status::kError;
  const auto error = entry.find("error");
  if (error != entry.end() && error->is_object())  // a payload without our additions
    return StringField(*error, "type") == "failure" ? Status::kFailed : Status::kError;
  return Status::kPassed;
}

TestCase ReadEntry(const json& entry) {
  TestCase test;
  test.class_name = StringField(entry, "className");
  test.name = StringField(entry, "name");
  test.time_ms = Millis(entry, "time");
  test.status = StatusOf(entry);
  test.binary = StringField(entry, "binary");
  if (const auto error = entry.find("error"); error != entry.end() && error->is_object()) {
    test.message = StringField(*error, "message");
  } else {
    test.message = StringField(entry, "skipReason");
  }
  test.file = StringField(entry, "file");
  test.line = Int(entry, "line");
  test.iteration = Int(entry, "iteration");
  test.tagged_bug = entry.value("taggedBug", false);
  test.outside_test = test.class_name == kEnvironmentClassName ||
                      test.class_name == kInputsClassName || test.name == "SetUpTestSuite" ||
                      test.name == "TearDownTestSuite";
  if (const auto properties = entry.find("properties");
      properties != entry.end() && properties->is_object()) {
    for (const auto& [key, value] : properties->items()) {
      if (value.is_string()) test.properties.emplace_back(key, value.get<std::string>());
    }
  }
  return test;
}

void ReadRun(const json& run, RunInfo& info) {
  info.id = StringField(run, "id");
  info.started_at_ms = ParseTimestamp(StringField(run, "startedAt"));
  info.finished_at_ms = ParseTimestamp(StringField(run, "finishedAt"));
  info.status = StringField(run, "status").empty() ? "finished" : StringField(run, "status");
  info.binary = StringField(run, "binary");
  if (const auto binaries = run.find("binaries"); binaries != run.end() && binaries->is_array()) {
    for (const auto& binary : *binaries) {
      if (binary.is_string()) info.binaries.push_back(binary.get<std::string>());
    }
  }
  info.processes = run.contains("processes") ? Int(run, "processes") : 1;
  info.host = StringField(run, "host");
  if (const auto shard = run.find("shard"); shard != run.end() && shard->is_object()) {
    info.shard = Shard{Int(*shard, "index"), Int(*shard, "total")};
  }
  info.iterations = Int(run, "iterations");
  if (const auto seed = run.find("randomSeed"); seed != run.end() && seed->is_number_integer())
    info.random_seed = seed->get<std::int64_t>();
  info.filter = StringField(run, "filter");
  info.disabled = Int(run, "disabled");
}

}  // namespace

SourceResult ReadPayload(std::string_view text, const std::string& origin) {
  SourceResult result;
  const auto document = json::parse(text, nullptr, false);
  if (!document.is_object() || !document.contains("testCase") || !document["testCase"].is_array()) {
    result.problems.push_back({origin, "not a gtest-webhook report (no \"testCase\" array)"});
    return result;
  }
  if (StringField(document, "event") == "TEST") {
    result.notes.push_back(origin + ": a test payload (gtest-webhook test), not results");
    return result;
  }
  ProcessReport process;
  process.origin = origin;
  if (const auto run = document.find("run"); run != document.end() && run->is_object()) {
    ReadRun(*run, process.report.run);
  }
  for (const auto& entry : document["testCase"]) {
    if (entry.is_object()) process.report.test_cases.push_back(ReadEntry(entry));
  }
  result.processes.push_back(std::move(process));
  return result;
}

}  // namespace gtest_webhook::detail
