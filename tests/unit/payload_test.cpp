// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/payload.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "assemble/ci.h"
#include "assemble/complete.h"
#include "deliver/dispatch.h"
#include "model/report.h"
#include "payload_helpers.h"
#include "render/body.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;

TestCase Case(std::string suite, std::string name, Status status, bool bug = false) {
  TestCase test;
  test.class_name = std::move(suite);
  test.name = std::move(name);
  test.status = status;
  test.tagged_bug = bug;
  if (status == Status::kFailed || status == Status::kError) test.message = "x.cc:1\nboom";
  return test;
}

TEST(PayloadSummary, CountsFollowTheSpecification) {
  Report report;
  report.test_cases = {
      Case("A", "pass", Status::kPassed),
      Case("A", "fail", Status::kFailed),
      Case("B", "pass", Status::kPassed),
      Case("B", "skip", Status::kSkipped),
      Case("C", "error", Status::kError),
      Case("D", "bug", Status::kFailed, true),
      Case("D", "bugPass", Status::kPassed, true),
      Case(kEnvironmentClassName, "TearDown", Status::kError),
  };
  const auto s = Summarize(report);
  EXPECT_EQ(s.tests, 8);
  EXPECT_EQ(s.traces, 4);                   // A B C D; the environment is no suite
  EXPECT_EQ(s.expected_traces_to_pass, 3);  // D holds only known bugs
  EXPECT_EQ(s.traces_passed, 1);            // B
  EXPECT_EQ(s.failures, 1);
  EXPECT_EQ(s.errors, 2);
  EXPECT_EQ(s.skip, 1);
  EXPECT_EQ(s.bugs, 2);
  EXPECT_EQ(s.bugs_passing, 1);
  EXPECT_FALSE(s.build_stable);
}

TEST(PayloadSummary, StableOnlyWhenNothingFailedAndTheRunFinished) {
  Report report;
  report.test_cases = {Case("A", "pass", Status::kPassed), Case("A", "bug", Status::kFailed, true)};
  EXPECT_TRUE(Summarize(report).build_stable);
  report.run.status = RunStatus::kCrashed;
  EXPECT_FALSE(Summarize(report).build_stable);
  Report empty;
  EXPECT_TRUE(Summarize(empty).build_stable);
}

TEST(PayloadFlaky, TagsEveryExecutionOfATestThatBothPassedAndFailed) {
  Report report;
  report.test_cases = {Case("A", "f", Status::kPassed), Case("A", "g", Status::kPassed),
                       Case("A", "f", Status::kFailed), Case("A", "g", Status::kSkipped),
                       Case("A", "f", Status::kPassed)};
  MarkFlaky(report);
  EXPECT_TRUE(report.test_cases[0].tagged_flaky);
  EXPECT_TRUE(report.test_cases[2].tagged_flaky);
  EXPECT_TRUE(report.test_cases[4].tagged_flaky);
  EXPECT_FALSE(report.test_cases[1].tagged_flaky);
  EXPECT_FALSE(report.test_cases[3].tagged_flaky);
}

TEST(PayloadJson, HasEveryDocumentedKeyInOrder) {
  Report report;
  report.name = "suite";
  report.test_cases = {Case("A", "fail", Status::kFailed), Case("A", "pass", Status::kPassed)};
  const auto payload = nlohmann::ordered_json::parse(SerializePayload(report));
  std::vector<std::string> keys;
  for (const auto& item : payload.items()) keys.push_back(item.key());
  const std::vector<std::string> documented = {"name",
                                               "tests",
                                               "traces",
                                               "expectedTracesToPass",
                                               "tracesPassed",
                                               "errors",
                                               "failures",
                                               "skip",
                                               "bugs",
                                               "bugsPassing",
                                               "flaky",
                                               "quarantinedFailures",
                                               "buildStable",
                                               "testCase",
                                               "payloadVersion",
                                               "event",
                                               "run",
                                               "ci",
                                               "omittedTestCases",
                                               "history",
                                               "quarantine"};
  EXPECT_EQ(keys, documented);
  EXPECT_EQ(payload["payloadVersion"], 1);
  EXPECT_EQ(payload["omittedTestCases"], 0);
  EXPECT_TRUE(payload["history"].is_null());
  const auto& failed = payload["testCase"][0];
  EXPECT_EQ(failed["error"]["type"], "failure");
  EXPECT_EQ(failed["error"]["message"], "x.cc:1\nboom");
  EXPECT_TRUE(payload["testCase"][1]["error"].is_null());
  for (const char* key :
       {"className", "name", "time", "error", "status", "file", "line", "iteration", "attempt",
        "output", "taggedBug", "taggedFlaky", "properties"}) {
    EXPECT_TRUE(failed.contains(key)) << key;
  }
}

