// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A report that cannot lie (docs/security.md, "What a test suite cannot bend"): legal but
// unusual test names, retries and signals, through the real command and a real plain GoogleTest
// binary, exactly as CI runs them. Each test fails without what keeps it.

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "process.h"

namespace gtest_webhook::testing {
namespace {

using Json = nlohmann::json;
using Env = std::map<std::string, std::string>;
using std::chrono::milliseconds;
using std::chrono::seconds;

// The tests the names fixture registers, and whether each fails (tests/fixtures/names.cpp).
const std::map<std::string, bool> kNamesFixture = {
    {"Amp.a&b", true},
    {"Amp.a", false},
    {"Amp.pct%41x", true},
    {"Amp.pctAx", false},
    {"N.A*", true},
    {"N.A", false},
    {"N.AB", false},
    {"N.A?", false},
    {"N.X-A", true},
    {"N.X", false},
    {"Nl.a\nb", true},
    {"Nl.a", false},
    {"TypedT/int-32.Works", true},
    {"TypedT/std::string.Works", true},
};

struct Ran {
  ProcessResult process;
  Json payload;
};

// `gtest-webhook run ARGS -- names_fixture`, the report written to a file.
Ran RunNames(const TempDir& dir, const std::vector<std::string>& args, Env env = {},
             const std::function<void(int)>& on_start = nullptr) {
  std::vector<std::string> command = {"run"};
  command.insert(command.end(), args.begin(), args.end());
  command.insert(command.end(), {"--", NAMES_FIXTURE});
  env["GTEST_WEBHOOK_OUTPUT"] = dir.File("payload.json");
  Ran ran;
  ran.process = RunProcess(CLI, command, env, seconds(120), on_start);
  const auto text = ReadFile(dir.File("payload.json"));
  ran.payload = Json::parse(text.empty() ? "{}" : text);
  return ran;
}

std::string FullName(const Json& entry) {
  return entry["className"].get<std::string>() + "." + entry["name"].get<std::string>();
}

// Each test's entries: "attempt:status" in order, space-separated.
std::map<std::string, std::string> Attempts(const Json& payload) {
  std::map<std::string, std::string> attempts;
  for (const auto& entry : payload["testCase"]) {
    auto& text = attempts[FullName(entry)];
    text += (text.empty() ? "" : " ") + std::to_string(entry.value("attempt", 1)) + ":" +
            entry["status"].get<std::string>();
  }
  return attempts;
}

TEST(Names, ArriveThroughRunExactlyAsGoogleTestRegisteredThem) {
  TempDir dir;
  const auto ran = RunNames(dir, {});
  EXPECT_EQ(ran.process.exit_code, 1) << ran.process.err;
  std::map<std::string, std::string> expected;
  for (const auto& [name, fails] : kNamesFixture) expected[name] = fails ? "1:failed" : "1:passed";
  EXPECT_EQ(Attempts(ran.payload), expected) << ran.process.err;
  // Each test keeps its own output (a name with a line feed aside: the console's `[ RUN ]` line
  // cannot say it, and its output is left out rather than given to another test).
  for (const auto& entry : ran.payload["testCase"]) {
    if (entry["status"] != "failed" || entry["className"] == "TypedT/int-32" ||
        entry["className"] == "TypedT/std::string" || entry["className"] == "Nl") {
      continue;
    }
    const auto output = entry["output"].is_string() ? entry["output"].get<std::string>() : "";
    EXPECT_NE(output.find("] " + FullName(entry) + "\noutput of " + FullName(entry) + "\n"),
              std::string::npos)
        << FullName(entry) << ": " << output;
  }
}

TEST(Retries, RunExactlyTheFailedTestAgainAndCountOnlyIt) {
  TempDir dir;
  const auto ran = RunNames(dir, {"--retry-failed", "2"},
                            {{"GTEST_WEBHOOK_SUMMARY", dir.File("summary.md")},
                             {"GTEST_WEBHOOK_JUNIT", dir.File("junit.xml")},
                             {"GTEST_WEBHOOK_ANNOTATIONS", "github"}});
  EXPECT_EQ(ran.process.exit_code, 1) << ran.process.err;
  std::map<std::string, std::string> expected;
  for (const auto& [name, fails] : kNamesFixture) {
    expected[name] = fails ? "1:failed 2:failed 3:failed" : "1:passed";
  }
  EXPECT_EQ(Attempts(ran.payload), expected) << ran.process.err;
  EXPECT_EQ(ran.payload["flaky"], 0);
  EXPECT_EQ(ran.payload["buildStable"], false);
  EXPECT_EQ(ran.process.err.find("did not run again"), std::string::npos) << ran.process.err;

  // A test run three times is one test, and one failure when every attempt failed: in the
  // counts, the job summary, the annotations and JUnit alike.
  EXPECT_EQ(ran.payload["tests"], 14);
  EXPECT_EQ(ran.payload["failures"], 7);
  EXPECT_EQ(ran.payload["testCase"].size(), 28U);
  const auto summary = ReadFile(dir.File("summary.md"));
  EXPECT_NE(summary.find("14 tests: 7 passed, 7 failures, 0 errors"), std::string::npos) << summary;
  std::size_t annotations = 0;
  for (auto at = ran.process.out.find("::error "); at != std::string::npos;
       at = ran.process.out.find("::error ", at + 1)) {
    ++annotations;
  }
  EXPECT_EQ(annotations, 7U) << ran.process.out;
  EXPECT_NE(ReadFile(dir.File("junit.xml")).find(R"(tests="14" failures="7" errors="0")"),
            std::string::npos);
}

TEST(Retries, ASignalDuringARetryCancelsTheRunAsDuringTheFirstAttempt) {
  TempDir dir;
  const std::string sleeping = dir.File("sleeping");
  const auto ran = RunNames(dir, {"--retry-failed", "2", "--grace", "2"},
                            {{"NAMES_SLEEP_DIR", dir.path()}}, [&sleeping](int pid) {
                              for (int i = 0; i < 3000 && !std::filesystem::exists(sleeping); ++i)
                                std::this_thread::sleep_for(milliseconds(10));
                              std::this_thread::sleep_for(milliseconds(200));
                              ::kill(pid, SIGTERM);
                            });
  ASSERT_TRUE(std::filesystem::exists(sleeping)) << ran.process.err;
  EXPECT_EQ(ran.process.exit_code, 143) << ran.process.err;
  EXPECT_EQ(ran.payload["event"], "RUN_CANCELED") << ran.process.err;
  EXPECT_EQ(ran.payload["run"]["status"], "canceled");
  EXPECT_EQ(ran.payload.dump().find("crash"), std::string::npos) << ran.payload.dump(1);
  // The signal came in attempt 2's first test: nothing is announced after it.
  EXPECT_EQ(ran.process.err.find("attempt 3"), std::string::npos) << ran.process.err;
  EXPECT_EQ(ran.payload["buildStable"], false);
}

// A test named with a line feed: the history stays readable, and the next run finds the test
// still failing rather than new.
TEST(History, HoldsANameWithALineFeed) {
  TempDir dir;
  const Env env = {{"GTEST_FILTER", "Nl.*"}, {"GTEST_WEBHOOK_STATE_DIR", dir.File("state")}};
  RunNames(dir, {}, env);
  const auto second = RunNames(dir, {}, env);
  EXPECT_EQ(second.process.err.find("corrupt"), std::string::npos) << second.process.err;
  EXPECT_EQ(second.payload["history"]["stillFailing"], Json::array({"Nl.a\nb"}))
      << second.payload["history"].dump();
  EXPECT_EQ(second.payload["history"]["newFailuresCount"], 0);
}

TEST(Send, NamesAReportByEveryBinaryItHolds) {
  // docs/build-reports.md: a linked binary collects, a plain one adds GoogleTest's JSON.
  TempDir dir;
  const auto collect = dir.File("collect");
  RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
             {{"GTEST_WEBHOOK_COLLECT_DIR", collect}});
  RunProcess(PLAIN_FIXTURE, {"--gtest_filter=Plain.Passes"},
             {{"GTEST_OUTPUT", "json:" + collect + "/"}});
  const auto sent =
      RunProcess(CLI, {"send", collect}, {{"GTEST_WEBHOOK_OUTPUT", dir.File("payload.json")}});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const auto payload = Json::parse(ReadFile(dir.File("payload.json")));
  EXPECT_EQ(payload["name"], "outcomes_fixture + plain_fixture");
  EXPECT_TRUE(payload["run"]["binary"].is_null());
  EXPECT_EQ(payload["run"]["binaries"], Json::array({"outcomes_fixture", "plain_fixture"}));
  for (const auto& entry : payload["testCase"]) {
    EXPECT_EQ(entry["binary"],
              entry["className"] == "Plain" ? "plain_fixture" : "outcomes_fixture");
  }
}

TEST(Pages, StayWithinTheirBytesWhateverTheNames) {
  TempDir dir;
  // A job summary that three earlier reports of the step nearly filled.
  const std::string earlier(1000 * 1000, 'x');
  std::ofstream(dir.File("summary.md")) << earlier;
  const auto ran = RunNames(dir, {},
                            {{"NAMES_LONG", "100:20000"},
                             {"GTEST_FILTER", "Long.*"},
                             {"GTEST_WEBHOOK_HTML", dir.File("page.html")},
                             {"GTEST_WEBHOOK_SUMMARY", dir.File("summary.md")}});
  EXPECT_EQ(ran.payload["failures"], 100) << ran.process.err;
  // The page shortens names as the summary does: 100 failures of 8 KiB messages and output.
  const auto page = ReadFile(dir.File("page.html"));
  EXPECT_LT(page.size(), 1800U * 1000) << ran.process.err;
  EXPECT_NE(page.find("</html>"), std::string::npos);
  // GitHub drops a step's whole summary above 1 MiB: this report took only what was left.
  const auto summary = ReadFile(dir.File("summary.md"));
  EXPECT_LE(summary.size(), 1U << 20U);
  EXPECT_GT(summary.size(), earlier.size());
  EXPECT_NE(summary.find("already holds 1000000 bytes of other reports"), std::string::npos)
      << summary.substr(earlier.size());
}

TEST(Pages, LinksFromCiVariablesCannotInjectMarkupOrImages) {
  TempDir dir;
  const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  const auto ran =
      RunNames(dir, {},
               {{"GTEST_FILTER", "Amp.a&b"},
                {"GITHUB_ACTIONS", "true"},
                {"GITHUB_SHA", "0123abc"},
                {"GITHUB_RUN_ID", "7"},
                {"GITHUB_WORKSPACE", root.string()},
                {"GITHUB_REPOSITORY", "o/r) ![x](http://evil.example/x.png"},
                {"GITHUB_SERVER_URL", "https://github.example\"><script>alert(1)</script>"},
                {"GTEST_WEBHOOK_HTML", dir.File("page.html")},
                {"GTEST_WEBHOOK_SUMMARY", dir.File("summary.md")}});
  ASSERT_EQ(ran.payload["failures"], 1) << ran.process.err;
  const auto summary = ReadFile(dir.File("summary.md"));
  EXPECT_NE(summary.find("](https://github.example%22%3E%3Cscript%3E"), std::string::npos)
      << summary;
  EXPECT_EQ(summary.find("![x]("), std::string::npos) << summary;
  EXPECT_EQ(summary.find("<script>"), std::string::npos) << summary;
  const auto page = ReadFile(dir.File("page.html"));
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("href=\"https://github.example%22%3E%3Cscript%3E"), std::string::npos);
}

