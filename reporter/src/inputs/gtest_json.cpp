// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// GoogleTest's --gtest_output=json files.

#include "inputs/gtest_json.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "inputs/gtest_files.h"
#include "inputs/json_fields.h"
#include "inputs/sources.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;

// GoogleTest 1.12 writes `}    {` between the last test suite and its NonTestSuiteFailure
// entry. Insert the missing comma wherever a value closes and another opens with only white
// space between them, outside strings; valid JSON never has that, so nothing else changes.
std::string RepairMissingCommas(std::string_view text, int& repairs) {
  std::string out;
  out.reserve(text.size() + 16);
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    out += c;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '}' || c == ']') {
      auto next = text.find_first_not_of(" \t\r\n", i + 1);
      if (next != std::string::npos && (text[next] == '{' || text[next] == '[')) {
        out += ',';
        ++repairs;
      }
    }
  }
  return out;
}

std::int64_t ParseMillis(const json& value) {
  if (!value.is_string()) return 0;
  return MillisecondsOf(value.get<std::string>().c_str());
}

// GoogleTest's JSON failure text is "file:line\nmessage", or "unknown file\nmessage".
bool IsExceptionFailure(std::string_view failure) {
  const auto newline = failure.find('\n');
  return newline != std::string::npos &&
         IsUncaughtException(failure.substr(0, newline), failure.substr(newline + 1));
}

// A test that ran has a status; a listing (--gtest_list_tests) names tests without one.
bool IsListing(const json& document) {
  for (const auto& suite : document["testsuites"]) {
    if (!suite.contains("testsuite") || !suite["testsuite"].is_array()) continue;
    for (const auto& test : suite["testsuite"]) {
      if (test.contains("status") || test.contains("result")) return false;
    }
  }
  return true;
}

void ImportTest(const json& test, const std::string& suite, std::size_t max_message,
                Report& report) {
  static const std::set<std::string> kKnown = {"name",     "file",        "line",       "status",
                                               "result",   "timestamp",   "time",       "classname",
                                               "failures", "value_param", "type_param", "skipped"};
  if (StringField(test, "status") == "NOTRUN" || StringField(test, "result") == "SUPPRESSED") {
    ++report.run.disabled;
    return;
  }
  TestCase entry;
  // Failures outside tests: the environment's pseudo suite, or (1.16 and later) an entry
  // without a name in the suite whose set-up or tear-down failed.
  const bool environment = suite == kNonTestSuiteFailure;
  entry.outside_test = environment || StringField(test, "name").empty();
  entry.class_name = environment ? kEnvironmentClassName : suite;
  entry.name = entry.outside_test ? "" : StringField(test, "name");  // see NameOutsideEntries
  entry.time_ms = ParseMillis(test.value("time", json()));
  entry.file = StringField(test, "file");
  entry.line = test.value("line", 0);
  if (const auto failures = test.find("failures"); failures != test.end() && !failures->empty()) {
    entry.status = entry.outside_test ? Status::kError : Status::kFailed;
    for (const auto& failure : *failures) {
      const auto text = FileFailureText(StringField(failure, "failure"));
      if (IsExceptionFailure(text)) entry.status = Status::kError;
      if (!entry.message.empty()) entry.message += "\n\n";
      entry.message += text;
    }
    entry.message = CapMessage(std::move(entry.message), max_message);
  } else if (StringField(test, "result") == "COMPLETED" && !entry.outside_test &&
             IsEpoch(StringField(test, "timestamp"))) {
    MarkNeverStarted(entry);
  } else if (StringField(test, "result") == "SKIPPED") {
    entry.status = Status::kSkipped;
    if (const auto skipped = test.find("skipped"); skipped != test.end() && skipped->is_array()) {
      for (const auto& part : *skipped) {  // 1.17 and later
        const auto reason = FileSkipReason(StringField(part, "message"));
        if (!reason.empty()) entry.message += (entry.message.empty() ? "" : "\n\n") + reason;
      }
    }
  }
  for (const auto& [key, value] : test.items()) {
    if (kKnown.count(key) == 0 && value.is_string())
      entry.properties.emplace_back(key, value.get<std::string>());
  }
  report.test_cases.push_back(std::move(entry));
}

}  // namespace

SourceResult ReadGoogleTestJson(std::string_view text, const std::string& origin,
                                std::size_t max_message) {
  SourceResult result;
  int repairs = 0;
  const auto repaired = RepairMissingCommas(text, repairs);
  json document;
  try {
    document = json::parse(repaired);
  } catch (const json::parse_error& error) {
    // Positions refer to the file as written: the repair only ever adds bytes after a '}'.
    const auto byte =
        error.byte > static_cast<std::size_t>(repairs) ? error.byte - repairs : error.byte;
    result.problems.push_back({origin, "not GoogleTest JSON output: parse error at byte " +
                                           std::to_string(byte) + " (is it truncated?)"});
    return result;
  }
  if (!document.is_object() || !document.contains("testsuites") ||
      !document["testsuites"].is_array()) {
    result.problems.push_back({origin, "not GoogleTest JSON output (no \"testsuites\" array)"});
    return result;
  }
  if (IsListing(document)) {
    result.notes.push_back(origin +
                           ": a test listing (--gtest_list_tests), not results; nothing ran");
    return result;
  }
  if (repairs > 0) {
    result.notes.push_back(
        origin + ": repaired " + std::to_string(repairs) +
        " missing comma(s) that GoogleTest writes when a global environment fails");
  }
  ProcessReport process;
  process.origin = origin;
  process.kind = InputKind::kGoogleTestOutput;
  auto& run = process.report.run;
  run.started_at_ms = ParseTimestamp(StringField(document, "timestamp"));
  run.finished_at_ms = run.started_at_ms + ParseMillis(document.value("time", json()));
  if (document.contains("random_seed") && document["random_seed"].is_number_integer())
    run.random_seed = document["random_seed"].get<std::int64_t>();
  for (const auto& suite : document["testsuites"]) {
    const auto name = StringField(suite, "name");
    if (!suite.contains("testsuite") || !suite["testsuite"].is_array()) continue;
    const auto first = process.report.test_cases.size();
    for (const auto& test : suite["testsuite"]) ImportTest(test, name, max_message, process.report);
    if (name != kNonTestSuiteFailure) NameOutsideEntries(process.report, first, name);
  }
  NameOutsideEntries(process.report, 0, "");
  result.processes.push_back(std::move(process));
  return result;
}

}  // namespace gtest_webhook::detail
