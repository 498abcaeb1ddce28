// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// GoogleTest's --gtest_output=xml files, and JUnit XML from ctest --output-junit, Catch2,
// doctest and other test frameworks.

#include "inputs/xml_reports.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <pugixml.hpp>
#include <set>

#include "inputs/gtest_files.h"
#include "inputs/sources.h"
#include "model/selection/quarantine.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

using pugi::xml_node;

std::int64_t Millis(const xml_node& node) { return MillisecondsOf(node.attribute("time").value()); }

// What an element says: its text, else its `message` attribute.
std::string Said(const xml_node& node) {
  auto text = Trim(node.child_value());
  return text.empty() ? Trim(node.attribute("message").value()) : text;
}

std::string BaseName(const std::string& path) { return path.substr(path.find_last_of("/\\") + 1); }

void ReadProperties(const xml_node& test, TestCase& entry) {
  for (const auto& property : test.child("properties").children("property")) {
    entry.properties.emplace_back(property.attribute("name").value(),
                                  property.attribute("value").value());
  }
}

void StartProcess(ProcessReport& process, const xml_node& suite, const std::string& origin) {
  process.origin = origin;
  process.report.run.started_at_ms = ParseTimestamp(suite.attribute("timestamp").value());
  process.report.run.finished_at_ms = process.report.run.started_at_ms + Millis(suite);
}

// --- GoogleTest XML ---

void ReadGoogleTestCase(const xml_node& test, const std::string& suite, std::size_t max_message,
                        Report& report) {
  static const std::set<std::string> kKnown = {"name",        "file",      "line",      "status",
                                               "result",      "time",      "timestamp", "classname",
                                               "value_param", "type_param"};
  if (std::strcmp(test.attribute("status").value(), "notrun") == 0 ||
      std::strcmp(test.attribute("result").value(), "suppressed") == 0) {
    ++report.run.disabled;
    return;
  }
  TestCase entry;
  // Failures outside tests: the environment's pseudo suite, or (1.16 and later) an entry
  // without a name in the suite whose set-up or tear-down failed.
  const bool environment = suite == kNonTestSuiteFailure;
  entry.outside_test = environment || test.attribute("name").value()[0] == '\0';
  entry.class_name = environment ? kEnvironmentClassName : suite;
  entry.name = entry.outside_test ? "" : test.attribute("name").value();  // NameOutsideEntries
  entry.time_ms = Millis(test);
  entry.file = test.attribute("file").value();
  entry.line = test.attribute("line").as_int();
  for (const auto& failure : test.children("failure")) {
    const auto text = FileFailureText(failure.child_value());
    const auto newline = text.find('\n');
    const bool exception = newline != std::string::npos &&
                           IsUncaughtException(std::string_view(text).substr(0, newline),
                                               std::string_view(text).substr(newline + 1));
    if (entry.status != Status::kError) {
      entry.status = exception || entry.outside_test ? Status::kError : Status::kFailed;
    }
    entry.message += (entry.message.empty() ? "" : "\n\n") + text;
  }
  if (entry.status == Status::kPassed && !entry.outside_test &&
      std::strcmp(test.attribute("result").value(), "completed") == 0 &&
      IsEpoch(test.attribute("timestamp").value())) {
    MarkNeverStarted(entry);
  }
  if (entry.status == Status::kPassed &&
      std::strcmp(test.attribute("result").value(), "skipped") == 0) {
    entry.status = Status::kSkipped;
    for (const auto& skipped : test.children("skipped")) {
      const auto reason = FileSkipReason(skipped.child_value());
      if (!reason.empty()) entry.message += (entry.message.empty() ? "" : "\n\n") + reason;
    }
  }
  entry.message = CapMessage(std::move(entry.message), max_message);
  ReadProperties(test, entry);
  for (const auto& attribute : test.attributes()) {  // GoogleTest before 1.10 wrote them so
    if (kKnown.count(attribute.name()) == 0)
      entry.properties.emplace_back(attribute.name(), attribute.value());
  }
  report.test_cases.push_back(std::move(entry));
}