// GitHub allows a CODEOWNERS of 3 MB: 90,000 patterns that a backtracking matcher finds costly,
// over failures in 50 files deep in folders of long names. The owners are found as GitHub would
// (the last matching line) in bounded work: each rule is first looked for by its literal text,
// and each distinct path is matched once. It took minutes before; a minute is a generous bound.
TEST(Owners, AHugeCodeownersOfCostlyPatternsIsReadInBoundedWork) {
  TempDir dir;
  std::string owners;
  for (int i = 0; i < 90000; ++i) {
    owners += "**/**/*a*a*a*a*a*a*a*a*b" + std::to_string(i) + " @o\n";
  }
  owners += "/src/f3.cpp @three\n";
  ASSERT_LT(owners.size(), 3U << 20U);  // what GitHub allows
  std::ofstream(dir.File("CODEOWNERS")) << owners;
  std::string deep = "src/";
  for (int level = 0; level < 6; ++level) deep += std::string(60, 'a') + "/";
  Json tests = Json::array();
  for (int i = 0; i < 50; ++i) {
    const auto file = dir.File(i == 3 ? "src/f3.cpp" : deep + "aaaaaaaab" + std::to_string(i));
    tests.push_back({{"name", "T" + std::to_string(i)},
                     {"file", file},
                     {"line", 1},
                     {"status", "RUN"},
                     {"result", "COMPLETED"},
                     {"time", "0s"},
                     {"failures", Json::array({{{"failure", file + ":1\nboom"}, {"type", ""}}})}});
  }
  std::ofstream(dir.File("gtest.json"))
      << Json{{"tests", 50}, {"testsuites", Json::array({{{"name", "S"}, {"testsuite", tests}}})}}
             .dump();
  const auto sent = RunProcess(CLI, {"send", dir.File("gtest.json")},
                               {{"GITHUB_WORKSPACE", dir.path()},
                                {"GTEST_WEBHOOK_CODEOWNERS", dir.File("CODEOWNERS")},
                                {"GTEST_WEBHOOK_OUTPUT", dir.File("payload.json")}},
                               std::chrono::seconds(60));
  ASSERT_FALSE(sent.timed_out);
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  const auto payload = Json::parse(ReadFile(dir.File("payload.json")));
  std::map<std::string, Json> found;
  for (const auto& entry : payload["testCase"]) found[entry["name"]] = entry["owners"];
  EXPECT_EQ(found["T3"], Json::array({"@three"}));
  EXPECT_EQ(found["T9"], Json::array({"@o"}));  // …/aaaaaaaab9: the pattern of b9
  EXPECT_EQ(found["T10"], Json::array({"@o"}));
}

