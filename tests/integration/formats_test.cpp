// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The chat formats, end to end: a real GoogleTest binary reports to every platform's format, and
// each message is checked against the platform's documented limits and, where the package
// registries have one, the platform's own library (Microsoft's adaptivecards, discord.js's
// builders). Then the receivers' limits: a 1 MB nginx and the 413 fallback, 410, testCases,
// and secret rotation checked with the standardwebhooks package.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chat_limits.h"
#include "gtest_webhook/signing.h"
#include "nginx.h"
#include "peer.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using Json = nlohmann::json;
using Env = std::map<std::string, std::string>;

bool NodePeersInstalled() {
  return ::access((std::string(NODE_PEERS) + "/.installed").c_str(), F_OK) == 0;
}

// Runs the platform library's check of `body` (tests/npm/check.js).
ProcessResult NodeCheck(const std::string& what, const std::string& body,
                        const std::vector<std::string>& args = {}) {
  TempDir dir;
  std::ofstream(dir.File("body"), std::ios::binary) << body;
  std::string command = "NODE_PATH='" + std::string(NODE_PEERS) + "' node '" NODE_CHECK "' " +
                        what + " '" + dir.File("body") + "'";
  for (const auto& arg : args) command += " '" + arg + "'";
  return Shell(command);
}

ProcessResult RunMany(int tests, int failures, const Env& env, int message_bytes = 40) {
  Env all = env;
  all["MANY_TESTS"] = std::to_string(tests);
  all["MANY_FAILURES"] = std::to_string(failures);
  all["MANY_MESSAGE_BYTES"] = std::to_string(message_bytes);
  return RunProcess(MANY_FIXTURE, {}, all, std::chrono::seconds(120));
}

// One reporter per chat format, each to its own path of `receiver`.
std::string ChatReporters(const Receiver& receiver) {
  Json reporters = Json::array();
  for (const char* format : {"slack", "teams", "discord", "googlechat"}) {
    reporters.push_back({{"url", receiver.Url(std::string("/") + format)}, {"format", format}});
  }
  return reporters.dump();
}

std::string Body(const Receiver& receiver, const std::string& path) {
  for (const auto& request : receiver.Requests()) {
    if (request.path == path) return request.body;
  }
  return {};
}

class Formats : public ::testing::TestWithParam<int> {};

// Far past every platform's limits (Slack's 50 blocks, Discord's 6,000 characters, Teams' 28 KB),
// with 70 MB of failure messages: more would only cost CI time (GoogleTest keeps every message).
constexpr int kManyFailures = 1000;

TEST_P(Formats, EachChatMessageStaysWithinItsPlatformsLimits) {
  const int failures = GetParam();
  Receiver receiver;
  TempDir state;
  // 64 KiB messages: GTEST_WEBHOOK_MAX_MESSAGE's default keeps that much of each.
  const auto run = RunMany(failures == kManyFailures ? kManyFailures : 20, failures,
                           {{"GTEST_WEBHOOK_REPORTERS", ChatReporters(receiver)},
                            {"GTEST_WEBHOOK_STATE_DIR", state.path()}},
                           failures == kManyFailures ? 70000 : 200);
  ASSERT_EQ(receiver.Requests().size(), 4U) << run.err;

  const auto slack = Json::parse(Body(receiver, "/slack"));
  ExpectSlackWithinLimits(slack);
  const auto text = slack["text"].get<std::string>();
  EXPECT_NE(text.find(failures == 0 ? ":white_check_mark:" : ":x:"), std::string::npos);
  EXPECT_EQ(text.find("Range/Many.Works/0") != std::string::npos, failures > 0) << text;
  const auto discord_body = Body(receiver, "/discord");
  ExpectDiscordWithinLimits(Json::parse(discord_body));
  const auto teams_body = Body(receiver, "/teams");
  ExpectTeamsWithinLimits(teams_body);
  ExpectGoogleChatWithinLimits(Body(receiver, "/googlechat"));

  if (failures > 1) {
    // Cut with a line that says how many more there are, in every format.
    const auto more = "more failures";
    for (const auto& path : {"/slack", "/discord", "/teams", "/googlechat"}) {
      EXPECT_NE(Body(receiver, path).find(more), std::string::npos) << path;
    }
  }
  if (!NodePeersInstalled())
    GTEST_WEBHOOK_PEER_MISSING("run scripts/npm-peers.sh for the platform checks");
  const auto teams = NodeCheck("teams", teams_body);
  EXPECT_EQ(teams.exit_code, 0) << teams.out << teams.err;
  const auto discord = NodeCheck("discord", discord_body);
  EXPECT_EQ(discord.exit_code, 0) << discord.out << discord.err;
}

