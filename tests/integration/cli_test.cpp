// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The gtest-webhook command, run as a child process exactly as CI would run it, against plain
// GoogleTest binaries and a loopback receiver.

#include <gtest/gtest.h>
#include <gtest_webhook/signing.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "gtest_release.h"
#include "payload_helpers.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Env = std::map<std::string, std::string>;

struct CliRun {
  ProcessResult process;
  std::vector<ReceivedRequest> requests;
  json payload;  // the one report, when exactly one arrived
};

CliRun Cli(const std::vector<std::string>& args, Env env = {},
           const std::function<void(int)>& on_start = nullptr) {
  Receiver receiver;
  if (env.count("GTEST_WEBHOOK_URL") == 0) env["GTEST_WEBHOOK_URL"] = receiver.Url();
  // A real segfault, not AddressSanitizer's report of one, in sanitizer builds.
  env["ASAN_OPTIONS"] = "handle_segv=0:detect_leaks=0";
  CliRun run;
  run.process = RunProcess(CLI, args, env, seconds(60), on_start);
  run.requests = receiver.Requests();
  if (run.requests.size() == 1) run.payload = json::parse(run.requests[0].body);
  return run;
}

CliRun RunPlain(const std::string& filter, std::vector<std::string> before = {}, Env env = {},
                const std::function<void(int)>& on_start = nullptr) {
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), before.begin(), before.end());
  args.insert(args.end(), {"--", PLAIN_FIXTURE, "--gtest_filter=" + filter});
  return Cli(args, std::move(env), on_start);
}

bool ProcessGone(int pid) {
  const auto stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return true;
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
}

TEST(CliRun, ReportsAPlainBinaryAndKeepsItsExitCode) {
  const auto run = RunPlain("Plain.Passes:Plain.Fails:Plain.Skips:Plain.RecordsProperty");
  EXPECT_EQ(run.process.exit_code, 1);
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  const auto& p = run.payload;
  EXPECT_EQ(p["name"], "plain_fixture");
  EXPECT_EQ(p["event"], "RUN_FINISH");
  EXPECT_EQ(p["run"]["status"], "finished");
  EXPECT_EQ(p["tests"], 4);
  EXPECT_EQ(p["failures"], 1);
  EXPECT_EQ(p["skip"], 1);  // settled by GoogleTest's JSON output
  EXPECT_EQ(FindCase(p, "Plain", "Skips")["status"], "skipped");
  EXPECT_NE(
      FindCase(p, "Plain", "Fails")["error"]["message"].get<std::string>().find("plain failure"),
      std::string::npos);
  EXPECT_EQ(FindCase(p, "Plain", "RecordsProperty")["properties"], (json{{"build", "fast"}}));
  EXPECT_EQ(p["run"]["filter"], "Plain.Passes:Plain.Fails:Plain.Skips:Plain.RecordsProperty");
  // GoogleTest's own output reaches the user as usual.
  EXPECT_NE(run.process.out.find("[  FAILED  ] Plain.Fails"), std::string::npos);
}

// GTEST_WEBHOOK_KNOWN_BUGS applies to reports built by the command exactly as by the listener.
TEST(CliRun, KnownBugsAreTaggedAndCountedApart) {
  const auto run = RunPlain("Plain.Passes:Plain.Fails", {},
                            {{"GTEST_WEBHOOK_KNOWN_BUGS", "Plain.Fails:Other.*"}});
  EXPECT_EQ(run.process.exit_code, 1);
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  const auto& p = run.payload;
  EXPECT_EQ(p["bugs"], 1);
  EXPECT_EQ(p["bugsPassing"], 0);
  EXPECT_EQ(p["failures"], 0);
  EXPECT_EQ(p["buildStable"], true);
  EXPECT_EQ(FindCase(p, "Plain", "Fails")["taggedBug"], true);
  EXPECT_EQ(FindCase(p, "Plain", "Passes")["taggedBug"], false);
}

TEST(CliRun, ASegfaultBlamesTheRunningTestAndKeepsTheOnesBefore) {
  const auto run = RunPlain("Plain.Passes:Plain.Segfaults:Plain.Fails");
  EXPECT_EQ(run.process.exit_code, 128 + SIGSEGV);
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  const auto& p = run.payload;
  EXPECT_EQ(p["run"]["status"], "crashed");
  EXPECT_EQ(p["buildStable"], false);
  EXPECT_EQ(p["tests"], 3);  // Passes and Fails ran (in file order) before Segfaults
  EXPECT_EQ(FindCase(p, "Plain", "Passes")["status"], "passed");
  EXPECT_EQ(FindCase(p, "Plain", "Fails")["status"], "failed");
  const auto culprit = FindCase(p, "Plain", "Segfaults");
  EXPECT_EQ(culprit["error"]["type"], "error");
  EXPECT_NE(culprit["error"]["message"].get<std::string>().find("killed by SIGSEGV"),
            std::string::npos)
      << culprit;
}

