#include "gtest_webhook/gtest_json.h"

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

namespace gtest_webhook {
namespace {

using nlohmann::json;

// GoogleTest 1.12 writes `}    {` between the last test suite and its NonTestSuiteFailure
// entry. Insert the missing comma wherever a value closes and another opens with only white
// space between them, outside strings; valid JSON never has that, so nothing else changes.
std::string RepairMissingCommas(const std::string& text, int& repairs) {
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
  return static_cast<std::int64_t>(std::strtod(value.get<std::string>().c_str(), nullptr) * 1000.0 +
                                   0.5);
}

std::int64_t ParseTimestamp(const json& value) {
  if (!value.is_string()) return 0;
  std::tm tm{};
  const auto text = value.get<std::string>();
  if (strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return 0;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

// GoogleTest's JSON failure text is "file:line\nmessage", or "unknown file\nmessage".
bool IsExceptionFailure(const std::string& failure) {
  const auto newline = failure.find('\n');
  return newline != std::string::npos &&
         IsUncaughtException(failure.substr(0, newline), failure.substr(newline + 1));
}

std::string Str(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void ImportTest(const json& test, const std::string& suite, std::size_t max_message,
                Report& report) {
  static const std::set<std::string> kKnown = {"name",     "file",        "line",       "status",
                                               "result",   "timestamp",   "time",       "classname",
                                               "failures", "value_param", "type_param", "skipped"};
  if (Str(test, "status") == "NOTRUN" || Str(test, "result") == "SUPPRESSED") {
    ++report.run.disabled;
    return;
  }
  TestCase entry;
  const bool outside = suite == "NonTestSuiteFailure";
  entry.class_name = outside ? kEnvironmentClassName : suite;
  entry.name = outside ? "outside any test" : Str(test, "name");
  entry.outside_test = outside;
  entry.time_ms = ParseMillis(test.value("time", json()));
  entry.file = Str(test, "file");
  entry.line = test.value("line", 0);
  if (const auto failures = test.find("failures"); failures != test.end() && !failures->empty()) {
    entry.status = outside ? Status::kError : Status::kFailed;
    for (const auto& failure : *failures) {
      const auto text = Str(failure, "failure");
      if (IsExceptionFailure(text)) entry.status = Status::kError;
      if (!entry.message.empty()) entry.message += "\n\n";
      entry.message += text;
    }
    entry.message = CapMessage(std::move(entry.message), max_message);
  } else if (Str(test, "result") == "SKIPPED") {
    entry.status = Status::kSkipped;
  }
  for (const auto& [key, value] : test.items()) {
    if (kKnown.count(key) == 0 && value.is_string())
      entry.properties.emplace_back(key, value.get<std::string>());
  }
  report.test_cases.push_back(std::move(entry));
}

}  // namespace

void ImportGoogleTestJson(const std::string& text, const std::string& source,
                          std::size_t max_message, ImportResult& result) {
  int repairs = 0;
  const auto repaired = RepairMissingCommas(text, repairs);
  json document;
  try {
    document = json::parse(repaired);
  } catch (const json::parse_error& error) {
    // Positions refer to the file as written: the repair only ever adds bytes after a '}'.
    result.problems.push_back(source + ": not GoogleTest JSON output: parse error at byte " +
                              std::to_string(error.byte > static_cast<std::size_t>(repairs)
                                                 ? error.byte - repairs
                                                 : error.byte) +
                              (text.empty() ? " (the file is empty)" : " (is it truncated?)"));
    return;
  }
  if (!document.is_object() || !document.contains("testsuites") ||
      !document["testsuites"].is_array()) {
    result.problems.push_back(source + ": not GoogleTest JSON output (no \"testsuites\" array)");
    return;
  }
  if (repairs > 0) {
    result.problems.push_back(
        source + ": repaired " + std::to_string(repairs) +
        " missing comma(s) that GoogleTest writes when a global environment fails");
  }
  auto& report = result.report;
  const auto started = ParseTimestamp(document.value("timestamp", json()));
  if (started > 0 && (report.run.started_at_ms == 0 || started < report.run.started_at_ms)) {
    report.run.started_at_ms = started;
  }
  const auto finished = started + ParseMillis(document.value("time", json()));
  report.run.finished_at_ms = std::max(report.run.finished_at_ms, finished);
  for (const auto& suite : document["testsuites"]) {
    const auto name = Str(suite, "name");
    if (!suite.contains("testsuite") || !suite["testsuite"].is_array()) continue;
    for (const auto& test : suite["testsuite"]) ImportTest(test, name, max_message, report);
  }
  report.run.iterations = 1;
  ++result.files_read;
}

}  // namespace gtest_webhook
