// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Runs real GoogleTest binaries linked with gtest_webhook as child processes, with real
// environment variables, against a loopback receiver, and checks what arrives.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "gtest_release.h"
#include "gtest_webhook/signing.h"
#include "payload_helpers.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct FixtureRun {
  ProcessResult process;
  std::vector<ReceivedRequest> requests;
  /// The body of the one request, parsed; a failed assertion unless exactly one arrived.
  json payload;
};

// Runs `binary` with `args`, reporting to a fresh receiver unless `env` names its own reporter.
FixtureRun RunFixture(const std::string& binary, const std::vector<std::string>& args,
                      std::map<std::string, std::string> env = {}) {
  Receiver receiver;
  if (env.count("GTEST_WEBHOOK_URL") == 0 && env.count("GTEST_WEBHOOK_REPORTERS") == 0) {
    env["GTEST_WEBHOOK_URL"] = receiver.Url();
  }
  FixtureRun run;
  run.process = RunProcess(binary, args, env);
  // Delivery finishes before the test program exits, so every request is in by now.
  run.requests = receiver.Requests();
  if (run.requests.size() == 1) {
    run.payload = json::parse(run.requests[0].body);
  } else {
    ADD_FAILURE() << "expected exactly one report, got " << run.requests.size() << "\nstderr:\n"
                  << run.process.err;
  }
  return run;
}

FixtureRun RunOutcomes(const std::string& filter, std::map<std::string, std::string> env = {},
                       std::vector<std::string> extra = {}) {
  extra.insert(extra.begin(), "--gtest_filter=" + filter);
  return RunFixture(OUTCOMES_FIXTURE, extra, std::move(env));
}