TEST(CliRun, AbortAndExitAreCrashesToo) {
  const auto aborted = RunPlain("Plain.Aborts");
  EXPECT_EQ(aborted.process.exit_code, 128 + SIGABRT);
  EXPECT_NE(
      FindCase(aborted.payload, "Plain", "Aborts")["error"]["message"].get<std::string>().find(
          "SIGABRT"),
      std::string::npos);
  const auto exited = RunPlain("Plain.Passes:Plain.Exits");
  EXPECT_EQ(exited.process.exit_code, 3);
  EXPECT_EQ(exited.payload["run"]["status"], "crashed");
  EXPECT_NE(FindCase(exited.payload, "Plain", "Exits")["error"]["message"].get<std::string>().find(
                "exited with code 3 before GoogleTest finished"),
            std::string::npos);
}

TEST(CliRun, TimeoutKillsTheProcessGroupAndReportsTheHangingTest) {
  TempDir dir;
  const auto run = RunPlain("Plain.Passes:Plain.Hangs", {"--timeout", "1"},
                            {{"FIXTURE_PID_FILE", dir.File("grandchild")}});
  EXPECT_EQ(run.process.exit_code, 124);
  EXPECT_LT(run.process.elapsed, seconds(8));
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  EXPECT_EQ(run.payload["event"], "RUN_TIMEOUT");
  EXPECT_EQ(run.payload["run"]["status"], "timeout");
  const auto culprit = FindCase(run.payload, "Plain", "Hangs");
  EXPECT_EQ(culprit["status"], "error");
  EXPECT_NE(culprit["error"]["message"].get<std::string>().find("timed out"), std::string::npos);
  const int grandchild = std::stoi(ReadFile(dir.File("grandchild")));
  for (int i = 0; i < 100 && !ProcessGone(grandchild); ++i)
    std::this_thread::sleep_for(milliseconds(20));
  EXPECT_TRUE(ProcessGone(grandchild)) << "orphan left behind: " << grandchild;
}

TEST(CliRun, ABinaryThatIgnoresSigtermIsKilledAfterTheGrace) {
  const auto run = RunPlain("Plain.IgnoresSigterm", {"--timeout", "1", "--grace", "1"});
  EXPECT_EQ(run.process.exit_code, 124);
  EXPECT_LT(run.process.elapsed, seconds(8));
  EXPECT_EQ(run.payload["event"], "RUN_TIMEOUT");
  EXPECT_EQ(FindCase(run.payload, "Plain", "IgnoresSigterm")["status"], "error");
}

TEST(CliRun, SigtermIsForwardedAndThePartialReportSaysCanceled) {
  const auto run = RunPlain("Plain.Passes:Plain.Hangs", {}, {}, [](int pid) {
    std::thread([pid] {
      std::this_thread::sleep_for(milliseconds(800));
      ::kill(pid, SIGTERM);
    }).detach();
  });
  EXPECT_EQ(run.process.exit_code, 128 + SIGTERM);
  EXPECT_LT(run.process.elapsed, seconds(8));
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  EXPECT_EQ(run.payload["event"], "RUN_CANCELED");
  EXPECT_EQ(run.payload["run"]["status"], "canceled");
  EXPECT_EQ(FindCase(run.payload, "Plain", "Passes")["status"], "passed");
  EXPECT_NE(FindCase(run.payload, "Plain", "Hangs")["error"]["message"].get<std::string>().find(
                "SIGTERM"),
            std::string::npos);
}

TEST(CliRun, FailuresOutsideTestsAreErrorsOfTheirOwn) {
  const auto run = RunPlain("PlainSuiteSetUpFails.*");
  const auto entry = FindCase(run.payload, "PlainSuiteSetUpFails", "SetUpTestSuite");
  if (kGoogleTestRelease < 111) {
    // GoogleTest 1.10 itself reports this suite as passed (and exits 0), and its stream says
    // no more: a plain binary's failure here cannot be told from a skip. Linked ones can.
    EXPECT_EQ(entry["status"], "skipped");
    return;
  }
  EXPECT_EQ(entry["error"]["type"], "error");
  EXPECT_EQ(FindCase(run.payload, "PlainSuiteSetUpFails", "Only")["status"],
            kSkipsAfterAFailedSetUp ? "skipped" : "passed");
  EXPECT_EQ(run.payload["buildStable"], false);
}

