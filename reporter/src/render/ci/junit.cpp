// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/ci/junit.h"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "json_writer.h"
#include "model/code_owners.h"
#include "model/selection/quarantine.h"
#include "model/text.h"
#include "render/chat_message.h"

namespace gtest_webhook::detail {
namespace {

// The entries of one <testsuite> (a binary's suite), each <testcase> a list of attempts.
struct Suite {
  std::string binary;
  std::string name;
  std::vector<std::vector<std::size_t>> cases;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
  std::int64_t time_ms = 0;
};

// The entries grouped into suites in order of first appearance, and the attempts at each test
// (its binary, name and iteration) into one case. A later attempt follows one that did not
// pass, so only those are looked up.
std::vector<Suite> GroupSuites(const Report& report) {
  std::vector<Suite> suites;
  std::map<std::pair<std::string, std::string>, std::size_t> suite_of;
  // The case of each test (its id and iteration: the attempts' key) that did not pass, in its
  // suite, which its id names.
  std::unordered_map<AttemptKey, std::size_t, AttemptKeyHash> failed_case_of;
  std::size_t current = 0;  // the suite of the entry before, which the next one mostly shares
  TestCase scratch;
  for (std::size_t i = 0, count = TestCaseCount(report); i < count; ++i) {
    const auto& test = TestCaseAt(report, i, scratch);
    if (suites.empty() || suites[current].binary != test.binary ||
        suites[current].name != test.class_name) {
      auto key = std::make_pair(test.binary, test.class_name);
      const auto found = suite_of.find(key);
      current = found != suite_of.end() ? found->second : suites.size();
      if (found == suite_of.end()) {
        suite_of.emplace(std::move(key), current);
        suites.push_back({test.binary, test.class_name, {}, 0, 0, 0, 0});
      }
    }
    auto& suite = suites[current];
    suite.time_ms += std::max<std::int64_t>(test.time_ms, 0);
    if (test.attempt > 1 && !test.outside_test) {
      const auto known = failed_case_of.find({IdOf(test), test.iteration});
      if (known != failed_case_of.end()) {
        suite.cases[known->second].push_back(i);
        continue;
      }
    }
    if (IsProblem(test.status)) {
      failed_case_of[{IdOf(test), test.iteration}] = suite.cases.size();
    }
    suite.cases.push_back({i});
  }
  return suites;
}

// How a case counts: by its last attempt (a flaky test passed), else by its first.
Status CaseStatus(const Report& report, const std::vector<std::size_t>& attempts) {
  TestCase scratch;
  const auto last = TestCaseAt(report, attempts.back(), scratch).status;
  if (last == Status::kPassed || last == Status::kSkipped) return last;
  return TestCaseAt(report, attempts.front(), scratch).status;
}

// Whether the case is a failure in quarantine (SPEC §19): shown as skipped, never failing a CI.
bool QuarantinedFailure(const Report& report, const std::vector<std::size_t>& attempts,
                        Status status) {
  TestCase scratch;
  return IsProblem(status) && TestCaseAt(report, attempts.back(), scratch).quarantined;
}

void Count(const Report& report, Suite& suite) {
  for (const auto& attempts : suite.cases) {
    auto status = CaseStatus(report, attempts);
    if (QuarantinedFailure(report, attempts, status)) status = Status::kSkipped;
    suite.failures += status == Status::kFailed ? 1 : 0;
    suite.errors += status == Status::kError ? 1 : 0;
    suite.skipped += status == Status::kSkipped ? 1 : 0;
  }
}

void Attribute(std::string& out, const char* name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  AppendEscaped(out, value, Target::kXmlAttribute);
  out += '"';
}

void Attribute(std::string& out, const char* name, std::int64_t value) {
  std::string digits;
  AppendInt(digits, value);
  Attribute(out, name, digits);
}

void TimeAttribute(std::string& out, std::int64_t ms) {
  out += " time=\"";
  AppendSeconds(out, std::max<std::int64_t>(ms, 0));
  out += '"';
}

void Element(std::string& out, const char* name, std::string_view text) {
  out += '<';
  out += name;
  out += '>';
  AppendEscaped(out, text, Target::kXmlText);
  out += "</";
  out += name;
  out += '>';
}

// <failure>/<error> of the attempt that counts, or <flakyFailure>/<rerunFailure> … of another.
void Problem(std::string& out, const TestCase& test, const char* prefix) {
  const bool error = test.status == Status::kError;
  std::string name = prefix;
  name += *prefix == '\0' ? (error ? "error" : "failure") : (error ? "Error" : "Failure");
  out += '<' + name;
  Attribute(out, "message", FailureHeadline(test.message));
  Attribute(out, "type", error ? "error" : "failure");
  out += '>';
  if (*prefix == '\0') {
    AppendEscaped(out, test.message, Target::kXmlText);
  } else {
    Element(out, "stackTrace", test.message);
    if (!test.output.empty()) Element(out, "system-out", test.output);
  }
  out += "</" + name + ">";
}

// A failure in quarantine: `<skipped>` that keeps its text (the JUnit schema lets it), typed so
// that a reader (`send`) knows it for a quarantined failure or error.
void Quarantined(std::string& out, const TestCase& test) {
  out += "<skipped";
  Attribute(out, "type", test.status == Status::kError ? kQuarantinedError : kQuarantinedFailure);
  Attribute(out, "message", "quarantined: " + std::string(FailureHeadline(test.message)));
  out += '>';
  AppendEscaped(out, test.message, Target::kXmlText);
  out += "</skipped>";
}

// Each test's `file` as the test tab shows it, relative to the repository's root when it is inside
// it; made once per file, which many tests share.
class Paths {
 public:
  explicit Paths(const std::string& root) : root_(root) {}
  const std::string& Of(const std::string& file) {
    if (file != last_file_) {
      last_file_ = file;
      last_ = RelativeToRoot(root_, file);
      if (last_.empty()) last_ = file;
    }
    return last_;
  }

