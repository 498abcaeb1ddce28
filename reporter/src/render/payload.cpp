// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/payload.h"

#include <map>
#include <unordered_map>

#include "json_writer.h"
#include "model/text.h"

namespace gtest_webhook::detail {

namespace {

using detail::JsonWriter;

void AppendStringOrNull(std::string& out, const std::string& text) {
  if (text.empty()) {
    out.append("null");
  } else {
    detail::AppendJsonString(out, text);
  }
}

// `,"owners":[…]` of an entry that did not pass.
void AppendOwners(std::string& out, const std::vector<std::string>& owners) {
  out.append(R"(,"owners":[)");
  for (std::size_t i = 0; i < owners.size(); ++i) {
    if (i > 0) out += ',';
    detail::AppendJsonString(out, owners[i]);
  }
  out += ']';
}

// `"stability":{…}` (SPEC §19), or `null` when the history has no word of it.
void AppendStabilityObject(std::string& out, const History::Stability* stability) {
  if (stability == nullptr) {
    out.append("null");
    return;
  }
  out.append(R"({"runs":)");
  detail::AppendInt(out, stability->runs);
  out.append(R"(,"failed":)");
  detail::AppendInt(out, stability->failed);
  out.append(R"(,"flips":)");
  detail::AppendInt(out, stability->flips);
  out.append(R"(,"lastPassed":)");
  if (stability->last_passed_ms) {
    detail::AppendJsonString(out, FormatUtc(*stability->last_passed_ms));
  } else {
    out.append("null");
  }
  out += '}';
}

const History::Stability* StabilityOf(const std::optional<History>& history,
                                      const std::string& id) {
  if (!history) return nullptr;
  const auto it = history->stability.find(id);
  return it == history->stability.end() ? nullptr : &it->second;
}

// `,"stability":…` of an entry that did not pass (SPEC §19: failed, erred or skipped), when the
// report has a history.
void AppendStability(std::string& out, const Report& report, const TestCase& test) {
  if (!report.history) return;
  out.append(R"(,"stability":)");
  AppendStabilityObject(out, StabilityOf(report.history, HistoryId(report, test)));
}

// `,"quarantined":true` when it is, the tags, and `,"properties":{…}` of an entry.
void AppendTagsAndProperties(std::string& out, const TestCase& test) {
  if (test.quarantined) out.append(R"(,"quarantined":true)");
  out.append(test.tagged_bug ? R"(,"taggedBug":true)" : R"(,"taggedBug":false)");
  out.append(test.tagged_flaky ? R"(,"taggedFlaky":true,"properties":{)"
                               : R"(,"taggedFlaky":false,"properties":{)");
  bool first = true;
  for (const auto& [key, value] : test.properties) {
    if (!first) out += ',';
    first = false;
    detail::AppendJsonString(out, key);
    out += ':';
    detail::AppendJsonString(out, value);
  }
  out += '}';
}

// One testCase entry, written straight into `out`: this runs once per test execution and per
// pass over the payload (counting, signing, sending), so it avoids the writer's bookkeeping.
void AppendTestCase(std::string& out, const TestCase& test, const Report& report) {
  using detail::AppendInt;
  using detail::AppendJsonString;
  out.append(R"({"className":)");
  AppendJsonString(out, test.class_name);
  out.append(R"(,"name":)");
  AppendJsonString(out, test.name);
  out.append(R"(,"time":)");
  detail::AppendSeconds(out, test.time_ms);
  if (IsProblem(test.status)) {
    out.append(test.status == Status::kError ? R"(,"error":{"type":"error","message":)"
                                             : R"(,"error":{"type":"failure","message":)");
    AppendJsonString(out, test.message);
    out += '}';
  } else {
    out.append(R"(,"error":null)");
  }
  out.append(R"(,"binary":)");
  AppendStringOrNull(out, test.binary);
  out.append(R"(,"status":")");
  out.append(ToString(test.status));
  out.append(R"(","skipReason":)");
  if (test.status == Status::kSkipped && !test.message.empty()) {
    AppendJsonString(out, test.message);
  } else {
    out.append("null");
  }
  out.append(R"(,"file":)");
  AppendStringOrNull(out, test.file);
  out.append(R"(,"line":)");
  if (test.line > 0) {
    AppendInt(out, test.line);
  } else {
    out.append("null");
  }
  out.append(R"(,"iteration":)");
  AppendInt(out, test.iteration);
  out.append(R"(,"attempt":)");
  AppendInt(out, test.attempt);
  out.append(R"(,"output":)");
  if (IsProblem(test.status)) {
    AppendStringOrNull(out, test.output);
    AppendOwners(out, OwnersOf(report, test));
  } else {
    out.append("null");
  }
  if (test.status != Status::kPassed) AppendStability(out, report, test);
  AppendTagsAndProperties(out, test);
  out += '}';
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
  w.String(ToString(run.status));
  w.Key("binary");
  w.StringOrNull(run.binary);
  w.Key("binaries");
  w.BeginArray();
  for (const auto& binary : run.binaries) w.String(binary);
  w.EndArray();
  w.Key("processes");
  w.Int(run.processes);
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

namespace {

// Everything before the first testCase entry: the name, the counters and `"testCase":[`.
void AppendHead(std::string& out, const Report& report, const Summary& summary) {
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
      {"bugsPassing", summary.bugs_passing},
      {"flaky", summary.flaky},
      {"quarantinedFailures", summary.quarantined_failures}};
  for (const auto& [key, value] : counts) {
    w.Key(key);
    w.Int(value);
  }
  w.Key("buildStable");
  w.Bool(summary.build_stable);
  w.Key("testCase");
  out += '[';
}

void WriteIds(JsonWriter& w, const char* key, const std::vector<std::string>& ids,
              std::size_t count) {
  w.Key(key);
  w.BeginArray();
  for (const auto& id : ids) w.String(id);
  w.EndArray();
  w.Key((std::string(key) + "Count").c_str());
  w.Int(static_cast<std::int64_t>(count));
}

void WriteStability(JsonWriter& w, const History& history, const std::string& id) {
  w.Key("stability");
  std::string object;
  AppendStabilityObject(object, StabilityOf(history, id));
  w.Raw(object);
}

void WriteUnstable(JsonWriter& w, const History& history) {
  w.Key("unstable");
  w.BeginArray();
  for (const auto& id : history.unstable) {
    w.BeginObject();
    w.Key("id");
    w.String(id);
    WriteStability(w, history, id);
    w.EndObject();
  }
  w.EndArray();
  w.Key("unstableCount");
  w.Int(static_cast<std::int64_t>(history.unstable_count));
}

void WriteSlower(JsonWriter& w, const History& history) {
  w.Key("slower");
  w.BeginArray();
  for (const auto& slower : history.slower) {
    w.BeginObject();
    w.Key("id");
    w.String(slower.id);
    w.Key("seconds");
    w.Seconds(slower.time_ms);
    w.Key("medianSeconds");
    w.Seconds(slower.median_ms);
    WriteStability(w, history, slower.id);
    w.EndObject();
  }
  w.EndArray();
  w.Key("slowerCount");
  w.Int(static_cast<std::int64_t>(history.slower_count));
}

void WriteHistory(JsonWriter& w, const std::optional<History>& history) {
  if (!history) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("previous");
  if (const auto& previous = history->previous) {
    w.BeginObject();
    w.Key("runId");
    w.String(previous->run_id);
    w.Key("finishedAt");
    w.String(FormatUtc(previous->finished_at_ms));
    w.Key("buildStable");
    w.Bool(previous->build_stable);
    w.EndObject();
  } else {
    w.Null();
  }
  WriteIds(w, "newFailures", history->new_failures, history->new_failures_count);
  WriteIds(w, "fixed", history->fixed, history->fixed_count);
  WriteIds(w, "stillFailing", history->still_failing, history->still_failing_count);
  WriteIds(w, "flaky", history->flaky, history->flaky_count);
  WriteUnstable(w, *history);
  WriteSlower(w, *history);
  w.EndObject();
}

void WriteQuarantineEntry(JsonWriter& w, const QuarantineEntry& entry) {
  w.BeginObject();
  w.Key("pattern");
  w.String(entry.pattern);
  w.Key("line");
  w.Int(entry.line);
  w.Key("until");
  w.StringOrNull(entry.until);
  w.Key("owners");
  w.BeginArray();
  for (const auto& owner : entry.owners) w.String(owner);
  w.EndArray();
  w.Key("reason");
  w.StringOrNull(entry.reason);
  w.EndObject();
}

// `quarantine` (SPEC §19): how many entries the file has, those past their day and those whose
// tests passed a whole window; null without a quarantine file.
void WriteQuarantine(JsonWriter& w, const Report& report) {
  if (report.quarantine_file.empty()) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("entries");
  w.Int(static_cast<std::int64_t>(report.quarantine.size()));
  w.Key("expired");
  w.BeginArray();
  for (const auto& entry : report.quarantine) {
    if (entry.expired) WriteQuarantineEntry(w, entry);
  }
  w.EndArray();
  w.Key("readyToLeave");
  w.BeginArray();
  for (const auto index : report.ready_to_leave) WriteQuarantineEntry(w, report.quarantine[index]);
  w.EndArray();
  w.EndObject();
}

// Everything after the last entry: `],` then `payloadVersion`, `event`, `run`, `ci`,
// `omittedTestCases` and `history`, and the closing brace.
void AppendTail(std::string& out, const Report& report, std::size_t omitted) {
  out += "],";
  JsonWriter w(out);
  w.Key("payloadVersion");
  w.Int(kPayloadVersion);
  w.Key("event");
  w.String(ToString(report.event));
  w.Key("run");
  WriteRun(w, report.run);
  w.Key("ci");
  WriteCi(w, report.ci);
  w.Key("omittedTestCases");
  w.Int(static_cast<std::int64_t>(omitted));
  w.Key("history");
  WriteHistory(w, report.history);
  w.Key("quarantine");
  WriteQuarantine(w, report);
  out += '}';
}

}  // namespace

PayloadStream::PayloadStream(const Report& report, const Summary& summary, TestCases test_cases)
    : report_(report), summary_(summary), test_cases_(test_cases) {}

bool PayloadStream::Next(std::string& out, std::size_t at_least) {
  const auto start = out.size();
  while (out.size() - start < at_least) {
    if (stage_ == Stage::kHead) {
      AppendHead(out, report_, summary_);
      stage_ = Stage::kEntries;
    } else if (stage_ == Stage::kEntries) {
      if (next_ == TestCaseCount(report_)) {
        stage_ = Stage::kTail;
        continue;
      }
      const TestCase& test = TestCaseAt(report_, next_++, scratch_);
      if (test_cases_ == TestCases::kFailed && !IsProblem(test.status)) {
        ++omitted_;
        continue;
      }
      if (written_++ > 0) out += ',';
      AppendTestCase(out, test, report_);
    } else if (stage_ == Stage::kTail) {
      AppendTail(out, report_, omitted_);
      stage_ = Stage::kDone;
    } else {
      break;
    }
  }
  return out.size() > start;
}

std::string SerializePayload(const Report& report) {
  const auto summary = Summarize(report);
  std::string out;
  PayloadStream stream(report, summary);
  while (stream.Next(out, std::size_t{1} << 20U)) {
  }
  return out;
}

}  // namespace gtest_webhook::detail