TEST(ListenerIntegration, PassingTestIsReportedWithHeaders) {
  const auto run = RunOutcomes("Basic.Passes");
  EXPECT_EQ(run.process.exit_code, 0);
  const auto& p = run.payload;
  EXPECT_EQ(p["name"], "outcomes_fixture");
  EXPECT_EQ(p["tests"], 1);
  EXPECT_EQ(p["traces"], 1);
  EXPECT_EQ(p["expectedTracesToPass"], 1);
  EXPECT_EQ(p["tracesPassed"], 1);
  EXPECT_EQ(p["failures"], 0);
  EXPECT_EQ(p["errors"], 0);
  EXPECT_EQ(p["skip"], 0);
  EXPECT_EQ(p["bugs"], 0);
  EXPECT_EQ(p["bugsPassing"], 0);
  EXPECT_EQ(p["buildStable"], true);
  EXPECT_EQ(p["event"], "RUN_FINISH");
  const auto entry = FindCase(p, "Basic", "Passes");
  EXPECT_TRUE(entry["error"].is_null());
  EXPECT_EQ(entry["status"], "passed");
  EXPECT_TRUE(entry["time"].is_number());
  EXPECT_NE(entry["file"].get<std::string>().find("outcomes.cpp"), std::string::npos);
  EXPECT_GT(entry["line"].get<int>(), 0);
  EXPECT_EQ(entry["iteration"], 0);

  const auto& request = run.requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/hook");
  EXPECT_EQ(request.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(request.Header("User-Agent").rfind("gtest-webhook/", 0), 0U);
  EXPECT_EQ(request.Header("webhook-id").size(), 36U);
  EXPECT_TRUE(request.Header("Expect").empty());
  EXPECT_NE(run.process.err.find("gtest-webhook: delivered to http://127.0.0.1:"),
            std::string::npos)
      << run.process.err;
}

TEST(ListenerIntegration, RunObjectDescribesTheRun) {
  const auto run = RunOutcomes("Basic.*", {}, {"--gtest_shuffle", "--gtest_random_seed=7"});
  const auto& r = run.payload["run"];
  EXPECT_EQ(r["id"].get<std::string>().size(), 32U);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  EXPECT_TRUE(std::regex_match(r["startedAt"].get<std::string>(), iso)) << r;
  EXPECT_TRUE(std::regex_match(r["finishedAt"].get<std::string>(), iso)) << r;
  EXPECT_GE(r["durationSeconds"].get<double>(), 0.0);
  EXPECT_EQ(r["status"], "finished");
  EXPECT_EQ(r["binary"], "outcomes_fixture");
  EXPECT_FALSE(r["host"].get<std::string>().empty());
  EXPECT_TRUE(r["shard"].is_null());
  EXPECT_EQ(r["iterations"], 1);
  EXPECT_EQ(r["randomSeed"], 7);
  EXPECT_EQ(r["filter"], "Basic.*");
  EXPECT_EQ(r["disabled"], 1);
  EXPECT_TRUE(run.payload["ci"].is_null());
}

TEST(ListenerIntegration, FailuresAreJoinedWithTheirLocations) {
  const auto run = RunOutcomes("Basic.FailsTwice");
  EXPECT_EQ(run.process.exit_code, 1);
  EXPECT_EQ(run.payload["failures"], 1);
  EXPECT_EQ(run.payload["errors"], 0);
  EXPECT_EQ(run.payload["buildStable"], false);
  EXPECT_EQ(run.payload["tracesPassed"], 0);
  const auto entry = FindCase(run.payload, "Basic", "FailsTwice");
  EXPECT_EQ(entry["status"], "failed");
  EXPECT_EQ(entry["error"]["type"], "failure");
  const auto message = entry["error"]["message"].get<std::string>();
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n') >= 3, true) << message;
  EXPECT_TRUE(std::regex_search(message, std::regex(R"(outcomes\.cpp:\d+\n(.|\n)*first)")))
      << message;
  EXPECT_TRUE(std::regex_search(message, std::regex(R"(outcomes\.cpp:\d+\n(.|\n)*second)")))
      << message;
}

TEST(ListenerIntegration, SkippedRunsAndDisabledTestsDoNot) {
  const auto run = RunOutcomes("Basic.*");
  EXPECT_EQ(run.payload["tests"], 4);  // Passes, FailsTwice, Skips, RecordsProperties
  EXPECT_EQ(run.payload["skip"], 1);
  const auto skipped = FindCase(run.payload, "Basic", "Skips");
  EXPECT_EQ(skipped["status"], "skipped");
  EXPECT_TRUE(skipped["error"].is_null());
  for (const auto& entry : run.payload["testCase"]) {
    EXPECT_EQ(entry["name"].get<std::string>().find("DISABLED_"), std::string::npos);
  }
  EXPECT_EQ(run.payload["run"]["disabled"], 1);
}

TEST(ListenerIntegration, UncaughtExceptionsAreErrors) {
  const auto run = RunOutcomes("Errors.*");
  EXPECT_EQ(run.payload["errors"], 3);
  EXPECT_EQ(run.payload["failures"], 0);
  for (const char* name : {"ThrowsStd", "ThrowsUnknown", "FailsThenThrows"}) {
    const auto entry = FindCase(run.payload, "Errors", name);
    EXPECT_EQ(entry["error"]["type"], "error") << name;
    EXPECT_EQ(entry["status"], "error") << name;
  }
  EXPECT_NE(
      FindCase(run.payload, "Errors", "ThrowsStd")["error"]["message"].get<std::string>().find(
          "boom"),
      std::string::npos);
  const auto both =
      FindCase(run.payload, "Errors", "FailsThenThrows")["error"]["message"].get<std::string>();
  EXPECT_NE(both.find("before the throw"), std::string::npos) << both;
  EXPECT_NE(both.find("after"), std::string::npos) << both;
}

TEST(ListenerIntegration, ParameterisedAndTypedNames) {
  const auto run = RunOutcomes("Numbers/Param.*:Typed/*");
  EXPECT_EQ(run.payload["tests"], 4);
  EXPECT_EQ(run.payload["traces"], 3);
  EXPECT_EQ(run.payload["failures"], 1);
  EXPECT_EQ(FindCase(run.payload, "Numbers/Param", "IsEven/0")["status"], "passed");
  EXPECT_EQ(FindCase(run.payload, "Numbers/Param", "IsEven/1")["status"], "failed");
  EXPECT_EQ(FindCase(run.payload, "Typed/0", "HasSize")["status"], "passed");
  EXPECT_EQ(FindCase(run.payload, "Typed/1", "HasSize")["status"], "passed");
  EXPECT_EQ(run.payload["expectedTracesToPass"], 3);
  EXPECT_EQ(run.payload["tracesPassed"], 2);
}

TEST(ListenerIntegration, RecordPropertyValuesAreKept) {
  const auto run = RunOutcomes("Basic.RecordsProperties");
  const auto entry = FindCase(run.payload, "Basic", "RecordsProperties");
  EXPECT_EQ(entry["properties"], (json{{"ticket", "ABC-1"}, {"count", "3"}}));
}

TEST(ListenerIntegration, FailedSuiteSetUpIsAnErrorOfItsOwn) {
  const auto run = RunOutcomes("SuiteSetUpFails.*");
  const auto& p = run.payload;
  ASSERT_EQ(p["testCase"].size(), 3U) << p.dump(2);
  EXPECT_EQ(p["testCase"][0]["className"], "SuiteSetUpFails");
  EXPECT_EQ(p["testCase"][0]["name"], "SetUpTestSuite");
  EXPECT_EQ(p["testCase"][0]["error"]["type"], "error");
  EXPECT_NE(p["testCase"][0]["error"]["message"].get<std::string>().find("suite set-up broke"),
            std::string::npos);
  // What GoogleTest did with the suite's tests: skipped them, or (before 1.12) ran them.
  const auto then = kSkipsAfterAFailedSetUp ? "skipped" : "passed";
  EXPECT_EQ(p["testCase"][1]["status"], then);
  EXPECT_EQ(p["testCase"][2]["status"], then);
  EXPECT_EQ(p["errors"], 1);
  EXPECT_EQ(p["buildStable"], false);  // even where GoogleTest 1.10 exits 0
  EXPECT_EQ(p["tracesPassed"], 0);
  EXPECT_EQ(run.process.exit_code, kFailsTheRunForAFailedSuiteSetUp ? 1 : 0);
}

TEST(ListenerIntegration, ThrowingSuiteSetUpIsAnError) {
  const auto run = RunOutcomes("SuiteSetUpThrows.*");
  const auto entry = FindCase(run.payload, "SuiteSetUpThrows", "SetUpTestSuite");
  EXPECT_EQ(entry["error"]["type"], "error");
  EXPECT_NE(entry["error"]["message"].get<std::string>().find("suite set-up threw"),
            std::string::npos);
  EXPECT_EQ(run.payload["buildStable"], false);
}

TEST(ListenerIntegration, FailedSuiteTearDownComesAfterItsTests) {
  const auto run = RunOutcomes("SuiteTearDownFails.*");
  const auto& cases = run.payload["testCase"];
  ASSERT_EQ(cases.size(), 2U);
  EXPECT_EQ(cases[0]["name"], "Passes");
  EXPECT_EQ(cases[1]["className"], "SuiteTearDownFails");
  EXPECT_EQ(cases[1]["name"], "TearDownTestSuite");
  EXPECT_EQ(cases[1]["error"]["type"], "error");
  EXPECT_EQ(run.payload["errors"], 1);
}

TEST(ListenerIntegration, FailedEnvironmentSetUpIsCountedAndTestsAreSkipped) {
  const auto run = RunOutcomes("Basic.Passes", {{"FIXTURE_ENVIRONMENT", "setup"}});
  const auto& p = run.payload;
  const auto entry = FindCase(p, "[global environment]", "SetUp");
  EXPECT_EQ(entry["error"]["type"], "error");
  EXPECT_NE(entry["error"]["message"].get<std::string>().find("environment set-up broke"),
            std::string::npos);
  if (kSkipsAfterAFailedEnvironment) {
    EXPECT_EQ(FindCase(p, "Basic", "Passes")["status"], "skipped");
    EXPECT_EQ(p["traces"], 1);  // the environment is no test suite
  } else {
    EXPECT_EQ(p["tests"], 1);  // GoogleTest 1.10 runs no test after it
    EXPECT_EQ(p["traces"], 0);
  }
  EXPECT_EQ(p["errors"], 1);
  EXPECT_EQ(p["buildStable"], false);
}

TEST(ListenerIntegration, ThrowingEnvironmentAndFailedTearDownAreErrors) {
  // GoogleTest abandons the run when an environment throws and never ends the program
  // normally; the report still goes out, saying so.
  const auto thrown = RunOutcomes("Basic.Passes", {{"FIXTURE_ENVIRONMENT", "setup-throws"}});
  const auto threw = FindCase(thrown.payload, "[global environment]", "SetUp");
  EXPECT_EQ(threw["error"]["type"], "error");
  EXPECT_NE(threw["error"]["message"].get<std::string>().find("environment threw"),
            std::string::npos);
  EXPECT_EQ(thrown.payload["run"]["status"], "crashed");
  EXPECT_EQ(thrown.payload["buildStable"], false);
  EXPECT_EQ(thrown.process.exit_code, 1);
  const auto teardown = RunOutcomes("Basic.Passes", {{"FIXTURE_ENVIRONMENT", "teardown"}});
  const auto entry = FindCase(teardown.payload, "[global environment]", "TearDown");
  EXPECT_NE(entry["error"]["message"].get<std::string>().find("environment tear-down broke"),
            std::string::npos);
  EXPECT_EQ(teardown.payload["testCase"][0]["name"], "Passes");
  EXPECT_EQ(teardown.payload["buildStable"], false);
}

TEST(ListenerIntegration, DeathTestChildrenNeverReport) {
  // RunFixture fails unless exactly one request arrives for the whole run.
  const auto run = RunOutcomes("Death.*", {{"GTEST_WEBHOOK_WHEN", "always"}});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.out;
  EXPECT_EQ(run.payload["tests"], 3);
  EXPECT_EQ(run.payload["buildStable"], true);
  for (const auto& entry : run.payload["testCase"]) EXPECT_EQ(entry["status"], "passed");
}

TEST(ListenerIntegration, FailuresFromOtherThreadsBelongToTheTest) {
  const auto run = RunOutcomes("Threads.*");
  const auto entry = FindCase(run.payload, "Threads", "FailsFromAnotherThread");
  EXPECT_EQ(entry["error"]["type"], "failure");
  EXPECT_NE(entry["error"]["message"].get<std::string>().find("from a worker thread"),
            std::string::npos);
}

TEST(ListenerIntegration, RepeatGivesOneEntryPerExecutionAndTagsFlakyTests) {
  const auto run = RunOutcomes("Flaky.*:Basic.Passes", {}, {"--gtest_repeat=3"});
  const auto& p = run.payload;
  ASSERT_EQ(p["tests"], 6);
  EXPECT_EQ(p["run"]["iterations"], 3);
  EXPECT_EQ(p["failures"], 1);
  for (int i = 0; i < 3; ++i) {
    const auto flaky = FindCase(p, "Flaky", "FailsOnSecondIteration", i);
    EXPECT_EQ(flaky["iteration"], i);
    EXPECT_EQ(flaky["taggedFlaky"], true);
    EXPECT_EQ(flaky["status"], i == 1 ? "failed" : "passed");
    EXPECT_EQ(FindCase(p, "Basic", "Passes", i)["taggedFlaky"], false);
  }
}

TEST(ListenerIntegration, ShardsAreNamedAndTogetherCoverEveryTest) {
  std::set<std::string> seen;
  for (int index = 0; index < 2; ++index) {
    const auto run = RunOutcomes(
        "Basic.*", {{"GTEST_TOTAL_SHARDS", "2"}, {"GTEST_SHARD_INDEX", std::to_string(index)}});
    EXPECT_EQ(run.payload["name"], "outcomes_fixture [shard " + std::to_string(index) + "/2]");
    EXPECT_EQ(run.payload["run"]["shard"], (json{{"index", index}, {"total", 2}}));
    for (const auto& entry : run.payload["testCase"]) {
      EXPECT_TRUE(seen.insert(entry["name"].get<std::string>()).second) << "run twice: " << entry;
    }
  }
  EXPECT_EQ(seen.size(), 4U);
}

TEST(ListenerIntegration, KnownBugsAreCountedApartAndKeepTheExitCode) {
  const auto run = RunOutcomes("Basic.Passes:Basic.FailsTwice:Errors.ThrowsStd",
                               {{"GTEST_WEBHOOK_KNOWN_BUGS", "Basic.*:Errors.Throws*"}});
  const auto& p = run.payload;
  EXPECT_EQ(p["bugs"], 3);
  EXPECT_EQ(p["bugsPassing"], 1);
  EXPECT_EQ(p["failures"], 0);
  EXPECT_EQ(p["errors"], 0);
  EXPECT_EQ(p["buildStable"], true);
  EXPECT_EQ(p["traces"], 2);
  EXPECT_EQ(p["expectedTracesToPass"], 0);
  EXPECT_EQ(FindCase(p, "Basic", "FailsTwice")["taggedBug"], true);
  EXPECT_EQ(FindCase(p, "Basic", "FailsTwice")["error"]["type"], "failure");
  EXPECT_EQ(run.process.exit_code, 1);  // ours to report, not to change
}

TEST(ListenerIntegration, TextIsAlwaysValidUtf8) {
  const auto run = RunOutcomes("Text.*");
  const auto& body = run.requests.at(0).body;
  EXPECT_TRUE(IsValidUtf8(body));
  EXPECT_EQ(body.find('\a'), std::string::npos);
  EXPECT_EQ(body.find('\x1b'), std::string::npos);
  EXPECT_NE(body.find("\\u0007"), std::string::npos);
  const auto message = [&](const char* name) {
    return FindCase(run.payload, "Text", name)["error"]["message"].get<std::string>();
  };
  EXPECT_NE(message("MultiByte").find("Grüße, 世界 ✓"), std::string::npos);
  EXPECT_NE(message("InvalidUtf8").find("bad \xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(message("ControlChars").find("esc\x1b end"), std::string::npos);
  const auto huge = message("HugeMessage");
  EXPECT_LE(huge.size(), 65536U);
  EXPECT_GT(huge.size(), 60000U);
  EXPECT_NE(huge.find("HEAD"), std::string::npos);
  EXPECT_NE(huge.find("TAIL"), std::string::npos);
  EXPECT_TRUE(std::regex_search(huge, std::regex(R"(cut \d+ bytes)")));
}

TEST(ListenerIntegration, MaxMessageIsConfigurable) {
  const auto run = RunOutcomes("Text.HugeMessage", {{"GTEST_WEBHOOK_MAX_MESSAGE", "1000"}});
  const auto message =
      FindCase(run.payload, "Text", "HugeMessage")["error"]["message"].get<std::string>();
  EXPECT_LE(message.size(), 1000U);
  EXPECT_GT(message.size(), 900U);
  EXPECT_TRUE(IsValidUtf8(message));
}

TEST(ListenerIntegration, OutputFileHoldsTheSentBytes) {
  TempDir dir;
  const auto run = RunOutcomes("Basic.*", {{"GTEST_WEBHOOK_OUTPUT", dir.File("report.json")}});
  EXPECT_EQ(ReadFile(dir.File("report.json")), run.requests.at(0).body);
}

// A device is written in place, never replaced by a file of ours (as root, a rename over
// /dev/full would replace the device), and a write that fails is said.
TEST(ListenerIntegration, OutputToADeviceIsWrittenInPlaceAndAFailureIsSaid) {
  const auto full = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                               {{"GTEST_WEBHOOK_OUTPUT", "/dev/full"}});
  EXPECT_EQ(full.exit_code, 0);
  EXPECT_NE(full.err.find("gtest-webhook: GTEST_WEBHOOK_OUTPUT: cannot write '/dev/full': No "
                          "space left on device"),
            std::string::npos)
      << full.err;
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
  // The standard output (here a file the test reads): the payload follows GoogleTest's output.
  const auto out = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_OUTPUT", "/dev/stdout"}});
  EXPECT_NE(out.out.find("[  PASSED  ] 1 test."), std::string::npos) << out.out;
  EXPECT_NE(out.out.find(R"({"name":"outcomes_fixture","tests":1,)"), std::string::npos) << out.out;
  EXPECT_TRUE(std::filesystem::is_symlink("/dev/stdout"));
  // A symbolic link to a file: the file is replaced, the link stays.
  TempDir dir;
  std::ofstream(dir.File("real.json")) << "old";
  std::filesystem::create_symlink(dir.File("real.json"), dir.File("link.json"));
  RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
             {{"GTEST_WEBHOOK_OUTPUT", dir.File("link.json")}});
  EXPECT_TRUE(std::filesystem::is_symlink(dir.File("link.json")));
  EXPECT_EQ(ReadFile(dir.File("real.json")).rfind(R"({"name":"outcomes_fixture")", 0), 0U);
}

TEST(ListenerIntegration, OutputFileAloneNeedsNoReporter) {
  TempDir dir;
  const auto process = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                                  {{"GTEST_WEBHOOK_OUTPUT", dir.File("report.json")}});
  EXPECT_EQ(process.exit_code, 0);
  const auto payload = json::parse(ReadFile(dir.File("report.json")));
  EXPECT_EQ(payload["tests"], 1);
  EXPECT_EQ(process.err.find("gtest-webhook"), std::string::npos) << process.err;
}

