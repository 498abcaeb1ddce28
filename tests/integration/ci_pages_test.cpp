// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Where developers look (SPEC §17): JUnit for CI's test tabs, the Markdown job summary, GitHub
// annotations and owners from CODEOWNERS, made by real test binaries, `run` and `send`, and
// checked by real peers: xmllint with Jenkins' strict junit-10.xsd, markdown-it, and `send`
// reading the JUnit back.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "payload_helpers.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using Json = nlohmann::json;
using Env = std::map<std::string, std::string>;

// The failures (7) and errors (6) of the outcomes fixture, each an entry that did not pass.
constexpr int kOutcomesProblems = 13;

// What GitHub Actions tells a step about its repository.
Env GitHub(Env env) {
  env["GITHUB_ACTIONS"] = "true";
  env["GITHUB_SERVER_URL"] = "https://github.example";
  env["GITHUB_REPOSITORY"] = "org/repo";
  env["GITHUB_SHA"] = "0123abcd";
  env["GITHUB_WORKSPACE"] = SOURCE_ROOT;
  return env;
}

// `xml` validated by xmllint against the strict junit-10.xsd, once the two attributes the
// schema lacks (`file` and `line` of a testcase, which GitLab reads) are taken out.
ProcessResult ValidateJUnit(const std::string& xml) {
  TempDir dir;
  std::ofstream(dir.File("stripped.xml"))
      << std::regex_replace(xml, std::regex(R"( (file|line)="[^"]*")"), "");
  return Shell("xmllint --noout --schema '" JUNIT_SCHEMA "' '" + dir.File("stripped.xml") +
               "' 2>&1");
}

// The payload `send` makes of `path` (a JUnit file), with the counts it read.
Json SentBack(const std::string& path, const Env& env = {}) {
  TempDir dir;
  Env all = env;
  all["GTEST_WEBHOOK_OUTPUT"] = dir.File("back.json");
  const auto send = RunProcess(CLI, {"send", path}, all);
  EXPECT_EQ(send.exit_code, 0) << send.err;
  return Json::parse(ReadFile(dir.File("back.json")));
}

void ExpectSameCounts(const Json& sent, const Json& read_back) {
  for (const char* key : {"tests", "failures", "errors", "skip", "flaky"}) {
    EXPECT_EQ(read_back[key], sent[key]) << key;
  }
}

// `markdown` rendered by markdown-it (tests/npm/check.js); the HTML.
std::string Rendered(const std::string& markdown) {
  if (::access((std::string(NODE_PEERS) + "/.installed").c_str(), F_OK) != 0) {
    ADD_FAILURE() << "markdown-it is not installed: run scripts/npm-peers.sh";
    return {};
  }
  TempDir dir;
  std::ofstream(dir.File("summary.md"), std::ios::binary) << markdown;
  const auto node = Shell("NODE_PATH='" NODE_PEERS "' node '" NODE_CHECK "' markdown '" +
                          dir.File("summary.md") + "'");
  EXPECT_EQ(node.exit_code, 0) << node.err;
  return node.out;
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

std::vector<std::string> CommandLines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream stream(out);
  for (std::string line; std::getline(stream, line);) {
    if (line.rfind("::", 0) == 0) lines.push_back(line);
  }
  return lines;
}

class CiPages : public ::testing::Test {
 protected:
  CiPages() {
    std::ofstream(dir_.File("CODEOWNERS"))
        << "# who owns what\n"
        << "*       @org/everyone\n"
        << "/tests/ @org/testers\n"
        << "tests/fixtures/outcomes.cpp @alice bob@example.com\n";
  }
  Env Configured(Env env) const {
    env["GTEST_WEBHOOK_CODEOWNERS"] = dir_.File("CODEOWNERS");
    return GitHub(env);
  }
  TempDir dir_;
};

TEST_F(CiPages, JUnitOfALinkedBinaryIsValidAndReadsBackToTheSameCounts) {
  const auto run = RunProcess(OUTCOMES_FIXTURE, {},
                              Configured({{"GTEST_WEBHOOK_JUNIT", dir_.File("junit.xml")},
                                          {"GTEST_WEBHOOK_OUTPUT", dir_.File("payload.json")}}));
  EXPECT_EQ(run.exit_code, 1) << "the binary's own exit code";
  const auto xml = ReadFile(dir_.File("junit.xml"));
  const auto valid = ValidateJUnit(xml);
  EXPECT_EQ(valid.exit_code, 0) << valid.out;
  // Paths relative to the workspace, as GitLab links them.
  // Paths relative to the workspace, as GitLab links them (its time is the machine's).
  EXPECT_TRUE(
      std::regex_search(xml, std::regex(R"(<testcase name="FailsTwice" classname="Basic" )"
                                        R"(time="[0-9.]+" )"
                                        R"(file="tests/fixtures/outcomes.cpp" line="43">)")))
      << xml.substr(0, 2000);
  EXPECT_NE(xml.find(R"(<testsuite name="Basic" tests="4" failures="1" errors="0" skipped="1")"),
            std::string::npos);
  EXPECT_NE(xml.find("<system-out>"), std::string::npos) << "the failed tests' output";

  const auto sent = Json::parse(ReadFile(dir_.File("payload.json")));
  const auto back = SentBack(dir_.File("junit.xml"));
  ExpectSameCounts(sent, back);
  const auto fails_twice = FindCase(back, "Basic", "FailsTwice");
  EXPECT_EQ(fails_twice["error"]["message"],
            FindCase(sent, "Basic", "FailsTwice")["error"]["message"]);
  EXPECT_NE(fails_twice["output"].get<std::string>().find("first"), std::string::npos);
  EXPECT_EQ(fails_twice["binary"], "outcomes_fixture");
}

TEST_F(CiPages, FlakyAttemptsAreFlakyFailuresInJUnitAndStayFlakyWhenReadBack) {
  TempDir memory;
  const auto run = RunProcess(CLI, {"run", "--retry-failed", "1", "--", PLAIN_FLAKY_FIXTURE},
                              {{"FLAKY_FIXTURE_DIR", memory.path()},
                               {"GTEST_WEBHOOK_JUNIT", dir_.File("junit.xml")},
                               {"GTEST_WEBHOOK_OUTPUT", dir_.File("payload.json")}});
  const auto xml = ReadFile(dir_.File("junit.xml"));
  const auto valid = ValidateJUnit(xml);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << run.err;
  EXPECT_EQ(Count(xml, "<flakyFailure "), 1U) << xml;
  EXPECT_EQ(Count(xml, "<flakyError "), 1U) << xml;
  EXPECT_EQ(Count(xml, "<failure "), 0U) << xml;
  EXPECT_NE(xml.find(R"(<testsuites name="plain_flaky_fixture" tests="3" failures="0" errors="0")"),
            std::string::npos);

  const auto sent = Json::parse(ReadFile(dir_.File("payload.json")));
  ASSERT_EQ(sent["flaky"], 2);
  const auto back = SentBack(dir_.File("junit.xml"));
  ExpectSameCounts(sent, back);
  std::vector<std::pair<int, std::string>> attempts;
  for (const auto& test : back["testCase"]) {
    if (test["name"] != "FailsOnce") continue;
    attempts.emplace_back(test["attempt"], test["status"]);
    EXPECT_EQ(test["taggedFlaky"], true);
  }
  EXPECT_EQ(attempts, (std::vector<std::pair<int, std::string>>{{1, "failed"}, {2, "passed"}}));
}

// A failure in quarantine (SPEC §19) is a <skipped> that keeps its text, so that a test tab
// neither hides it nor fails on it; `send` reads it back as the quarantined failure it was. The
// job summary names it apart from the failures.
TEST_F(CiPages, AQuarantinedFailureIsSkippedInJUnitAndReadsBackQuarantined) {
  std::ofstream(dir_.File("quarantine")) << "Basic.FailsTwice @alice # fails twice on purpose\n";
  const auto run = RunProcess(OUTCOMES_FIXTURE, {},
                              Configured({{"GTEST_WEBHOOK_QUARANTINE", dir_.File("quarantine")},
                                          {"GTEST_WEBHOOK_JUNIT", dir_.File("junit.xml")},
                                          {"GTEST_WEBHOOK_SUMMARY", dir_.File("summary.md")},
                                          {"GTEST_WEBHOOK_OUTPUT", dir_.File("payload.json")}}));
  EXPECT_EQ(run.exit_code, 1) << "the binary's own exit code";
  const auto xml = ReadFile(dir_.File("junit.xml"));
  const auto valid = ValidateJUnit(xml);
  EXPECT_EQ(valid.exit_code, 0) << valid.out;
  EXPECT_NE(xml.find(R"(<skipped type="quarantined failure" message="quarantined: Expected )"
                     R"(equality of these values:">)"),
            std::string::npos)
      << xml.substr(0, 3000);
  EXPECT_NE(xml.find(R"(<testsuite name="Basic" tests="4" failures="0" errors="0" skipped="2")"),
            std::string::npos);

  const auto sent = Json::parse(ReadFile(dir_.File("payload.json")));
  ASSERT_EQ(sent["quarantinedFailures"], 1);
  const auto back = SentBack(dir_.File("junit.xml"));
  ExpectSameCounts(sent, back);
  EXPECT_EQ(back["quarantinedFailures"], 1);
  const auto fails_twice = FindCase(back, "Basic", "FailsTwice");
  EXPECT_EQ(fails_twice["status"], "failed");
  EXPECT_EQ(fails_twice["quarantined"], true);
  EXPECT_EQ(fails_twice["error"]["message"],
            FindCase(sent, "Basic", "FailsTwice")["error"]["message"]);

  const auto html = Rendered(ReadFile(dir_.File("summary.md")));
  EXPECT_NE(html.find("<strong>Quarantined failures</strong> (not counted as failures): "
                      "Basic.FailsTwice"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("6 failures, 6 errors"), std::string::npos) << html;
  EXPECT_NE(html.find("1 quarantined failure"), std::string::npos) << html;
}

TEST_F(CiPages, TheSummaryRendersWithCountsChangesLinksAndOwners) {
  const auto env = Configured({{"GTEST_WEBHOOK_SUMMARY", dir_.File("summary.md")}});
  EXPECT_EQ(RunProcess(OUTCOMES_FIXTURE, {}, env).exit_code, 1);
  const auto second = RunProcess(OUTCOMES_FIXTURE, {}, env);
  EXPECT_EQ(second.exit_code, 1);
  const auto markdown = ReadFile(dir_.File("summary.md"));
  EXPECT_EQ(Count(markdown, "### "), 2U) << "each report is appended: " << markdown;

  const auto html = Rendered(markdown);
  EXPECT_EQ(Count(html, "<table>"), 2U) << html;
  // A header row and a row per failure, in each of the two summaries.
  EXPECT_EQ(Count(html, "<tr>"), 2U * (1 + kOutcomesProblems)) << html;
  // GoogleTest before 1.12 runs (and passes) the tests of a suite whose set-up failed.
  EXPECT_TRUE(std::regex_search(
      html, std::regex("27 tests: (10|13) passed, 7 failures, 6 errors, (4|1) skipped")))
      << html;
  EXPECT_NE(html.find("<strong>Since the last run</strong> (unstable): 13 still failing"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find(R"(<td><a href="https://github.example/org/repo/blob/0123abcd/)"
                      R"(tests/fixtures/outcomes.cpp#L44">Basic.FailsTwice</a>)"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td>@alice bob@example.com</td>"), std::string::npos) << html;
  // Markup in messages stays text: the parentheses of SetUpTestSuite() and an escape character.
  EXPECT_NE(html.find("thrown in SetUpTestSuite()."), std::string::npos) << html;
  EXPECT_NE(html.find(R"(bell\x07 tab  esc\x1B end)"), std::string::npos) << html;
  // A failure with no file of its own is shown without a link.
  EXPECT_NE(html.find("<td>SuiteSetUpThrows.SetUpTestSuite <em>(new)</em></td>"), std::string::npos)
      << html;
}

TEST_F(CiPages, GitHubAnnotationsAreTenErrorsAtTheFailingLinesAndOneNotice) {
  const auto run =
      RunProcess(OUTCOMES_FIXTURE, {}, Configured({{"GTEST_WEBHOOK_ANNOTATIONS", "github"}}));
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = CommandLines(run.out);
  ASSERT_EQ(lines.size(), 11U) << run.out;
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(lines[i].rfind("::error file=tests/fixtures/outcomes.cpp,line=", 0), 0U) << lines[i];
  }
  EXPECT_EQ(lines[0],
            "::error file=tests/fixtures/outcomes.cpp,line=44,title=Basic.FailsTwice failed "
            "\xE2\x80\x94 owners @alice bob@example.com::" SOURCE_ROOT
            "/tests/fixtures/outcomes.cpp:44%0AExpected equality of these values:%0A  1%0A  "
            "2%0Afirst%0A%0A" SOURCE_ROOT
            "/tests/fixtures/outcomes.cpp:45%0AValue of: false%0A  Actual: false%0AExpected: "
            "true%0Asecond");
  EXPECT_EQ(
      lines[10].rfind("::notice title=outcomes_fixture::3 more failures are not annotated", 0), 0U)
      << lines[10];
  // Nothing of a report reaches stdout without the variable.
  const auto quiet =
      RunProcess(OUTCOMES_FIXTURE, {}, Configured({{"GTEST_WEBHOOK_JUNIT", dir_.File("j.xml")}}));
  EXPECT_TRUE(CommandLines(quiet.out).empty()) << quiet.out;
}

TEST_F(CiPages, AFileThatCannotBeWrittenIsOneLineAndTheReportIsStillDelivered) {
  Receiver receiver;
  const auto run = RunProcess(OUTCOMES_FIXTURE, {},
                              {{"GTEST_WEBHOOK_URL", receiver.Url()},
                               {"GTEST_WEBHOOK_JUNIT", dir_.path()},
                               {"GTEST_WEBHOOK_SUMMARY", dir_.path()},
                               {"GTEST_WEBHOOK_HTML", dir_.path()},
                               {"GTEST_WEBHOOK_ANNOTATIONS", "gitlab"}});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(receiver.Requests().size(), 1U) << run.err;
  for (const char* variable :
       {"GTEST_WEBHOOK_JUNIT: cannot write '", "GTEST_WEBHOOK_SUMMARY: cannot append to '",
        "GTEST_WEBHOOK_HTML: cannot write '",
        "GTEST_WEBHOOK_ANNOTATIONS='gitlab' is not `github`"}) {
    EXPECT_EQ(Count(run.err, variable), 1U) << variable << "\n" << run.err;
  }
  EXPECT_TRUE(CommandLines(run.out).empty());
}

// A JUnit file from elsewhere, with paths relative to the repository, one failure without a
// file, in a GitLab job whose repository has sectioned CODEOWNERS.
TEST(CiPagesOwners, GitLabSectionsMalformedLinesAndFailuresWithoutAFile) {
  TempDir project;
  ASSERT_EQ(Shell("mkdir -p '" + project.File(".gitlab") + "'").exit_code, 0);
  std::ofstream(project.File(".gitlab/CODEOWNERS")) << "* @default-owner\n"
                                                    << "src/net/ @net-team\n"
                                                    << "this is not an owner line\n"
                                                    << "[Docs] @docs-team\n"
                                                    << "*.md\n"
                                                    << "^[Quality][2]\n"
                                                    << "src/**/*_test.cpp @qa\n";
  std::ofstream(project.File("junit.xml"))
      << R"(<?xml version="1.0" encoding="UTF-8"?>)"
      << R"(<testsuites><testsuite name="Net" tests="3" failures="2" errors="0">)"
      << R"(<testcase name="Connects" classname="Net" file="src/net/connect_test.cpp" line="12">)"
      << R"(<failure message="refused">refused &lt;script&gt;</failure></testcase>)"
      << R"(<testcase name="Reads" classname="Net"><failure message="short">short read</failure>)"
      << R"(</testcase><testcase name="Passes" classname="Net" file="src/net/x.cpp"/>)"
      << "</testsuite></testsuites>";
  TempDir out;
  const auto send = RunProcess(CLI, {"send", project.File("junit.xml")},
                               {{"GITLAB_CI", "true"},
                                {"CI_PROJECT_DIR", project.path()},
                                {"CI_PROJECT_URL", "https://gitlab.example/group/project"},
                                {"CI_COMMIT_SHA", "feedbeef"},
                                {"GTEST_WEBHOOK_OUTPUT", out.File("payload.json")},
                                {"GTEST_WEBHOOK_SUMMARY", out.File("summary.md")},
                                {"GTEST_WEBHOOK_ANNOTATIONS", "github"}});
  EXPECT_EQ(send.exit_code, 0) << send.err;
  EXPECT_EQ(Count(send.err, "CODEOWNERS:3: 'is' is not an owner"), 1U) << send.err;

  const auto payload = Json::parse(ReadFile(out.File("payload.json")));
  // The last match of each section: the default section's, and the quality section's.
  EXPECT_EQ(FindCase(payload, "Net", "Connects")["owners"], Json::array({"@net-team", "@qa"}));
  EXPECT_EQ(FindCase(payload, "Net", "Reads")["owners"], Json::array());
  EXPECT_FALSE(FindCase(payload, "Net", "Passes").contains("owners"));

  const auto html = Rendered(ReadFile(out.File("summary.md")));
  EXPECT_NE(html.find(R"(<a href="https://gitlab.example/group/project/-/blob/feedbeef/)"
                      R"(src/net/connect_test.cpp#L12">Net.Connects</a>)"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td>refused &lt;script&gt;</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>Net.Reads <em>(new)</em></td>"), std::string::npos) << html;
  const auto lines = CommandLines(send.out);
  ASSERT_EQ(lines.size(), 2U) << send.out;
  EXPECT_EQ(lines[0].rfind("::error file=src/net/connect_test.cpp,line=12,title=Net.Connects", 0),
            0U);
  EXPECT_EQ(lines[1], "::error title=Net.Reads failed::short read");
}