// In binaries built without any sanitizer, linked and under `run`, text that looks like a
// sanitizer's report (a lone summary, Go's runtime error, a copied AddressSanitizer report) is
// the passing test's output: it makes no error.
TEST(Sanitizers, OnlyTheRuntimesOwnReportsCount) {
#ifdef SUITE_SANITIZED
  GTEST_SKIP() << "the fixtures of a sanitized build hold a sanitizer's runtime: the dev suite "
                  "checks binaries built without one";
#endif
  for (const char* fixture : {LINKED_NAMES_FIXTURE, NAMES_FIXTURE}) {
    SCOPED_TRACE(fixture);
    TempDir dir;
    const Env env = {{"NAMES_FAKE_SANITIZER", "1"},
                     {"GTEST_FILTER", "Fake.*"},
                     {"GTEST_WEBHOOK_OUTPUT", dir.File("payload.json")}};
    const bool linked = std::string(fixture) == LINKED_NAMES_FIXTURE;
    const auto ran =
        linked ? RunProcess(fixture, {}, env) : RunProcess(CLI, {"run", "--", fixture}, env);
    EXPECT_EQ(ran.exit_code, 0) << ran.err;
    const auto payload = Json::parse(ReadFile(dir.File("payload.json")));
    EXPECT_EQ(payload["errors"], 0) << payload.dump(1);
    EXPECT_EQ(payload["buildStable"], true);
    ASSERT_EQ(payload["testCase"].size(), 1U);
    EXPECT_EQ(payload["testCase"][0]["status"], "passed");
  }
}