TEST(ListenerIntegration, NothingConfiguredMeansNothingHappens) {
  Receiver receiver;
  const auto plain = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.*"}, {});
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_EQ(plain.err.find("gtest-webhook"), std::string::npos);
  const auto disabled =
      RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.*"},
                 {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_DISABLE", "1"}});
  EXPECT_EQ(disabled.exit_code, 1);
  EXPECT_EQ(disabled.err.find("gtest-webhook"), std::string::npos);
  EXPECT_TRUE(receiver.Requests().empty());
}

// The libraries the dynamic loader mapped into a run of the outcomes fixture with `env`, as
// its own debug output (LD_DEBUG=files) lists them.
std::string LoadedLibraries(std::map<std::string, std::string> env) {
  TempDir dir;
  env["LD_DEBUG"] = "files";
  env["LD_DEBUG_OUTPUT"] = dir.File("ld");
  const auto process = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, env);
  EXPECT_EQ(process.exit_code, 0) << process.err;
  std::string log;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    log += ReadFile(entry.path().string());
  }
  // The C++ library the fixture links: proof that the log is there at all.
  EXPECT_TRUE(log.find("file=libstdc++") != std::string::npos ||
              log.find("file=libc++") != std::string::npos)
      << "no loader log:\n"
      << log;
  return log;
}