// A CODEOWNERS that is a FIFO nobody writes to is refused at once, named, and blocks nothing.
TEST(CiPagesOwners, ACodeOwnersThatIsAFifoIsNamedAndBlocksNothing) {
  TempDir project;
  ASSERT_EQ(::mkfifo(project.File("CODEOWNERS").c_str(), 0600), 0);
  std::ofstream(project.File("junit.xml"))
      << R"(<testsuites><testsuite name="S" tests="1" failures="1" errors="0">)"
      << R"(<testcase name="T" classname="S" file="a.cpp" line="3"><failure>no</failure>)"
      << "</testcase></testsuite></testsuites>";
  TempDir out;
  const auto send = RunProcess(
      CLI, {"send", project.File("junit.xml")},
      {{"CI_PROJECT_DIR", project.path()}, {"GTEST_WEBHOOK_OUTPUT", out.File("payload.json")}},
      std::chrono::seconds(30));
  EXPECT_FALSE(send.timed_out);
  EXPECT_EQ(Count(send.err, "cannot read '" + project.File("CODEOWNERS") + "'"), 1U) << send.err;
  const auto payload = Json::parse(ReadFile(out.File("payload.json")));
  EXPECT_EQ(FindCase(payload, "S", "T")["owners"], Json::array());
}

