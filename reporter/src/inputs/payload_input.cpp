// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Payloads gtest-webhook wrote itself (GTEST_WEBHOOK_OUTPUT): earlier reports, merged again.

#include "inputs/payload_input.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "inputs/json_fields.h"
#include "inputs/sources.h"
#include "model/phases.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;

int Int(const json& object, const char* key) { return static_cast<int>(IntField(object, key)); }

std::int64_t Millis(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? MillisecondsOf(it->get<double>()) : 0;
}

// The entry's status; none when it has one that is not a status (which must not pass for
// "passed").
std::optional<Status> StatusOf(const json& entry) {
  if (entry.contains("status")) {
    const auto status = StringField(entry, "status");
    for (const auto known : {Status::kPassed, Status::kFailed, Status::kError, Status::kSkipped}) {
      if (status == ToString(known)) return known;
    }
    return std::nullopt;
  }
  const auto error = entry.find("error");
  if (error != entry.end() && error->is_object())  // a payload without our additions
    return StringField(*error, "type") == "failure" ? Status::kFailed : Status::kError;
  return Status::kPassed;
}

// One entry; an unknown status is an error that names it (`where` says which entry).
TestCase ReadEntry(const json& entry, const std::string& where, std::vector<std::string>& notes) {
  TestCase test;
  test.class_name = StringField(entry, "className");
  test.name = StringField(entry, "name");
  test.time_ms = Millis(entry, "time");
  const auto status = StatusOf(entry);
  test.status = status.value_or(Status::kError);
  test.binary = StringField(entry, "binary");
  if (const auto error = entry.find("error"); error != entry.end() && error->is_object()) {
    test.message = StringField(*error, "message");
  } else {
    test.message = StringField(entry, "skipReason");
  }
  test.file = StringField(entry, "file");
  test.line = Int(entry, "line");
  test.iteration = Int(entry, "iteration");
  test.output = StringField(entry, "output");
  test.attempt = std::max(1, Int(entry, "attempt"));
  test.tagged_bug = entry.value("taggedBug", false);
  test.quarantined = entry.value("quarantined", false);
  test.outside_test =
      test.class_name == kEnvironmentClassName || test.class_name == kInputsClassName ||
      test.name == OutsidePhaseName(false, true) || test.name == OutsidePhaseName(false, false);
  if (const auto properties = entry.find("properties");
      properties != entry.end() && properties->is_object()) {
    for (const auto& [key, value] : properties->items()) {
      if (value.is_string()) test.properties.emplace_back(key, value.get<std::string>());
    }
  }
  if (!status) {
    const auto unknown = entry["status"].dump(-1, ' ', false, json::error_handler_t::replace);
    test.message = "unknown status " + unknown.substr(0, 40) + " in " + where +
                   (test.message.empty() ? "" : "\n\n" + test.message);
    notes.push_back(where + " (" + FullName(test) + ") has the status " + unknown.substr(0, 40) +
                    ", which is none of passed, failed, error and skipped; it counts as an error");
  }
  return test;
}

// The run's status; one the payload spells otherwise counts as a crash (the build is not stable
// because of what cannot be read), with a note.
RunStatus ReadRunStatus(const json& run, const std::string& origin,
                        std::vector<std::string>& notes) {
  const auto text = StringField(run, "status");
  if (text.empty()) return RunStatus::kFinished;
  if (const auto status = ParseRunStatus(text)) return *status;
  notes.push_back(origin + ": the run status " + text.substr(0, 40) +
                  " is none of finished, crashed, timeout and canceled; it counts as crashed");
  return RunStatus::kCrashed;
}

void ReadRun(const json& run, RunInfo& info, const std::string& origin,
             std::vector<std::string>& notes) {
  info.id = StringField(run, "id");
  info.started_at_ms = ParseTimestamp(StringField(run, "startedAt"));
  info.finished_at_ms = ParseTimestamp(StringField(run, "finishedAt"));
  info.status = ReadRunStatus(run, origin, notes);
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
  if (ParseEvent(StringField(document, "event")) == Event::kTest) {
    result.notes.push_back(origin + ": a test payload (gtest-webhook test), not results");
    return result;
  }
  ProcessReport process;
  process.origin = origin;
  if (const auto run = document.find("run"); run != document.end() && run->is_object()) {
    ReadRun(*run, process.report.run, origin, result.notes);
  }
  const auto& entries = document["testCase"];
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto where = origin + " testCase[" + std::to_string(i) + "]";
    if (entries[i].is_object()) {
      process.report.test_cases.push_back(ReadEntry(entries[i], where, result.notes));
    } else {
      result.problems.push_back({where, "is not a test case object; a result may be missing"});
    }
  }
  result.processes.push_back(std::move(process));
  return result;
}

}  // namespace gtest_webhook::detail