TEST(CliRun, ABinaryLinkedWithTheLibraryStillReportsOnce) {
  const auto run = Cli({"run", "--", OUTCOMES_FIXTURE, "--gtest_filter=Basic.*"});
  EXPECT_EQ(run.requests.size(), 1U) << run.process.err;
  EXPECT_EQ(run.payload["tests"], 4);
  EXPECT_EQ(run.process.exit_code, 1);
}

// A test binary that is missing is the most common broken build: one report says so, under the
// name the binary's reports have, and the exit code stays the shell's.
TEST(CliRun, UsageMistakesAndMissingBinaries) {
  EXPECT_EQ(Cli({"run"}).process.exit_code, 2);
  EXPECT_EQ(Cli({"run", "--timeout", "soon", "--", PLAIN_FIXTURE}).process.exit_code, 2);
  const auto missing = Cli({"run", "--", "/nonexistent/binary"});
  EXPECT_EQ(missing.process.exit_code, 127);
  EXPECT_NE(missing.process.err.find("cannot run '/nonexistent/binary': No such file"),
            std::string::npos);
  ASSERT_EQ(missing.requests.size(), 1U) << missing.process.err;
  EXPECT_EQ(missing.payload["name"], "binary");
  EXPECT_EQ(missing.payload["buildStable"], false);
  EXPECT_EQ(missing.payload["errors"], 1);
  EXPECT_NE(missing.payload["testCase"][0]["error"]["message"].get<std::string>().find(
                "could not be started: cannot run '/nonexistent/binary': No such file"),
            std::string::npos);
}

// `run` follows every GoogleTest process under a command, linked or not: one report, each
// process once, each test with its binary.
TEST(CliRun, FollowsEveryProcessOfAScriptAndCountsALinkedOneOnce) {
  const auto script = std::string(PLAIN_FIXTURE) + " --gtest_filter=Plain.Passes:Plain.Fails; " +
                      OUTCOMES_FIXTURE + " --gtest_filter=Basic.*";
  const auto run = Cli({"run", "--", "/bin/sh", "-c", script});
  EXPECT_EQ(run.process.exit_code, 1);
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  const auto& p = run.payload;
  EXPECT_EQ(p["run"]["processes"], 2);
  EXPECT_EQ(p["run"]["binaries"], json::array({"plain_fixture", "outcomes_fixture"}));
  EXPECT_TRUE(p["run"]["binary"].is_null());
  EXPECT_EQ(p["tests"], 6);
  EXPECT_EQ(FindCase(p, "Plain", "Fails")["binary"], "plain_fixture");
  EXPECT_EQ(FindCase(p, "Basic", "Skips")["status"], "skipped");  // from its collect file
  EXPECT_EQ(FindCase(p, "Basic", "RecordsProperties")["binary"], "outcomes_fixture");
  EXPECT_EQ(p["traces"], 2);
}

// GTEST_SKIP() in SetUpTestSuite or in a global environment's SetUp skips; it fails nothing.
TEST(CliRun, ASkipOutsideTestsIsASkippedEntryNotAnError) {
  const auto suite = RunPlain("PlainSuiteSetUpSkips.*");
  ASSERT_EQ(suite.requests.size(), 1U) << suite.process.err;
  const auto entry = FindCase(suite.payload, "PlainSuiteSetUpSkips", "SetUpTestSuite");
  EXPECT_EQ(entry["status"], "skipped");
  EXPECT_NE(entry["skipReason"].get<std::string>().find("the suite's service is down"),
            std::string::npos);
  EXPECT_EQ(suite.payload["buildStable"], true);
  EXPECT_EQ(suite.payload["errors"], 0);

  const auto environment = RunPlain("Plain.Passes", {}, {{"FIXTURE_ENVIRONMENT", "skip"}});
  EXPECT_EQ(environment.process.exit_code, 0);
  ASSERT_EQ(environment.requests.size(), 1U) << environment.process.err;
  const auto skipped = FindCase(environment.payload, "[global environment]", "SetUp");
  EXPECT_EQ(skipped["status"], "skipped");
  EXPECT_NE(skipped["skipReason"].get<std::string>().find("no lab hardware here"),
            std::string::npos);
  EXPECT_EQ(environment.payload["buildStable"], true);
}