// Linking gtest-webhook costs nothing measurable: the network module, and with it libcurl and
// libcrypto (with their ~30 dependencies), is mapped only when there is a report to send or
// sign. Configuration alone (a whsec_ key to decode, Basic Auth to encode) needs neither.
TEST(ListenerIntegration, LibcurlAndLibcryptoAreLoadedOnlyToSend) {
  for (const auto& [what, env] :
       std::vector<std::pair<std::string, std::map<std::string, std::string>>>{
           {"nothing configured", {}},
           {"disabled",
            {{"GTEST_WEBHOOK_URL", "http://127.0.0.1:9/hook"},
             {"GTEST_WEBHOOK_SECRET", "whsec_c2VjcmV0"},
             {"GTEST_WEBHOOK_USERNAME", "ci"},
             {"GTEST_WEBHOOK_PASSWORD", "pw"},
             {"GTEST_WEBHOOK_DISABLE", "1"}}}}) {
    const auto log = LoadedLibraries(env);
    EXPECT_EQ(log.find("file=libgtest_webhook_net"), std::string::npos) << what;
    EXPECT_EQ(log.find("file=libcurl"), std::string::npos) << what;
    EXPECT_EQ(log.find("file=libcrypto"), std::string::npos) << what;
  }
  TempDir dir;
  const auto output_only = LoadedLibraries({{"GTEST_WEBHOOK_OUTPUT", dir.File("report.json")}});
  EXPECT_EQ(output_only.find("file=libgtest_webhook_net"), std::string::npos);
  EXPECT_EQ(output_only.find("file=libcurl"), std::string::npos);
  EXPECT_FALSE(ReadFile(dir.File("report.json")).empty());

  Receiver receiver;
  const auto sending =
      LoadedLibraries({{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_SECRET", "s3cret"}});
  // The module by its file name (found through the binary's run path), then what it links.
  EXPECT_NE(sending.find("file=libgtest_webhook_net.so.0 "), std::string::npos);
  EXPECT_NE(sending.find("file=libcurl.so"), std::string::npos);
  EXPECT_NE(sending.find("file=libcrypto.so"), std::string::npos);
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(receiver.Requests()[0].Header("Signature"),
            SignatureHeaderValue("s3cret", receiver.Requests()[0].body));
}

// When the module cannot be loaded, delivery fails saying where it looked and why, signed
// reports are never sent unsigned, and the tests' result stands. Here the loader's search path
// offers a module of another build first, and the binary (a copy without its run path) has no
// other way to this build's module.
TEST(ListenerIntegration, AModuleThatCannotBeLoadedIsNamedAndNothingIsSentUnsigned) {
  if (std::filesystem::exists(INSTALLED_MODULE)) {
    GTEST_SKIP() << INSTALLED_MODULE << " is installed here: the loader would find it";
  }
  TempDir dir;
  std::filesystem::copy_file(FOREIGN_MODULE, dir.File("libgtest_webhook_net.so.0"));
  TempDir bin;
  const auto fixture = bin.File("outcomes_fixture");
  std::filesystem::copy_file(OUTCOMES_FIXTURE, fixture);
  ASSERT_EQ(Shell("patchelf --remove-rpath " + fixture).exit_code, 0);
  Receiver receiver;
  for (const bool signed_report : {false, true}) {
    TempDir state;  // each run the first: not held behind the report the other kept
    std::map<std::string, std::string> env = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                                              {"LD_LIBRARY_PATH", dir.path()},
                                              {"GTEST_WEBHOOK_STATE_DIR", state.path()}};
    if (signed_report) env["GTEST_WEBHOOK_SECRET"] = "s3cret";
    const auto run = RunProcess(fixture, {"--gtest_filter=Basic.FailsTwice"}, env);
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("gtest-webhook: failed to deliver to " + receiver.Url() +
                           ": cannot load the network module libgtest_webhook_net.so.0"),
              std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("libgtest_webhook_net.so.0: from gtest-webhook 0.0.0 (another build)"),
              std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find(std::string(INSTALLED_MODULE) + ": cannot open shared object file"),
              std::string::npos)
        << run.err;
    // A problem of this machine, not the receiver's answer: the report waits to be sent.
    EXPECT_NE(run.err.find("kept in the outbox"), std::string::npos) << run.err;
  }
  EXPECT_TRUE(receiver.Requests().empty());
}

// A module of another build that the loader's search path offers first is passed over for the
// one in the program's run path, which is also looked in directly: a sanitizer that intercepts
// dlopen makes the loader search its own run path instead of the program's.
TEST(ListenerIntegration, TheModuleInTheProgramsRunPathIsFoundPastAForeignOne) {
  TempDir dir;
  std::filesystem::copy_file(FOREIGN_MODULE, dir.File("libgtest_webhook_net.so.0"));
  Receiver receiver;
  TempDir state;
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_URL", receiver.Url()},
                               {"GTEST_WEBHOOK_SECRET", "s3cret"},
                               {"LD_LIBRARY_PATH", dir.path()},
                               {"GTEST_WEBHOOK_STATE_DIR", state.path()}});
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(receiver.Requests().size(), 1U) << run.err;
  EXPECT_EQ(receiver.Requests()[0].Header("Signature"),
            SignatureHeaderValue("s3cret", receiver.Requests()[0].body));
}