INSTANTIATE_TEST_SUITE_P(Failures, Formats, ::testing::Values(0, 1, kManyFailures));

TEST(ChatDelivery, IsSignedAuthenticatedRetriedAndRecordedLikeThePayload) {
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t number) {
    return number == 1 ? Answer{503, "busy"} : Answer{200, "ok"};
  });
  TempDir dir;
  const auto run = RunMany(5, 1,
                           {{"GTEST_WEBHOOK_URL", receiver.Url()},
                            {"GTEST_WEBHOOK_FORMAT", "discord"},
                            {"GTEST_WEBHOOK_SECRET", "chat-secret"},
                            {"GTEST_WEBHOOK_USERNAME", "ci"},
                            {"GTEST_WEBHOOK_PASSWORD", "pw"},
                            {"GTEST_WEBHOOK_HEADERS", R"({"X-Team": "core"})"},
                            {"GTEST_WEBHOOK_LOG", dir.File("log.jsonl")},
                            {"GTEST_WEBHOOK_STATE_DIR", dir.File("state")}});
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 2U) << run.err;
  const auto& sent = requests[1];
  EXPECT_TRUE(Json::parse(sent.body).contains("embeds"));
  EXPECT_EQ(sent.Header("Signature"), SignatureHeaderValue("chat-secret", sent.body));
  EXPECT_EQ(sent.Header("Authorization"), "Basic Y2k6cHc=");
  EXPECT_EQ(sent.Header("X-Team"), "core");
  EXPECT_EQ(sent.Header("webhook-id"), requests[0].Header("webhook-id"));
  const auto record = Json::parse(ReadFile(dir.File("log.jsonl")));
  EXPECT_EQ(record["status"], "SUCCEEDED");
  EXPECT_EQ(record["calls"].size(), 2U);
}

TEST(ChatDelivery, WhenChangesHoldsForAChatFormatToo) {
  Receiver receiver;
  TempDir state;
  const Env env = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                   {"GTEST_WEBHOOK_FORMAT", "slack"},
                   {"GTEST_WEBHOOK_WHEN", "changes"},
                   {"GTEST_WEBHOOK_STATE_DIR", state.path()}};
  RunMany(3, 1, env);
  const auto unchanged = RunMany(3, 1, env);
  RunMany(3, 0, env);
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 2U) << unchanged.err;
  EXPECT_NE(unchanged.err.find("when=changes and unchanged"), std::string::npos) << unchanged.err;
  EXPECT_NE(Json::parse(requests[1].body)["text"].get<std::string>().find("1 fixed"),
            std::string::npos)
      << requests[1].body;
}