// With stdout and stderr going to two places (as CI runners and most process libraries give a
// child two pipes), what a plain test wrote to stderr while it ran is still its output.
TEST(Output, AStderrLineBetweenTwoStdoutLinesIsKeptWithTwoPipes) {
  TempDir dir;
  const auto ran = RunNames(dir, {}, {{"NAMES_TWO_STREAMS", "1"}, {"GTEST_FILTER", "Two.*"}});
  ASSERT_EQ(ran.payload["testCase"].size(), 1U) << ran.process.err;
  const auto output = ran.payload["testCase"][0]["output"].get<std::string>();
  const auto first = output.find("out-line-1");
  const auto second = output.find("err-line-2");
  const auto end = output.find("[  FAILED  ] Two.Streams");
  EXPECT_NE(first, std::string::npos) << output;
  EXPECT_NE(output.find("out-line-3"), std::string::npos) << output;
  ASSERT_NE(second, std::string::npos) << output;
  EXPECT_LT(first, second) << output;
  EXPECT_LT(second, end) << output;
}

// A test that prints GoogleTest's own lines for another test keeps its output, and the other
// test keeps its own.
TEST(Output, ForgedGoogleTestLinesTakeNoOtherTestsOutput) {
  TempDir dir;
  const auto ran = RunNames(dir, {}, {{"NAMES_FORGE", "1"}, {"GTEST_FILTER", "Forge.*"}});
  std::map<std::string, std::string> outputs;
  for (const auto& entry : ran.payload["testCase"]) {
    outputs[entry["name"]] = entry["output"].is_string() ? entry["output"].get<std::string>() : "";
  }
  ASSERT_EQ(outputs.size(), 2U) << ran.process.err;
  EXPECT_NE(outputs["Attacker"].find("attacker says"), std::string::npos) << outputs["Attacker"];
  EXPECT_NE(outputs["Attacker"].find("forged"), std::string::npos) << outputs["Attacker"];
  EXPECT_NE(outputs["Victim"].find("victim says"), std::string::npos) << outputs["Victim"];
  EXPECT_EQ(outputs["Victim"].find("forged"), std::string::npos) << outputs["Victim"];
  EXPECT_EQ(outputs["Victim"].find("attacker"), std::string::npos) << outputs["Victim"];
}