// A test that changes directory does not move what gtest-webhook writes: relative paths are
// resolved where the program started, so files land there and when=changes finds its state.
TEST(ListenerIntegration, RelativePathsStayWhereTheProgramStarted) {
  TempDir start;
  TempDir elsewhere;
  Receiver receiver;
  const auto script = "cd '" + start.path() + "' && GTEST_WEBHOOK_URL=" + receiver.Url() +
                      " GTEST_WEBHOOK_WHEN=changes GTEST_WEBHOOK_OUTPUT=report.json"
                      " GTEST_WEBHOOK_LOG=deliveries.jsonl GTEST_WEBHOOK_STATE_DIR=state"
                      " FIXTURE_CHDIR='" +
                      elsewhere.path() + "' '" CHDIR_FIXTURE "'";
  const auto first = Shell(script);
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_FALSE(ReadFile(start.File("report.json")).empty()) << first.err;
  EXPECT_FALSE(ReadFile(start.File("deliveries.jsonl")).empty()) << first.err;
  EXPECT_FALSE(std::filesystem::is_empty(start.File("state"))) << first.err;
  EXPECT_TRUE(std::filesystem::is_empty(elsewhere.path()));
  const auto second = Shell(script);
  EXPECT_NE(second.err.find("unchanged since last delivery"), std::string::npos) << second.err;
  EXPECT_EQ(receiver.Requests().size(), 1U);
}