TEST(ReceiverLimits, A1MbNginxGetsA20000TestReportThroughThe413Fallback) {
  if (!NginxInstalled())
    GTEST_WEBHOOK_PEER_MISSING("nginx is not installed (apt-get install nginx)");
  TempDir dir;
  Receiver backend;
  const Nginx nginx(dir, "      client_max_body_size 1m;\n      proxy_pass http://127.0.0.1:" +
                             std::to_string(backend.port()) + ";");
  ASSERT_TRUE(nginx.ready()) << nginx.log();
  TempDir state;
  const auto run = RunMany(20000, 3,
                           {{"GTEST_WEBHOOK_URL", nginx.Url()},
                            {"GTEST_WEBHOOK_STATE_DIR", state.path()},
                            {"GTEST_WEBHOOK_RETRIES", "0"}});
  EXPECT_NE(run.err.find("(HTTP 200"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("2 attempts; sent the failed-only payload after HTTP 413)"),
            std::string::npos)
      << run.err;
  ASSERT_EQ(backend.Requests().size(), 1U);
  const auto payload = Json::parse(backend.Requests()[0].body);
  EXPECT_EQ(payload["tests"], 20000);
  EXPECT_EQ(payload["failures"], 3);
  EXPECT_EQ(payload["testCase"].size(), 3U);
  EXPECT_EQ(payload["omittedTestCases"], 19997);
}

TEST(ReceiverLimits, AFailureAfterThe413FallbackSaysBoth) {
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t number) {
    return number == 1 ? Answer{413, "too large"} : Answer{503, "busy"};
  });
  TempDir state;
  const auto run = RunMany(10, 1,
                           {{"GTEST_WEBHOOK_URL", receiver.Url()},
                            {"GTEST_WEBHOOK_STATE_DIR", state.path()},
                            {"GTEST_WEBHOOK_RETRIES", "1"}});
  EXPECT_EQ(receiver.Requests().size(), 3U);  // full, failed-only, its one retry
  EXPECT_NE(run.err.find(": HTTP 413 for the full payload; then HTTP 503; kept in the outbox"),
            std::string::npos)
      << run.err;
}

TEST(ReceiverLimits, A410IsNotRetriedAndSaysTheEndpointIsGone) {
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t) { return Answer{410, "gone"}; });
  TempDir state;
  const auto run = RunMany(3, 0,
                           {{"GTEST_WEBHOOK_URL", receiver.Url()},
                            {"GTEST_WEBHOOK_STATE_DIR", state.path()},
                            {"GTEST_WEBHOOK_RETRIES", "3"}});
  EXPECT_EQ(receiver.Requests().size(), 1U);
  EXPECT_NE(run.err.find("HTTP 410 (Gone: the endpoint no longer exists) (1 attempt"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.exit_code, 0);
}

TEST(ReceiverLimits, TestCasesFailedSendsTheFailuresAndCountsTheRest) {
  Receiver receiver;
  TempDir state;
  RunMany(50, 2,
          {{"GTEST_WEBHOOK_URL", receiver.Url()},
           {"GTEST_WEBHOOK_TEST_CASES", "failed"},
           {"GTEST_WEBHOOK_STATE_DIR", state.path()}});
  ASSERT_EQ(receiver.Requests().size(), 1U);
  const auto payload = Json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["tests"], 50);
  EXPECT_EQ(payload["testCase"].size(), 2U);
  EXPECT_EQ(payload["omittedTestCases"], 48);
  for (const auto& entry : payload["testCase"]) EXPECT_EQ(entry["status"], "failed");
}

TEST(ReceiverLimits, EveryRotatedSecretVerifiesWithStandardWebhooks) {
  if (!NodePeersInstalled())
    GTEST_WEBHOOK_PEER_MISSING("run scripts/npm-peers.sh for standardwebhooks");
  const std::string old_key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string new_key = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
  Receiver receiver;
  TempDir state;
  RunMany(3, 0,
          {{"GTEST_WEBHOOK_URL", receiver.Url()},
           {"GTEST_WEBHOOK_SECRET", new_key + " " + old_key},
           {"GTEST_WEBHOOK_STATE_DIR", state.path()}});
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto& request = requests[0];
  const auto signatures = request.Header("webhook-signature");
  EXPECT_EQ(std::count(signatures.begin(), signatures.end(), ','), 2) << signatures;
  for (const auto& key : {new_key, old_key}) {
    const auto check = NodeCheck(
        "signature", request.body,
        {request.Header("webhook-id"), request.Header("webhook-timestamp"), signatures, key});
    EXPECT_EQ(check.exit_code, 0) << key << ": " << check.out << check.err;
  }
  const auto stranger =
      NodeCheck("signature", request.body,
                {request.Header("webhook-id"), request.Header("webhook-timestamp"), signatures,
                 "whsec_dGhpcyBpcyBub3Qgb25lIG9mIG91ciBrZXlzIQ=="});
  EXPECT_NE(stranger.exit_code, 0) << "a key we did not sign with must not verify";
}

}  // namespace
}  // namespace gtest_webhook::testing