// A test that writes a prompt without a line feed, or a zero byte, and then waits: its reader gets
// the bytes now, as it would without gtest-webhook, not with the next line.
TEST(Output, NoByteWaitsForTheNextLine) {
  TempDir dir;
  const auto reader = "{ head -c 8 > '" + dir.File("got1") + "'; touch '" + dir.File("released1") +
                      "'; head -c 8 > '" + dir.File("got2") + "'; touch '" + dir.File("released2") +
                      "'; cat > /dev/null; }";
  const auto script = std::string("'") + CLI + "' run -- '" + NAMES_FIXTURE +
                      "' --gtest_filter='Wait.*' 2>&1 >/dev/null | " + reader;
  const auto ran = RunProcess(
      "/bin/sh", {"-c", script},
      {{"NAMES_WAIT_DIR", dir.path()}, {"GTEST_WEBHOOK_OUTPUT", dir.File("payload.json")}},
      std::chrono::seconds(90));
  EXPECT_EQ(ReadFile(dir.File("got1")), "prompt> ");
  EXPECT_EQ(ReadFile(dir.File("got2")), std::string("visible\0", 8));
  EXPECT_EQ(ReadFile(dir.File("verdict")), "in time\nin time\n") << ran.err;
}

TEST(Annotations, StartOnALineOfTheirOwnAfterOutputThatDidNotEndOne) {
  TempDir dir;
  const auto script = std::string("'") + NAMES_FIXTURE +
                      "' --gtest_filter='Cr.*'; status=$?; printf 'trailing text'; exit $status";
  const auto ran = RunProcess(CLI, {"run", "--", "/bin/sh", "-c", script},
                              {{"NAMES_CR", "1"},
                               {"GTEST_WEBHOOK_ANNOTATIONS", "github"},
                               {"GTEST_WEBHOOK_OUTPUT", dir.File("payload.json")}});
  EXPECT_EQ(ran.exit_code, 1) << ran.err;
  EXPECT_NE(ran.out.find("trailing text\n::error "), std::string::npos) << ran.out;
}

TEST(JUnit, KeepsACarriageReturnThatReadersWouldTurnIntoALineFeed) {
  TempDir dir;
  const auto ran = RunNames(dir, {},
                            {{"NAMES_CR", "1"},
                             {"GTEST_FILTER", "Cr.*"},
                             {"GTEST_WEBHOOK_JUNIT", dir.File("junit.xml")}});
  ASSERT_EQ(ran.payload["failures"], 1) << ran.process.err;
  const auto sent = RunProcess(CLI, {"send", dir.File("junit.xml")},
                               {{"GTEST_WEBHOOK_OUTPUT", dir.File("back.json")}});
  const auto back = Json::parse(ReadFile(dir.File("back.json")));
  ASSERT_EQ(back["testCase"].size(), 1U) << sent.err;
  const auto message = back["testCase"][0]["error"]["message"].get<std::string>();
  EXPECT_NE(message.find("message\r\nend"), std::string::npos) << Json(message).dump();
  EXPECT_EQ(back["testCase"][0]["output"], ran.payload["testCase"][0]["output"]);
}

}  // namespace
}  // namespace gtest_webhook::testing