// The user's own --gtest_output (a file, a directory, or GTEST_OUTPUT) is written as asked,
// and the report still knows skips from failures and keeps RecordProperty values.
TEST(CliRun, TheUsersOwnOutputIsWrittenAndTheReportStaysRight) {
  TempDir dir;
  const std::string filter = "Plain.Passes:Plain.Fails:Plain.Skips:Plain.RecordsProperty";
  const auto check = [&](const CliRun& run, const std::string& file) {
    EXPECT_FALSE(ReadFile(file).empty()) << file << " was not written";
    ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
    EXPECT_EQ(run.payload["name"], "plain_fixture") << file;
    EXPECT_EQ(FindCase(run.payload, "Plain", "Skips")["status"], "skipped") << file;
    EXPECT_EQ(run.payload["failures"], 1) << file;
    EXPECT_EQ(FindCase(run.payload, "Plain", "RecordsProperty")["properties"],
              (json{{"build", "fast"}}))
        << file;
  };
  const auto as_file = Cli({"run", "--", PLAIN_FIXTURE, "--gtest_filter=" + filter,
                            "--gtest_output=xml:" + dir.File("mine.xml")});
  check(as_file, dir.File("mine.xml"));
  const auto as_directory = Cli({"run", "--", PLAIN_FIXTURE, "--gtest_filter=" + filter,
                                 "--gtest_output=json:" + dir.File("out") + "/"});
  check(as_directory, dir.File("out/plain_fixture.json"));
  const auto exported = Cli({"run", "--", PLAIN_FIXTURE, "--gtest_filter=" + filter},
                            {{"GTEST_OUTPUT", "xml:" + dir.File("exported.xml")}});
  check(exported, dir.File("exported.xml"));
}

// A listing is not a run: nothing ran, so nothing is reported as passed.
TEST(CliRun, AListingIsNotARun) {
  const auto run = Cli({"run", "--", PLAIN_FIXTURE, "--gtest_list_tests"});
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_TRUE(run.requests.empty());
  EXPECT_NE(run.process.err.find("the command ran no GoogleTest tests; nothing was sent"),
            std::string::npos)
      << run.process.err;
  TempDir dir;
  RunProcess(PLAIN_FIXTURE, {"--gtest_list_tests", "--gtest_output=json:" + dir.File("l.json")},
             {});
  const auto sent = Cli({"send", dir.File("l.json")});
  EXPECT_EQ(sent.process.exit_code, 1);
  EXPECT_TRUE(sent.requests.empty());
  EXPECT_NE(sent.process.err.find("a test listing (--gtest_list_tests), not results"),
            std::string::npos)
      << sent.process.err;
}

// A wrapper (env here; valgrind and others alike) does not name the report, and the seed of a
// shuffled run is kept.
TEST(CliRun, AWrapperNeitherNamesTheReportNorLosesTheSeed) {
  const auto run =
      Cli({"run", "--", "/usr/bin/env", "WRAPPED=1", PLAIN_FIXTURE,
           "--gtest_filter=Plain.Passes:Plain.Fails", "--gtest_shuffle", "--gtest_random_seed=5"});
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  EXPECT_EQ(run.payload["name"], "plain_fixture");
  EXPECT_EQ(run.payload["run"]["binary"], "plain_fixture");
  EXPECT_EQ(run.payload["run"]["randomSeed"], 5);
}

// Processes that leave the command's process group are stopped too.
TEST(CliRun, TheTimeoutStopsTheWholeProcessTree) {
  TempDir dir;
  const auto script =
      std::string("setsid ") + PLAIN_FIXTURE + " --gtest_filter=Plain.Passes:Plain.Hangs & wait";
  const auto run = Cli({"run", "--timeout", "1", "--grace", "1", "--", "/bin/sh", "-c", script},
                       {{"FIXTURE_PID_FILE", dir.File("grandchild")}});
  EXPECT_EQ(run.process.exit_code, 124);
  EXPECT_LT(run.process.elapsed, seconds(8));
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  EXPECT_EQ(run.payload["event"], "RUN_TIMEOUT");
  EXPECT_NE(FindCase(run.payload, "Plain", "Hangs")["error"]["message"].get<std::string>().find(
                "timed out"),
            std::string::npos);
  const int grandchild = std::stoi(ReadFile(dir.File("grandchild")));
  for (int i = 0; i < 100 && !ProcessGone(grandchild); ++i)
    std::this_thread::sleep_for(milliseconds(20));
  EXPECT_TRUE(ProcessGone(grandchild)) << "left behind: " << grandchild;
}

// A command that fails while every test passed (a test that is not GoogleTest, a crash before
// GoogleTest started) is not a stable build.
TEST(CliRun, ACommandThatFailsWhileItsTestsPassIsNotStable) {
  const auto passing = Cli({"run", "--", "/bin/sh", "-c",
                            std::string(PLAIN_FIXTURE) + " --gtest_filter=Plain.Passes; exit 3"});
  EXPECT_EQ(passing.process.exit_code, 3);
  ASSERT_EQ(passing.requests.size(), 1U);
  EXPECT_EQ(passing.payload["buildStable"], false);
  EXPECT_NE(passing.requests[0].body.find(
                "the command exited with code 3, although every GoogleTest test it ran passed"),
            std::string::npos)
      << passing.requests[0].body;
  const auto nothing = Cli({"run", "--", "/bin/sh", "-c", "exit 5"});
  EXPECT_EQ(nothing.process.exit_code, 5);
  ASSERT_EQ(nothing.requests.size(), 1U);
  EXPECT_NE(nothing.requests[0].body.find("exited with code 5 before any GoogleTest test ran"),
            std::string::npos);
}

