// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Attempts and flaky tests (SPEC §16): `gtest-webhook run --retry-failed N` runs each failed
// test again in a process started as its own was, and a build that ctest repeats
// (`--repeat until-pass`) gives the same report.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "payload_helpers.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using Env = std::map<std::string, std::string>;

struct Retried {
  ProcessResult process;
  json payload;
};

class Retry : public ::testing::TestWithParam<const char*> {
 protected:
  // `gtest-webhook run ARGS` with the fixture's memory in a fresh directory.
  Retried Run(std::vector<std::string> args) {
    Receiver receiver;
    Retried run;
    args.insert(args.begin(), "run");
    run.process = RunProcess(CLI, args,
                             {{"GTEST_WEBHOOK_URL", receiver.Url()},
                              {"FLAKY_FIXTURE_DIR", dir_.path()},
                              {"ASAN_OPTIONS", "handle_abort=0:detect_leaks=0"}});
    const auto requests = receiver.Requests();
    EXPECT_EQ(requests.size(), 1U) << run.process.err;
    if (requests.size() == 1) run.payload = json::parse(requests[0].body);
    return run;
  }

  // The attempt numbers and statuses of `name`'s entries, in order: "1:failed 2:passed".
  static std::string Attempts(const json& payload, const std::string& name) {
    std::string attempts;
    for (const auto& test : payload["testCase"]) {
      if (test["name"] != name) continue;
      attempts += (attempts.empty() ? "" : " ") + std::to_string(test["attempt"].get<int>()) + ":" +
                  test["status"].get<std::string>();
      EXPECT_EQ(test["taggedFlaky"], name == "FailsOnce" || name == "CrashesOnce") << name;
    }
    return attempts;
  }

  TempDir dir_;
};

TEST_P(Retry, AFlakyTestPassesOnItsSecondAttemptAndTheBuildIsStable) {
  const auto run =
      Run({"--retry-failed", "2", "--", GetParam(), "--gtest_filter=Flaky.Passes:Flaky.FailsOnce"});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.err;
  EXPECT_NE(run.process.err.find("running 1 failed test(s) again, attempt 2 of 3: Flaky.FailsOnce"),
            std::string::npos)
      << run.process.err;
  EXPECT_EQ(Attempts(run.payload, "FailsOnce"), "1:failed 2:passed");
  EXPECT_EQ(Attempts(run.payload, "Passes"), "1:passed");
  EXPECT_EQ(run.payload["flaky"], 1);
  EXPECT_EQ(run.payload["failures"], 0);
  EXPECT_EQ(run.payload["buildStable"], true);
  EXPECT_EQ(run.payload["tests"], 2);  // each test once, by its last attempt (SPEC §16)
  EXPECT_EQ(run.payload["testCase"].size(), 3U);
}

TEST_P(Retry, ATestThatAlwaysFailsIsAFailureAfterEveryAttempt) {
  const auto run = Run(
      {"--retry-failed", "2", "--", GetParam(), "--gtest_filter=Flaky.Passes:Flaky.AlwaysFails"});
  EXPECT_EQ(run.process.exit_code, 1);  // the command's own
  EXPECT_EQ(Attempts(run.payload, "AlwaysFails"), "1:failed 2:failed 3:failed");
  // Every attempt carries what it wrote (§16), linked or plain: a retry is a process `run`
  // starts itself.
  for (const auto& test : run.payload["testCase"]) {
    if (test["name"] != "AlwaysFails") continue;
    EXPECT_TRUE(test["output"].is_string() &&
                test["output"].get<std::string>().find("fails every time") != std::string::npos)
        << test.dump();
  }
  EXPECT_EQ(run.payload["flaky"], 0);
  EXPECT_EQ(run.payload["failures"], 1);  // one test, whose every attempt failed
  EXPECT_EQ(run.payload["tests"], 2);
  EXPECT_EQ(run.payload["buildStable"], false);
}

TEST_P(Retry, ATestThatCrashedIsRunAgain) {
  const auto run = Run(
      {"--retry-failed", "1", "--", GetParam(), "--gtest_filter=Flaky.Passes:Flaky.CrashesOnce"});
  EXPECT_EQ(Attempts(run.payload, "CrashesOnce"), "1:error 2:passed");
  EXPECT_EQ(run.payload["flaky"], 1);
  EXPECT_EQ(run.payload["errors"], 0);
  // A process crashed: whatever it would have run after is unknown, so the run is not stable.
  EXPECT_EQ(run.payload["run"]["status"], "crashed");
  EXPECT_EQ(run.process.exit_code, 128 + SIGABRT);
}

TEST_P(Retry, CtestRepeatingUntilPassGivesTheSameReport) {
  std::ofstream ctest_file(dir_.path() + "/CTestTestfile.cmake");
  for (const char* test : {"Passes", "FailsOnce", "AlwaysFails"}) {
    ctest_file << "add_test(" << test << " \"" << GetParam() << "\" --gtest_filter=Flaky." << test
               << ")\n";
  }
  ctest_file.close();
  const auto run = Run({"--", CTEST, "--test-dir", dir_.path(), "--repeat", "until-pass:3"});
  EXPECT_NE(run.process.exit_code, 0);  // ctest's own: AlwaysFails never passed
  EXPECT_EQ(Attempts(run.payload, "FailsOnce"), "1:failed 2:passed");
  EXPECT_EQ(Attempts(run.payload, "AlwaysFails"), "1:failed 2:failed 3:failed");
  EXPECT_EQ(run.payload["flaky"], 1);
  EXPECT_EQ(run.payload["failures"], 1);
  EXPECT_EQ(run.payload["tests"], 3);
}

INSTANTIATE_TEST_SUITE_P(LinkedAndPlain, Retry,
                         ::testing::Values(FLAKY_FIXTURE, PLAIN_FLAKY_FIXTURE));

TEST(RetryArguments, AnInvalidCountIsAUsageErrorNamingTheOption) {
  for (const char* count : {"0", "11", "two", "-1", ""}) {
    const auto run =
        RunProcess(CLI, {"run", "--retry-failed", count, "--", PLAIN_FLAKY_FIXTURE}, {});
    EXPECT_EQ(run.exit_code, 2) << count;
    EXPECT_NE(run.err.find("--retry-failed takes a whole number of retries from 1 to 10"),
              std::string::npos)
        << run.err;
  }
}

// --gtest_repeat is a stress run: every iteration counts, none is a retry.
TEST(RetryArguments, GtestRepeatIsNotARetry) {
  TempDir dir;
  Receiver receiver;
  const auto run = RunProcess(
      CLI, {"run", "--", PLAIN_FLAKY_FIXTURE, "--gtest_filter=Flaky.FailsOnce", "--gtest_repeat=2"},
      {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"FLAKY_FIXTURE_DIR", dir.path()}});
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 1U) << run.err;
  const auto payload = json::parse(requests[0].body);
  EXPECT_EQ(payload["failures"], 1);
  EXPECT_EQ(payload["flaky"], 0);
  EXPECT_EQ(payload["buildStable"], false);
  for (const auto& test : payload["testCase"]) EXPECT_EQ(test["attempt"], 1);
}

}  // namespace
}  // namespace gtest_webhook::testing