TEST(PayloadJson, TimesAreSecondsWithMilliseconds) {
  Report report;
  report.test_cases = {Case("A", "t", Status::kPassed)};
  report.test_cases[0].time_ms = 1234;
  report.run.started_at_ms = 1700000000123;
  report.run.finished_at_ms = 1700000001500;
  const auto text = SerializePayload(report);
  EXPECT_NE(text.find("\"time\":1.234"), std::string::npos) << text;
  const auto payload = json::parse(text);
  EXPECT_EQ(payload["run"]["startedAt"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(payload["run"]["finishedAt"], "2023-11-14T22:13:21.500Z");
  EXPECT_DOUBLE_EQ(payload["run"]["durationSeconds"].get<double>(), 1.377);
}

TEST(PayloadJson, InvalidUtf8BecomesReplacementCharacters) {
  Report report;
  report.name = "bad \xff name";
  report.test_cases = {Case("S\xc3", "t\xe2\x82", Status::kFailed)};
  report.test_cases[0].message = "ok \xf0\x9f\x98\x80 then \xc0\xaf and \x01 end";
  const auto text = SerializePayload(report);
  EXPECT_TRUE(testing::IsValidUtf8(text));
  const auto payload = json::parse(text);
  EXPECT_EQ(payload["name"], "bad \xEF\xBF\xBD name");
  const auto message = payload["testCase"][0]["error"]["message"].get<std::string>();
  EXPECT_NE(message.find("\xf0\x9f\x98\x80"), std::string::npos);  // valid emoji kept
  EXPECT_NE(message.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(text.find("\\u0001"), std::string::npos);
}

TEST(PayloadJson, CiIsNullOutsideCiAndAnObjectInside) {
  Report report;
  EXPECT_TRUE(json::parse(SerializePayload(report))["ci"].is_null());
  report.ci =
      CiInfo{"gitlab-ci", "sha", "main", "https://ci/job/1", "https://ci/job/1", "", "", "", ""};
  const auto ci = json::parse(SerializePayload(report))["ci"];
  EXPECT_EQ(ci["provider"], "gitlab-ci");
  EXPECT_TRUE(ci["repository"].is_null());
}

EnvLookup Lookup(std::map<std::string, std::string> env) {
  return [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(CiDetection, KnowsEveryListedProvider) {
  const std::vector<std::pair<std::map<std::string, std::string>, std::string>> providers = {
      {{{"GITHUB_ACTIONS", "true"}, {"GITHUB_SHA", "s"}}, "github-actions"},
      {{{"GITLAB_CI", "true"}, {"CI_COMMIT_SHA", "s"}, {"CI_JOB_URL", "https://gl/j"}},
       "gitlab-ci"},
      {{{"JENKINS_URL", "https://j/"}, {"GIT_COMMIT", "s"}, {"GIT_BRANCH", "origin/dev"}},
       "jenkins"},
      {{{"CIRCLECI", "true"}, {"CIRCLE_SHA1", "s"}}, "circleci"},
      {{{"BUILDKITE", "true"}, {"BUILDKITE_COMMIT", "s"}}, "buildkite"},
      {{{"TF_BUILD", "True"},
        {"BUILD_SOURCEVERSION", "s"},
        {"BUILD_SOURCEBRANCH", "refs/heads/rel"},
        {"SYSTEM_COLLECTIONURI", "https://dev/org/"},
        {"SYSTEM_TEAMPROJECT", "p"},
        {"BUILD_BUILDID", "9"}},
       "azure-pipelines"},
  };
  for (const auto& [env, provider] : providers) {
    const auto ci = DetectCi(Lookup(env), Options{});
    ASSERT_TRUE(ci.has_value()) << provider;
    EXPECT_EQ(ci->provider, provider);
    EXPECT_EQ(ci->commit_sha, "s") << provider;
  }
  EXPECT_EQ(DetectCi(Lookup(providers[2].first), Options{})->branch, "dev");
  const auto azure = DetectCi(Lookup(providers[5].first), Options{});
  EXPECT_EQ(azure->branch, "rel");
  EXPECT_EQ(azure->build_url, "https://dev/org/p/_build/results?buildId=9");
  EXPECT_EQ(azure->target_url, azure->build_url);
  EXPECT_EQ(DetectCi(Lookup(providers[1].first), Options{})->build_url, "https://gl/j");
  const auto github = DetectCi(Lookup({{"GITHUB_ACTIONS", "true"},
                                       {"GITHUB_SERVER_URL", "https://gh"},
                                       {"GITHUB_REPOSITORY", "o/r"},
                                       {"GITHUB_RUN_ID", "7"},
                                       {"GITHUB_REF_NAME", "main"}}),
                               Options{});
  EXPECT_EQ(github->build_url, "https://gh/o/r/actions/runs/7");
  EXPECT_EQ(github->branch, "main");
  const auto circle = DetectCi(Lookup({{"CIRCLECI", "true"},
                                       {"CIRCLE_PROJECT_USERNAME", "o"},
                                       {"CIRCLE_PROJECT_REPONAME", "r"}}),
                               Options{});
  EXPECT_EQ(circle->repository, "o/r");
}

TEST(CiDetection, OverridesApplyInsideAndOutsideCi) {
  EXPECT_FALSE(DetectCi(Lookup({}), Options{}).has_value());
  Options options;
  options.commit_sha = "override";
  options.target_url = "https://dash/build";
  const auto outside = DetectCi(Lookup({}), options);
  ASSERT_TRUE(outside.has_value());
  EXPECT_TRUE(outside->provider.empty());
  EXPECT_EQ(outside->commit_sha, "override");
  EXPECT_EQ(outside->target_url, "https://dash/build");
  const auto inside = DetectCi(Lookup({{"CIRCLECI", "true"}, {"CIRCLE_SHA1", "real"}}), options);
  EXPECT_EQ(inside->commit_sha, "override");
  EXPECT_EQ(inside->provider, "circleci");
}

}  // namespace
}  // namespace gtest_webhook::detail

namespace gtest_webhook::detail {
namespace {

// The streaming writer against nlohmann/json on random text: byte-identical escaping for
// well-formed input, and always valid UTF-8 that parses back.
TEST(PayloadJson, StreamingWriterAgreesWithNlohmann) {
  std::mt19937 random(20261123);
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "\"",
                                           "\\",
                                           "/",
                                           "\n",
                                           "\t",
                                           "\x01",
                                           "\x1f",
                                           "\x7f",
                                           "\xc3\xbc",
                                           "\xe4\xb8\x96",
                                           "\xf0\x9f\x98\x80",
                                           "\xff",
                                           "\xc0\xaf",
                                           "\xe2\x82",
                                           "\xed\xa0\x80",
                                           "\xf4\x90\x80\x80"};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    Report report;
    report.name = text;
    const auto payload = SerializePayload(report);
    ASSERT_TRUE(testing::IsValidUtf8(payload)) << ::testing::PrintToString(text);
    const auto parsed = json::parse(payload);
    if (testing::IsValidUtf8(text)) {
      EXPECT_EQ(parsed["name"], text);
      const auto ours =
          payload.substr(payload.find(':') + 1, payload.find(",\"tests\"") - payload.find(':') - 1);
      EXPECT_EQ(ours, json(text).dump()) << ::testing::PrintToString(text);
    }
  }
}

TEST(PayloadJson, SecondsKeepMillisecondPrecision) {
  Report report;
  report.test_cases.resize(5);
  const std::int64_t times[] = {0, 1, 10, 1500, 123456789};
  for (std::size_t i = 0; i < 5; ++i) report.test_cases[i].time_ms = times[i];
  const auto payload = SerializePayload(report);
  for (const char* expected : {"\"time\":0.0,", "\"time\":0.001,", "\"time\":0.01,",
                               "\"time\":1.5,", "\"time\":123456.789,"}) {
    EXPECT_NE(payload.find(expected), std::string::npos) << expected;
  }
}

// A report with every kind of entry, large enough to span many pieces.
Report ManyEntries(int count) {
  Report report;
  report.name = "many";
  for (int i = 0; i < count; ++i) {
    const auto status = static_cast<Status>(i % 4);
    auto test = Case("Suite" + std::to_string(i % 7), "Test/" + std::to_string(i), status);
    test.file = "tests/suite_" + std::to_string(i % 3) + ".cc";
    test.line = i;
    test.time_ms = i * 7;
    if (i % 5 == 0) test.properties = {{"key\"" + std::to_string(i), "v\xff"}};
    report.test_cases.push_back(std::move(test));
  }
  return report;
}

TEST(PayloadStream, PiecesOfAnySizeJoinToTheSerialisedPayload) {
  const auto report = ManyEntries(3000);
  const auto whole = SerializePayload(report);
  ASSERT_TRUE(json::accept(whole));
  const auto summary = Summarize(report);
  for (const std::size_t at_least : {std::size_t{1}, std::size_t{100}, std::size_t{70000}}) {
    PayloadStream stream(report, summary);
    std::string joined;
    std::size_t pieces = 0;
    std::string piece;
    while (stream.Next(piece, at_least)) {
      ++pieces;
      joined += piece;
      piece.clear();
    }
    EXPECT_EQ(joined, whole) << "pieces of at least " << at_least;
    EXPECT_GT(pieces, whole.size() / std::max(at_least, std::size_t{200000}));
    EXPECT_FALSE(stream.Next(piece)) << "a finished stream stays finished";
  }
}

TEST(PayloadStream, BodyKnowsItsSizeAndReadsAlikeFromSeveralThreads) {
  const auto report = ManyEntries(5000);
  const auto whole = SerializePayload(report);
  std::string written;
  const PayloadBody body(report, TestCases::kAll,
                         [&written](std::string_view piece) { written += piece; });
  EXPECT_EQ(body.size(), whole.size());
  EXPECT_EQ(written, whole);
  EXPECT_EQ(body.summary().tests, 5000);
  std::vector<std::string> read(4);
  std::vector<std::thread> readers;
  for (auto& bytes : read) readers.emplace_back([&body, &bytes] { bytes = ReadAll(body); });
  for (auto& reader : readers) reader.join();
  for (const auto& bytes : read) EXPECT_EQ(bytes, whole);
}

}  // namespace
}  // namespace gtest_webhook::detail