// CI sends SIGKILL a few seconds after SIGTERM: a cancelled run's delivery ends within --grace,
// and a second signal ends it at once.
TEST(CliRun, ACancelledRunDeliversWithinTheGraceAndASecondSignalStopsIt) {
  Receiver slow;
  slow.Script([](const ReceivedRequest&, std::size_t) { return Answer{200, "late", seconds(6)}; });
  const auto cancel = [](std::vector<milliseconds> after) {
    return [after](int pid) {
      std::thread([pid, after] {
        for (const auto wait : after) {
          std::this_thread::sleep_for(wait);
          ::kill(pid, SIGTERM);
        }
      }).detach();
    };
  };
  const auto graceful = RunPlain("Plain.Passes:Plain.Hangs", {"--grace", "1"},
                                 {{"GTEST_WEBHOOK_URL", slow.Url()}}, cancel({milliseconds(800)}));
  EXPECT_EQ(graceful.process.exit_code, 128 + SIGTERM);
  EXPECT_LT(graceful.process.elapsed, seconds(5)) << graceful.process.err;
  EXPECT_NE(graceful.process.err.find("failed to deliver"), std::string::npos)
      << graceful.process.err;

  const auto twice =
      RunPlain("Plain.Passes:Plain.Hangs", {"--grace", "10"}, {{"GTEST_WEBHOOK_URL", slow.Url()}},
               cancel({milliseconds(800), milliseconds(1500)}));
  EXPECT_EQ(twice.process.exit_code, 128 + SIGTERM);
  EXPECT_LT(twice.process.elapsed, seconds(5)) << twice.process.err;
  EXPECT_NE(twice.process.err.find("stopped at once by a second signal"), std::string::npos)
      << twice.process.err;
}

// SIGINT and SIGTERM are the run's to pass on: it goes on capturing after them, and the test it
// cancelled carries what it wrote (SPEC §16).
TEST(CliRun, ACancelledPlainTestCarriesWhatItWrote) {
  const auto run = RunPlain("Plain.Passes:Plain.Hangs", {"--grace", "1"}, {}, [](int pid) {
    std::thread([pid] {
      std::this_thread::sleep_for(milliseconds(800));
      ::kill(pid, SIGTERM);
    }).detach();
  });
  EXPECT_EQ(run.process.exit_code, 128 + SIGTERM);
  ASSERT_EQ(run.requests.size(), 1U) << run.process.err;
  const auto culprit = FindCase(run.payload, "Plain", "Hangs");
  EXPECT_TRUE(culprit["output"].is_string() && culprit["output"].get<std::string>().find(
                                                   "[ RUN      ] Plain.Hangs") != std::string::npos)
      << culprit.dump();
}

// run works in a private directory under TMPDIR and removes it however the run ends.
TEST(CliRun, LeavesNothingBehindInTheTemporaryDirectory) {
  TempDir temp;
  const Env env = {{"TMPDIR", temp.path()}};
  const auto empty = [&temp] { return std::filesystem::is_empty(temp.path()); };
  EXPECT_EQ(RunPlain("Plain.Passes:Plain.Skips", {}, env).process.exit_code, 0);
  EXPECT_TRUE(empty());
  EXPECT_EQ(RunPlain("Plain.Segfaults", {}, env).process.exit_code, 128 + SIGSEGV);
  EXPECT_TRUE(empty());
  EXPECT_EQ(RunPlain("Plain.Hangs", {"--timeout", "0.5"}, env).process.exit_code, 124);
  EXPECT_TRUE(empty());
  EXPECT_EQ(Cli({"run", "--", "/nonexistent/binary"}, env).process.exit_code, 127);
  EXPECT_TRUE(empty());
  const auto linked = Cli({"run", "--", OUTCOMES_FIXTURE, "--gtest_filter=Basic.*"}, env);
  EXPECT_EQ(linked.requests.size(), 1U);
  EXPECT_TRUE(empty());
}

// GoogleTest JSON files, written by real runs.
class CliSend : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& filter, Env env = {}) {
    const auto path = dir_.File(name);
    env["GTEST_WEBHOOK_DISABLE"] = "1";
    RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=" + filter, "--gtest_output=json:" + path}, env);
    return path;
  }
  TempDir dir_;
};