SourceResult ReadGoogleTestXml(const xml_node& root, const std::string& origin,
                               std::size_t max_message) {
  SourceResult result;
  bool listing = true;
  for (const auto& test : root.select_nodes("testsuite/testcase")) {
    if (test.node().attribute("status")) listing = false;
  }
  if (listing) {
    result.notes.push_back(origin +
                           ": a test listing (--gtest_list_tests), not results; nothing ran");
    return result;
  }
  ProcessReport process;
  StartProcess(process, root, origin);
  process.kind = InputKind::kGoogleTestOutput;
  if (const auto seed = root.attribute("random_seed"))
    process.report.run.random_seed = seed.as_llong();
  for (const auto& suite : root.children("testsuite")) {
    const std::string name = suite.attribute("name").value();
    const auto first = process.report.test_cases.size();
    for (const auto& test : suite.children("testcase"))
      ReadGoogleTestCase(test, name, max_message, process.report);
    if (name != kNonTestSuiteFailure) NameOutsideEntries(process.report, first, name);
  }
  NameOutsideEntries(process.report, 0, "");
  result.processes.push_back(std::move(process));
  return result;
}

// --- JUnit ---

enum class Dialect { kCtest, kCatch2, kDoctest, kOther };

Dialect Recognise(const xml_node& root, const xml_node& suite) {
  if (std::strcmp(root.name(), "testsuite") == 0) {
    bool ctest = true;  // ctest names each test twice, as class and test
    for (const auto& test : suite.children("testcase")) {
      ctest = ctest &&
              std::strcmp(test.attribute("name").value(), test.attribute("classname").value()) == 0;
    }
    if (ctest) return Dialect::kCtest;
  }
  if (suite.attribute("doctest_version")) return Dialect::kDoctest;
  const std::string prefix = std::string(suite.attribute("name").value()) + ".";
  const std::string first = suite.child("testcase").attribute("classname").value();
  if (first.size() > prefix.size() && first.compare(0, prefix.size(), prefix) == 0)
    return Dialect::kCatch2;  // `<binary>.global`
  return Dialect::kOther;
}

void NameJUnitCase(const xml_node& test, Dialect dialect, const std::string& suite,
                   TestCase& entry) {
  const std::string name = test.attribute("name").value();
  std::string class_name = test.attribute("classname").value();
  if (dialect == Dialect::kCtest) {
    // gtest_discover_tests names ctest tests Suite.Test; other ctest tests have no suite.
    const auto dot = name.find('.');
    class_name = dot == std::string::npos ? "ctest" : name.substr(0, dot);
    entry.name = dot == std::string::npos ? name : name.substr(dot + 1);
  } else {
    if (dialect == Dialect::kCatch2) class_name = class_name.substr(suite.size() + 1);
    if (dialect == Dialect::kDoctest) {  // doctest's class is the test's source file
      entry.file = class_name;
      class_name = BaseName(class_name);
    }
    entry.name = name;
  }
  entry.class_name = class_name.empty() ? suite : class_name;
}

// ctest says "notrun" both for a test skipped on purpose (SKIP_RETURN_CODE,
// SKIP_REGULAR_EXPRESSION) and for one it could not run at all, which it counts as failed.
bool CtestCouldNotRun(const xml_node& test, Dialect dialect) {
  if (dialect != Dialect::kCtest) return false;
  const std::string why = test.child("skipped").attribute("message").value();
  return std::strcmp(test.attribute("status").value(), "notrun") == 0 && why.rfind("SKIP_", 0) != 0;
}

// Maven Surefire's other attempts at `test`: <flakyFailure>/<flakyError> before the attempt that
// passed, <rerunFailure>/<rerunError> after the first that failed. Each is an entry of its own,
// like `entry` but failed; NumberAttempts makes them attempts.
void ReadAttempts(const xml_node& test, const TestCase& entry, const char* kind,
                  std::size_t max_message, ProcessReport& process) {
  const std::string failure = std::string(kind) + "Failure";
  const std::string error = std::string(kind) + "Error";
  for (const auto& element : test.children()) {
    const bool is_error = error == element.name();
    if (!is_error && failure != element.name()) continue;
    TestCase attempt = entry;
    attempt.status = is_error ? Status::kError : Status::kFailed;
    auto said = Trim(element.child_value("stackTrace"));
    attempt.message = CapMessage(said.empty() ? Said(element) : said, max_message);
    attempt.output = element.child_value("system-out");
    attempt.properties.clear();
    process.report.test_cases.push_back(std::move(attempt));
  }
}