// A misspelled variable is named, with the one that was meant; the run goes on.
TEST(ListenerIntegration, AMisspelledVariableIsNamed) {
  const auto run = RunOutcomes("Basic.Passes", {{"GTEST_WEBHOOK_SECRETS", "s3cret"}});
  const auto& err = run.process.err;
  EXPECT_NE(err.find("gtest-webhook: GTEST_WEBHOOK_SECRETS is not a gtest-webhook variable; "
                     "it is ignored (did you mean GTEST_WEBHOOK_SECRET?)"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("s3cret"), std::string::npos);  // its value is never shown
}

// GoogleTest's console output and --gtest_output writer are unchanged by the listener.
TEST(ListenerIntegration, GoogleTestOutputIsUnchanged) {
  TempDir dir;
  const auto normalise = [](const std::string& text) {
    return std::regex_replace(text, std::regex(R"(\d+ ms)"), "N ms");
  };
  const auto without = RunProcess(
      OUTCOMES_FIXTURE,
      {"--gtest_filter=Basic.*:Errors.*", "--gtest_output=xml:" + dir.File("a.xml")}, {});
  const auto with =
      RunOutcomes("Basic.*:Errors.*", {}, {"--gtest_output=xml:" + dir.File("b.xml")});
  EXPECT_EQ(normalise(with.process.out), normalise(without.out));
  const auto strip = [](const std::string& xml) {
    return std::regex_replace(xml, std::regex(R"((time|timestamp)="[^"]*")"), "");
  };
  EXPECT_EQ(strip(ReadFile(dir.File("a.xml"))), strip(ReadFile(dir.File("b.xml"))));
  EXPECT_EQ(with.process.exit_code, without.exit_code);
}

TEST(ListenerIntegration, UnreachableReceiverLeavesTheExitCodeAlone) {
  const auto url = "http://127.0.0.1:" + std::to_string(FreePort()) + "/hook";
  for (const char* filter : {"Basic.Passes", "Basic.FailsTwice"}) {
    const auto plain = RunProcess(OUTCOMES_FIXTURE, {std::string("--gtest_filter=") + filter}, {});
    const auto down = RunProcess(OUTCOMES_FIXTURE, {std::string("--gtest_filter=") + filter},
                                 {{"GTEST_WEBHOOK_URL", url}, {"GTEST_WEBHOOK_RETRIES", "0"}});
    EXPECT_EQ(down.exit_code, plain.exit_code) << filter;
    // The second run's report waits behind the first's in the outbox: no second wait.
    EXPECT_NE(down.err.find("gtest-webhook: failed to deliver to " + url + ": "), std::string::npos)
        << down.err;
    EXPECT_NE(down.err.find(": could not connect"), std::string::npos) << down.err;
  }
}

TEST(ListenerIntegration, HangingReceiverCostsOnlyTheTimeout) {
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t) {
    return Answer{200, "late", seconds(4)};
  });
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_URL", receiver.Url()},
                               {"GTEST_WEBHOOK_TIMEOUT", "1"},
                               {"GTEST_WEBHOOK_RETRIES", "0"}});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_LT(run.elapsed, seconds(3));
  EXPECT_NE(run.err.find("timed out"), std::string::npos) << run.err;
}