TEST_F(CliSend, OneFile) {
  const auto file = Write("unit.json", "Basic.*:Errors.*");
  const auto run = Cli({"send", file});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  ASSERT_EQ(run.requests.size(), 1U);
  const auto& p = run.payload;
  EXPECT_EQ(p["name"], "unit");
  EXPECT_EQ(p["tests"], 7);
  EXPECT_EQ(p["failures"], 1);
  EXPECT_EQ(p["errors"], 3);  // uncaught exceptions
  EXPECT_EQ(p["skip"], 1);
  EXPECT_EQ(p["run"]["disabled"], 1);
  EXPECT_EQ(FindCase(p, "Basic", "RecordsProperties")["properties"],
            (json{{"ticket", "ABC-1"}, {"count", "3"}}));
}

TEST_F(CliSend, ShardsMergeIntoOneReport) {
  const auto first =
      Write("unit-0.json", "Basic.*", {{"GTEST_TOTAL_SHARDS", "2"}, {"GTEST_SHARD_INDEX", "0"}});
  const auto second =
      Write("unit-1.json", "Basic.*", {{"GTEST_TOTAL_SHARDS", "2"}, {"GTEST_SHARD_INDEX", "1"}});
  const auto run = Cli({"send", first, second});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  ASSERT_EQ(run.requests.size(), 1U);
  EXPECT_EQ(run.payload["name"], "unit");
  EXPECT_EQ(run.payload["tests"], 4);
  EXPECT_EQ(run.payload["traces"], 1);
  EXPECT_EQ(run.payload["failures"], 1);
}

// GoogleTest 1.11 to 1.13 write invalid JSON when a global environment fails (a missing comma);
// other releases write it right. Either way the failure is reported.
TEST_F(CliSend, RepairsTheJsonSomeGoogleTestReleasesWriteWhenAnEnvironmentFails) {
  const auto file = Write("env.json", "Basic.Passes", {{"FIXTURE_ENVIRONMENT", "setup"}});
  const bool invalid = !json::accept(ReadFile(file));
  const auto run = Cli({"send", file});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_EQ(run.process.err.find("repaired 1 missing comma") != std::string::npos, invalid)
      << run.process.err;
  if (kGoogleTestRelease < 111) {
    // GoogleTest 1.10 records no environment failure, and lists the test it never ran as run.
    const auto never = FindCase(run.payload, "Basic", "Passes");
    EXPECT_EQ(never["status"], "error");
    EXPECT_NE(never["error"]["message"].get<std::string>().find("never started"),
              std::string::npos);
    EXPECT_EQ(run.payload["buildStable"], false);
    return;
  }
  // GoogleTest's file does not say which phase failed; every test was skipped, so the SetUp.
  const auto entry = FindCase(run.payload, "[global environment]", "SetUp");
  EXPECT_EQ(entry["error"]["type"], "error");
  EXPECT_NE(entry["error"]["message"].get<std::string>().find("environment set-up broke"),
            std::string::npos);
  EXPECT_EQ(run.payload["buildStable"], false);
}

// A file that cannot be used is named with where it breaks, and the report says so too: the
// build must not look stable because a result could not be read.
TEST_F(CliSend, ATruncatedFileIsNamedAndIsAnErrorInTheReport) {
  const auto file = Write("unit.json", "Basic.*");
  const auto truncated = dir_.File("truncated.json");
  std::ofstream(truncated) << ReadFile(file).substr(0, 200);
  const auto run = Cli({"send", truncated});
  EXPECT_EQ(run.process.exit_code, 1);
  EXPECT_NE(run.process.err.find(truncated + ": not GoogleTest JSON output: parse error at byte "),
            std::string::npos)
      << run.process.err;
  ASSERT_EQ(run.requests.size(), 1U);
  EXPECT_EQ(run.payload["buildStable"], false);
  const auto entry = FindCase(run.payload, "[gtest-webhook]", truncated);
  EXPECT_EQ(entry["status"], "error");
  EXPECT_NE(entry["error"]["message"].get<std::string>().find("parse error at byte"),
            std::string::npos);
  EXPECT_EQ(Cli({"send"}).process.exit_code, 2);
}