// A `<skipped>`: a test skipped, or our own JUnit's failure in quarantine (SPEC §19), which is
// read back as the failure or error it was, still quarantined.
void ReadSkipped(const xml_node& skipped, TestCase& entry) {
  const char* type = skipped.attribute("type").value();
  const bool error = std::strcmp(type, kQuarantinedError) == 0;
  if (error || std::strcmp(type, kQuarantinedFailure) == 0) {
    entry.status = error ? Status::kError : Status::kFailed;
    entry.quarantined = true;
    entry.message = skipped.child_value();
  } else {
    entry.status = Status::kSkipped;
    entry.message = Said(skipped);
  }
}

void ReadJUnitCase(const xml_node& test, Dialect dialect, const std::string& suite,
                   std::size_t max_message, ProcessReport& process) {
  if (std::strcmp(test.attribute("status").value(), "disabled") == 0) {
    ++process.report.run.disabled;
    return;
  }
  TestCase entry;
  NameJUnitCase(test, dialect, suite, entry);
  entry.time_ms = Millis(test);
  if (test.attribute("file")) entry.file = test.attribute("file").value();
  entry.line = test.attribute("line").as_int();
  if (const auto error = test.child("error")) {
    entry.status = Status::kError;
    entry.message = Said(error);
  } else if (const auto failure = test.child("failure")) {
    entry.status = Status::kFailed;
    entry.message = Said(failure);
  } else if (CtestCouldNotRun(test, dialect)) {
    entry.status = Status::kError;
    entry.message = "ctest could not run it: " + Said(test.child("skipped"));
  } else if (const auto skipped = test.child("skipped")) {
    ReadSkipped(skipped, entry);
  } else if (std::strcmp(test.attribute("status").value(), "fail") == 0) {
    entry.status = Status::kFailed;
  }
  entry.message = CapMessage(std::move(entry.message), max_message);
  if (IsProblem(entry.status)) entry.output = test.child_value("system-out");
  ReadProperties(test, entry);
  ReadAttempts(test, entry, "flaky", max_message, process);
  process.report.test_cases.push_back(entry);
  ReadAttempts(test, entry, "rerun", max_message, process);
}

SourceResult ReadJUnit(const xml_node& root, const std::string& origin, std::size_t max_message) {
  SourceResult result;
  std::vector<xml_node> suites;
  if (std::strcmp(root.name(), "testsuite") == 0) {
    suites.push_back(root);
  } else {
    for (const auto& suite : root.children("testsuite")) suites.push_back(suite);
  }
  for (const auto& suite : suites) {
    const std::string name = suite.attribute("name").value();
    const auto dialect = Recognise(root, suite);
    ProcessReport process;
    StartProcess(process, suite, origin);
    // Catch2 and doctest name the suite after the binary; ctest runs a process per test.
    if (dialect == Dialect::kCatch2 || dialect == Dialect::kDoctest)
      process.report.run.binary = BaseName(name);
    if (const auto package = suite.attribute("package"))  // gtest-webhook's own JUnit
      process.report.run.binary = package.value();
    for (const auto& test : suite.children("testcase"))
      ReadJUnitCase(test, dialect, name, max_message, process);
    if (dialect == Dialect::kCtest)
      process.report.run.processes = static_cast<int>(process.report.test_cases.size());
    result.processes.push_back(std::move(process));
  }
  return result;
}

}  // namespace

SourceResult ReadXml(std::string_view text, const std::string& origin, std::size_t max_message) {
  pugi::xml_document document;
  const auto parsed = document.load_buffer(text.data(), text.size());
  if (!parsed) {
    SourceResult result;
    result.problems.push_back({origin, std::string("not valid XML: ") + parsed.description() +
                                           " at byte " + std::to_string(parsed.offset) +
                                           " (is it truncated?)"});
    return result;
  }
  const auto root = document.document_element();
  const std::string root_name = root.name();
  if (root_name == "testsuites" && std::strcmp(root.attribute("name").value(), "AllTests") == 0) {
    return ReadGoogleTestXml(root, origin, max_message);
  }
  if (root_name == "testsuites" || root_name == "testsuite") {
    return ReadJUnit(root, origin, max_message);
  }
  SourceResult result;
  result.problems.push_back(
      {origin, "XML, but neither GoogleTest output nor JUnit (its root is <" + root_name + ">)"});
  return result;
}

}  // namespace gtest_webhook::detail