TEST(ListenerIntegration, ServerErrorIsReportedNotFatal) {
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t) { return Answer{500, "broken"}; });
  const auto run =
      RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                 {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_RETRIES", "0"}});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.err.find("failed to deliver to " + receiver.Url() + ": HTTP 500"),
            std::string::npos)
      << run.err;
}

TEST(ListenerIntegration, WhenFailsFiresOnlyForUnstableBuilds) {
  Receiver always;
  Receiver fails;
  const auto reporters =
      json{{"reporters",
            {{{"webhook", {{"url", always.Url()}, {"when", "always"}}}},
             {{"webhook", {{"url", fails.Url()}, {"when", "fails"}, {"label", "on-fail"}}}}}}};
  const std::map<std::string, std::string> env = {{"GTEST_WEBHOOK_REPORTERS", reporters.dump()}};
  const auto stable = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, env);
  EXPECT_EQ(always.Requests().size(), 1U);
  EXPECT_EQ(fails.Requests().size(), 0U);
  EXPECT_NE(stable.err.find("gtest-webhook: skipped on-fail: when=fails and the build is stable"),
            std::string::npos)
      << stable.err;
  RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.FailsTwice"}, env);
  EXPECT_EQ(always.Requests().size(), 2U);
  EXPECT_EQ(fails.Requests().size(), 1U);
}