TEST(CliTest, SendsADummyPayloadAndPrintsTheRecords) {
  Receiver good;
  const auto ok =
      Cli({"test"}, {{"GTEST_WEBHOOK_URL", good.Url()}, {"GTEST_WEBHOOK_WHEN", "fails"}});
  EXPECT_EQ(ok.process.exit_code, 0) << ok.process.err;
  ASSERT_EQ(good.Requests().size(), 1U);  // sent despite when=fails
  EXPECT_EQ(json::parse(good.Requests()[0].body)["event"], "TEST");
  const auto record = json::parse(ok.process.out);
  EXPECT_EQ(record["status"], "SUCCEEDED");
  EXPECT_EQ(record["eventType"], "TEST");

  Receiver bad;
  bad.Script([](const ReceivedRequest&, std::size_t) { return Answer{500, "down"}; });
  const auto failed =
      Cli({"test"}, {{"GTEST_WEBHOOK_URL", bad.Url()}, {"GTEST_WEBHOOK_RETRIES", "0"}});
  EXPECT_EQ(failed.process.exit_code, 1);
  EXPECT_EQ(json::parse(failed.process.out)["status"], "FAILED");
  EXPECT_EQ(RunProcess(CLI, {"test"}, {}).exit_code, 2);
}

// Signatures made by a real delivery, checked by `verify`.
class CliVerify : public ::testing::Test {
 protected:
  void SetUp() override {
    Receiver receiver;
    RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Text.*"},
               {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_SECRET", kSecret}});
    ASSERT_EQ(receiver.Requests().size(), 1U);
    request_ = receiver.Requests()[0];
    std::ofstream(dir_.File("body"), std::ios::binary) << request_.body;
    std::ofstream(dir_.File("tampered"), std::ios::binary) << request_.body << ' ';
  }
  int Verify(const std::string& secret, std::vector<std::string> args,
             const std::string& body = "body") {
    args.insert(args.begin(), {"verify", "--secret", secret, "--body", dir_.File(body)});
    return RunProcess(CLI, args, {}).exit_code;
  }
  std::vector<std::string> Standard(const std::string& timestamp) {
    return {"--id",    request_.Header("webhook-id"), "--timestamp",
            timestamp, "--webhook-signature",         request_.Header("webhook-signature")};
  }
  static constexpr const char* kSecret = "whsec_dmVyaWZ5IG1lIHBsZWFzZQ==";
  TempDir dir_;
  ReceivedRequest request_;
};

TEST_F(CliVerify, SignatureHeader) {
  EXPECT_EQ(Verify(kSecret, {"--signature", request_.Header("Signature")}), 0);
  EXPECT_EQ(Verify(kSecret, {"--signature", request_.Header("Signature")}, "tampered"), 1);
  EXPECT_EQ(Verify("whsec_d3Jvbmc=", {"--signature", request_.Header("Signature")}), 1);
}

TEST_F(CliVerify, StandardWebhooks) {
  const auto timestamp = request_.Header("webhook-timestamp");
  EXPECT_EQ(Verify(kSecret, Standard(timestamp)), 0);
  EXPECT_EQ(Verify(kSecret, Standard(timestamp), "tampered"), 1);
  EXPECT_EQ(Verify("whsec_d3Jvbmc=", Standard(timestamp)), 1);
  // A timestamp ten minutes old is stale with the default tolerance, fine with a larger one;
  // the signature covers the timestamp, so re-sign for it.
  const auto old = std::to_string(std::stoll(timestamp) - 600);
  auto stale = Standard(old);
  stale.back() = StandardWebhooksSignature(
      *StandardWebhooksKey(kSecret), request_.Header("webhook-id"), std::stoll(old), request_.body);
  EXPECT_EQ(Verify(kSecret, stale), 1);
  stale.insert(stale.end(), {"--tolerance", "900"});
  EXPECT_EQ(Verify(kSecret, stale), 0);
}

TEST_F(CliVerify, ReadsTheBodyFromStandardInputAndRejectsBadUsage) {
  const auto result =
      RunProcess("/bin/sh",
                 {"-c", std::string(CLI) + " verify --secret '" + kSecret + "' --signature '" +
                            request_.Header("Signature") + "' < '" + dir_.File("body") + "'"},
                 {});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "valid\n");
  EXPECT_EQ(Verify(kSecret, {}), 2);  // no signature given
  EXPECT_EQ(Verify(kSecret, {"--id", "x"}), 2);
  EXPECT_EQ(RunProcess(CLI, {"verify", "--signature", "x"}, {}).exit_code, 2);  // no secret
}

