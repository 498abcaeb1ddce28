// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A multi-binary CMake project (tests/build_project) run through `ctest -j2`, as a CI build
// runs it: linked and plain binaries, gtest_discover_tests and add_test, and three binaries that
// die mid-run (SIGSEGV, SIGKILL, _exit(3)). Both ways of reporting a build give exactly one
// report with every test that ran.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "payload_helpers.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using Env = std::map<std::string, std::string>;

// A GitHub Actions job, so that the report is named as it would be there, build after build.
Env InCi(Env env) {
  env["GITHUB_ACTIONS"] = "true";
  env["GITHUB_REPOSITORY"] = "team/repo";
  env["GITHUB_JOB"] = "test";
  // A real segfault, not AddressSanitizer's report of one, in sanitizer builds.
  env["ASAN_OPTIONS"] = "handle_segv=0:detect_leaks=0";
  return env;
}

ProcessResult Ctest(Env env = {}) {
  return RunProcess("/bin/sh", {"-c", "ctest --test-dir '" + std::string(BUILD_PROJECT) + "' -j2"},
                    InCi(std::move(env)), std::chrono::seconds(120));
}

// What every report of the build must say, whichever way it was made.
void ExpectTheWholeBuild(const json& p) {
  EXPECT_EQ(p["name"], "team/repo test");
  EXPECT_EQ(p["run"]["processes"], 8);  // 4 discovered test cases, text_tests, three endings
  EXPECT_EQ(p["tests"], 13);
  EXPECT_EQ(p["failures"], 1);  // Math.Divides
  EXPECT_EQ(p["errors"], 3);    // the three processes that died
  EXPECT_EQ(p["skip"], 2);
  EXPECT_EQ(p["buildStable"], false);
  EXPECT_EQ(p["run"]["status"], "crashed");
  for (const char* test : {"Adds", "Divides", "HugeNumbers", "Records"}) {
    EXPECT_EQ(FindCase(p, "Math", test)["binary"], "math_tests") << test;
  }
  EXPECT_EQ(FindCase(p, "Math", "Records")["properties"], (json{{"ticket", "MATH-1"}}));
  EXPECT_EQ(FindCase(p, "Text", "Unicode")["status"], "skipped");
  std::map<std::string, std::string> endings;
  for (const auto& entry : p["testCase"]) {
    if (entry["name"] == "Ends") endings[entry["binary"]] = entry["error"]["message"];
    EXPECT_NE(entry["name"], "After") << "a test after the end ran";
  }
  ASSERT_EQ(endings.size(), 3U);
  EXPECT_NE(endings["segv_tests"].find("killed by SIGSEGV"), std::string::npos);
  EXPECT_NE(endings["kill_tests"].find("recorded no signal"), std::string::npos);
  EXPECT_NE(endings["exit_tests"].find("recorded no signal"), std::string::npos);
  EXPECT_EQ(FindCase(p, "Ending", "Before")["status"], "passed");
}

TEST(Build, RunOverCtestSendsOneReportForTheWholeBuild) {
  Receiver receiver;
  const auto run =
      RunProcess(CLI, {"run", "--", "ctest", "--test-dir", BUILD_PROJECT, "-j2"},
                 InCi({{"GTEST_WEBHOOK_URL", receiver.Url()}}), std::chrono::seconds(120));
  EXPECT_EQ(run.exit_code, 8);  // ctest's own: tests failed
  ASSERT_EQ(receiver.Requests().size(), 1U) << run.err;
  const auto p = json::parse(receiver.Requests()[0].body);
  ExpectTheWholeBuild(p);
  // run follows plain binaries too: it knows what ran where.
  const std::set<std::string> binaries(p["run"]["binaries"].begin(), p["run"]["binaries"].end());
  EXPECT_EQ(binaries, (std::set<std::string>{"math_tests", "text_tests", "segv_tests", "kill_tests",
                                             "exit_tests"}));
  EXPECT_EQ(FindCase(p, "Text", "Upper")["binary"], "text_tests");
}

TEST(Build, CollectThenSendGivesTheSameOneReport) {
  TempDir collect;
  Receiver receiver;
  // Each test process would report to the URL; collecting, they write files instead.
  const auto tests = Ctest({{"GTEST_WEBHOOK_URL", receiver.Url()},
                            {"GTEST_WEBHOOK_COLLECT_DIR", collect.path()},
                            // The plain binary leaves GoogleTest's own file (math_tests does not:
                            // tests/build_project says why).
                            {"GTEST_OUTPUT", "json:" + collect.File("gtest") + "/"}});
  EXPECT_EQ(tests.exit_code, 8) << tests.out;
  EXPECT_TRUE(receiver.Requests().empty());
  // The step that sends runs even though the tests failed.
  const auto send =
      RunProcess(CLI, {"send", collect.path()}, InCi({{"GTEST_WEBHOOK_URL", receiver.Url()}}));
  EXPECT_EQ(send.exit_code, 0) << send.err;
  ASSERT_EQ(receiver.Requests().size(), 1U) << send.err;
  const auto p = json::parse(receiver.Requests()[0].body);
  ExpectTheWholeBuild(p);
  // GoogleTest's JSON does not say; GoogleTest named its file after the binary.
  EXPECT_EQ(FindCase(p, "Text", "Upper")["binary"], "text_tests");
}

}  // namespace
}  // namespace gtest_webhook::testing