TEST(ListenerIntegration, EveryReporterGetsTheSameBytes) {
  Receiver first;
  Receiver second;
  const auto list = json::array({{{"webhook", {{"url", second.Url("/b")}}}}});
  const auto run = RunProcess(
      OUTCOMES_FIXTURE, {"--gtest_filter=Basic.*"},
      {{"GTEST_WEBHOOK_URL", first.Url("/a")}, {"GTEST_WEBHOOK_REPORTERS", list.dump()}});
  ASSERT_EQ(first.Requests().size(), 1U) << run.err;
  ASSERT_EQ(second.Requests().size(), 1U) << run.err;
  EXPECT_EQ(first.Requests()[0].body, second.Requests()[0].body);
  EXPECT_NE(first.Requests()[0].Header("webhook-id"), second.Requests()[0].Header("webhook-id"));
}

TEST(ListenerIntegration, BadConfigurationIsNamedAndTheRunGoesOn) {
  const auto run = RunOutcomes(
      "Basic.FailsTwice", {{"GTEST_WEBHOOK_WHEN", "sometimes"}, {"GTEST_WEBHOOK_TIMEOUT", "soon"}});
  EXPECT_EQ(run.process.exit_code, 1);
  EXPECT_NE(run.process.err.find("gtest-webhook: GTEST_WEBHOOK_WHEN='sometimes' is not one of "
                                 "always, fails, changes; using always"),
            std::string::npos)
      << run.process.err;
  EXPECT_NE(run.process.err.find("gtest-webhook: GTEST_WEBHOOK_TIMEOUT='soon'"), std::string::npos);
}

TEST(ListenerIntegration, UrlSecretsNeverReachTheOutput) {
  Receiver receiver;
  const auto url = receiver.Url("/services/T0001/B0002/SeCrEtToKeN?key=QuErYsEcReT");
  const auto run =
      RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, {{"GTEST_WEBHOOK_URL", url}});
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(receiver.Requests()[0].path, "/services/T0001/B0002/SeCrEtToKeN");
  for (const char* secret : {"T0001", "B0002", "SeCrEtToKeN", "QuErYsEcReT"}) {
    EXPECT_EQ(run.err.find(secret), std::string::npos) << run.err;
    EXPECT_EQ(run.out.find(secret), std::string::npos);
    EXPECT_EQ(receiver.Requests()[0].body.find(secret), std::string::npos);
  }
  EXPECT_NE(
      run.err.find("http://127.0.0.1:" + std::to_string(receiver.port()) + "/services/***?***"),
      std::string::npos)
      << run.err;
}

TEST(ListenerIntegration, CiProviderIsDetected) {
  const auto run = RunOutcomes("Basic.Passes", {{"GITHUB_ACTIONS", "true"},
                                                {"GITHUB_SHA", "abc123"},
                                                {"GITHUB_REF_NAME", "main"},
                                                {"GITHUB_SERVER_URL", "https://github.example"},
                                                {"GITHUB_REPOSITORY", "team/repo"},
                                                {"GITHUB_RUN_ID", "42"}});
  const auto& ci = run.payload["ci"];
  EXPECT_EQ(ci["provider"], "github-actions");
  EXPECT_EQ(ci["commitSha"], "abc123");
  EXPECT_EQ(ci["branch"], "main");
  EXPECT_EQ(ci["buildUrl"], "https://github.example/team/repo/actions/runs/42");
  EXPECT_EQ(ci["targetUrl"], ci["buildUrl"]);
}

TEST(ListenerIntegration, ExplicitInstallReportsOnce) {
  const auto run = RunFixture(EXPLICIT_FIXTURE, {});
  EXPECT_EQ(run.payload["tests"], 2);
  EXPECT_EQ(run.payload["failures"], 1);
  EXPECT_EQ(run.payload["name"], "explicit_fixture");
  // auto-registration, two install() calls and a hand-appended Listener: still one report.
  const auto both = RunFixture(EXPLICIT_AND_AUTO_FIXTURE, {}, {{"FIXTURE_ALSO_APPEND", "1"}});
  EXPECT_EQ(both.payload["tests"], 2);
}

}  // namespace
}  // namespace gtest_webhook::testing