// 20,000 tests of which 5,000 fail with long messages: the summary stays under GitHub's limit
// and says how many failures it leaves out.
TEST(CiPagesLimits, TheSummaryOfThousandsOfFailuresStaysUnderOneMebibyte) {
  TempDir dir;
  const auto run = RunProcess(MANY_FIXTURE, {},
                              {{"MANY_TESTS", "20000"},
                               {"MANY_FAILURES", "5000"},
                               {"MANY_MESSAGE_BYTES", "400"},
                               {"GTEST_WEBHOOK_SUMMARY", dir.File("summary.md")},
                               {"GTEST_WEBHOOK_JUNIT", dir.File("junit.xml")}},
                              std::chrono::seconds(120));
  const auto markdown = ReadFile(dir.File("summary.md"));
  EXPECT_LE(markdown.size(), 1024U * 1024U);
  EXPECT_GE(markdown.size(), 1000U * 1000U) << "it fills what it may";
  const std::regex more(R"(\nand (\d+) more failures\n)");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(markdown, match, more)) << markdown.substr(markdown.size() - 500);
  const auto rows = Count(markdown, "\n| ") - 1;  // less the header
  EXPECT_EQ(rows + std::stoul(match[1]), 5000U);
  EXPECT_NE(Rendered(markdown).find("<table>"), std::string::npos);
  EXPECT_EQ(ValidateJUnit(ReadFile(dir.File("junit.xml"))).exit_code, 0);
}

}  // namespace
}  // namespace gtest_webhook::testing