 private:
  const std::string& root_;
  std::string last_file_;
  std::string last_;
};

void AppendCase(std::string& out, const Report& report, const std::vector<std::size_t>& attempts,
                Paths& paths) {
  TestCase scratch;
  TestCase last_scratch;
  const auto status = CaseStatus(report, attempts);
  const TestCase& test = TestCaseAt(report, attempts.back(), last_scratch);
  const bool flaky = status == Status::kPassed || status == Status::kSkipped;
  const bool quarantined = QuarantinedFailure(report, attempts, status);
  out += "<testcase";
  Attribute(out, "name", test.name);
  Attribute(out, "classname", test.class_name);
  TimeAttribute(out, test.time_ms);
  if (!test.file.empty()) Attribute(out, "file", paths.Of(test.file));
  if (test.line > 0) Attribute(out, "line", test.line);
  out += '>';
  for (std::size_t a = 0; a < attempts.size(); ++a) {
    const TestCase& attempt =
        a + 1 == attempts.size() ? test : TestCaseAt(report, attempts[a], scratch);
    if (IsProblem(attempt.status) && quarantined && a == 0) {
      Quarantined(out, attempt);
      if (!attempt.output.empty()) Element(out, "system-out", attempt.output);
    } else if (IsProblem(attempt.status)) {
      Problem(out, attempt, flaky ? "flaky" : (a == 0 ? "" : "rerun"));
      if (!flaky && a == 0 && !attempt.output.empty()) Element(out, "system-out", attempt.output);
    } else if (attempt.status == Status::kSkipped) {
      out += "<skipped";
      if (!attempt.message.empty()) Attribute(out, "message", FailureHeadline(attempt.message));
      out += "/>";
    }
  }
  out += "</testcase>\n";
}

void AppendSuite(std::string& out, const Report& report, const Suite& suite) {
  out += "  <testsuite";
  Attribute(out, "name", suite.name);
  Attribute(out, "tests", static_cast<std::int64_t>(suite.cases.size()));
  Attribute(out, "failures", suite.failures);
  Attribute(out, "errors", suite.errors);
  Attribute(out, "skipped", suite.skipped);
  TimeAttribute(out, suite.time_ms);
  Attribute(out, "timestamp", FormatUtc(report.run.started_at_ms));
  if (!report.run.host.empty()) Attribute(out, "hostname", report.run.host);
  if (!suite.binary.empty()) Attribute(out, "package", suite.binary);
  out += ">\n";
}

}  // namespace

void WriteJUnit(const Report& report, const std::function<void(std::string_view)>& write) {
  auto suites = GroupSuites(report);
  std::int64_t cases = 0;
  std::int64_t failures = 0;
  std::int64_t errors = 0;
  for (auto& suite : suites) {
    Count(report, suite);
    cases += static_cast<std::int64_t>(suite.cases.size());
    failures += suite.failures;
    errors += suite.errors;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites";
  Attribute(out, "name", report.name);
  Attribute(out, "tests", cases);
  Attribute(out, "failures", failures);
  Attribute(out, "errors", errors);
  TimeAttribute(out, report.run.finished_at_ms - report.run.started_at_ms);
  out += ">\n";
  Paths paths(report.repository_root);
  for (const auto& suite : suites) {
    AppendSuite(out, report, suite);
    for (const auto& attempts : suite.cases) {
      out += "    ";
      AppendCase(out, report, attempts, paths);
      if (out.size() >= (std::size_t{1} << 16U)) {
        write(out);
        out.clear();
      }
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  write(out);
}

}  // namespace gtest_webhook::detail