// The body as a positional FILE, the way `openssl dgst` and `sha256sum` take theirs; "-" is
// standard input. A body that cannot be read is a usage error (2) that says why, never a
// verdict.
TEST_F(CliVerify, TakesTheBodyAsAPositionalFile) {
  const auto signature = request_.Header("Signature");
  const auto positional = RunProcess(
      CLI, {"verify", "--secret", kSecret, "--signature", signature, dir_.File("body")}, {});
  EXPECT_EQ(positional.exit_code, 0) << positional.err;
  EXPECT_EQ(positional.out, "valid\n");
  const auto first = RunProcess(
      CLI, {"verify", dir_.File("tampered"), "--secret", kSecret, "--signature", signature}, {});
  EXPECT_EQ(first.exit_code, 1) << first.err;
  const auto dash = Shell(std::string(CLI) + " verify --secret '" + kSecret + "' --signature '" +
                          signature + "' - < '" + dir_.File("body") + "'");
  EXPECT_EQ(dash.exit_code, 0) << dash.err;

  const auto twice = RunProcess(CLI,
                                {"verify", "--secret", kSecret, "--signature", signature, "--body",
                                 dir_.File("body"), dir_.File("body")},
                                {});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("the body is named twice"), std::string::npos) << twice.err;
  for (const auto& body : {dir_.path(), dir_.File("missing")}) {
    const auto unreadable =
        RunProcess(CLI, {"verify", "--secret", kSecret, "--signature", signature, body}, {});
    EXPECT_EQ(unreadable.exit_code, 2) << body;
    EXPECT_NE(unreadable.err.find("gtest-webhook verify: "), std::string::npos) << unreadable.err;
    EXPECT_NE(unreadable.err.find(body), std::string::npos) << unreadable.err;
    EXPECT_EQ(unreadable.err.find("terminate"), std::string::npos) << unreadable.err;
  }
}

// verify accepts what independent signers produce: openssl's HMAC over a body, and the test
// vector published with the Standard Webhooks reference libraries.
TEST(CliVerifyThirdParty, AcceptsWhatOthersSign) {
  TempDir dir;
  std::ofstream(dir.File("body"), std::ios::binary) << R"({"test": 2432232314})";
  const auto openssl = Shell("openssl dgst -sha256 -hmac 'third party key' < '" + dir.File("body") +
                             "' | sed 's/^.* //'");
  ASSERT_EQ(openssl.exit_code, 0);
  const auto hex = openssl.out.substr(0, openssl.out.find('\n'));
  EXPECT_EQ(RunProcess(CLI,
                       {"verify", "--secret", "third party key", "--signature", "sha256=" + hex,
                        "--body", dir.File("body")},
                       {})
                .exit_code,
            0);
  EXPECT_EQ(RunProcess(CLI,
                       {"verify", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id",
                        "msg_p5jXN8AQM9LWM0D4loKWxJek", "--timestamp", "1614265330",
                        "--webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                        "--tolerance", "2000000000", "--body", dir.File("body")},
                       {})
                .exit_code,
            0);
}

TEST(CliHelp, EveryVerbHasHelpAndThereIsAVersion) {
  for (const char* verb : {"run", "send", "test", "flush", "verify"}) {
    const auto help = RunProcess(CLI, {verb, "--help"}, {});
    EXPECT_EQ(help.exit_code, 0) << verb;
    EXPECT_NE(help.out.find("Usage: gtest-webhook " + std::string(verb)), std::string::npos)
        << verb;
    EXPECT_NE(help.out.find("Example"), std::string::npos) << verb;
  }
  const auto version = RunProcess(CLI, {"--version"}, {});
  EXPECT_EQ(version.out.rfind("gtest-webhook ", 0), 0U);
  EXPECT_EQ(RunProcess(CLI, {"frobnicate"}, {}).exit_code, 2);
}

// Two runs that leave their reports in one collect directory (two jobs of one build) each keep
// theirs: a report's file is named by its run, never one name for every run.
TEST(RunCollect, TwoRunsIntoOneDirectoryEachKeepTheirReport) {
  TempDir collect;
  for (const char* tests : {"2", "3"}) {
    const auto run =
        RunProcess(CLI, {"run", "--", MANY_FIXTURE},
                   {{"GTEST_WEBHOOK_COLLECT_DIR", collect.path()}, {"MANY_TESTS", tests}});
    EXPECT_EQ(run.exit_code, 0) << run.err;
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(collect.path())) {
    const auto name = entry.path().filename().string();
    EXPECT_EQ(name.rfind("run-", 0), 0U) << name;
    EXPECT_NE(name, "run-.gtest-webhook.json");
    ++files;
  }
  EXPECT_EQ(files, 2U);
  TempDir out;
  const auto send = RunProcess(CLI, {"send", collect.path()},
                               {{"GTEST_WEBHOOK_OUTPUT", out.File("payload.json")}});
  EXPECT_EQ(send.exit_code, 0) << send.err;
  EXPECT_EQ(json::parse(ReadFile(out.File("payload.json")))["tests"], 5);
}

}  // namespace
}  // namespace gtest_webhook::testing
