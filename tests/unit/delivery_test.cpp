// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <gtest/gtest.h>
#include <gtest_webhook/signing.h>
#ifndef _WIN32
#include <pthread.h>
#include <signal.h>
#endif

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "assemble/complete.h"
#include "deliver/bodies.h"
#include "deliver/dispatch.h"
#include "deliver/records.h"
#include "deliver/retry.h"
#include "model/text.h"
#include "raw_server.h"
#include "receiver.h"
#include "render/body.h"
#include "render/payload.h"
#include "state/outbox.h"
#include "state/state_dir.h"
#include "system_words.h"
#include "temp_dir.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

HttpResponse Status(int status, std::optional<milliseconds> retry_after = std::nullopt) {
  HttpResponse response;
  response.status = status;
  response.body = "body " + std::to_string(status);
  response.retry_after = retry_after;
  return response;
}

HttpResponse Failure(TransportFailure failure, std::string why) {
  HttpResponse response;
  response.failure = failure;
  response.error = std::move(why);
  return response;
}

// Answers from a script (the last answer repeats) and records every request with its time
// (spdlog's test_sink, in spirit). Optionally takes `delay` per request.
class ScriptedTransport : public Transport {
 public:
  explicit ScriptedTransport(std::vector<HttpResponse> answers = {Status(200)},
                             milliseconds delay = milliseconds(0))
      : answers_(std::move(answers)), delay_(delay) {}

  HttpResponse Post(const HttpRequest& request) override {
    std::this_thread::sleep_for(delay_);
    std::lock_guard<std::mutex> lock(mutex_);
    // The request's body is read during the call; keep its bytes for the assertions.
    bodies.push_back(request.body != nullptr ? ReadAll(*request.body) : std::string());
    requests.push_back(request);
    requests.back().body = nullptr;
    times.push_back(Clock::now());
    return answers_[std::min(requests.size(), answers_.size()) - 1];
  }

  std::vector<HttpRequest> requests;
  /// The body of each request, in order.
  std::vector<std::string> bodies;
  std::vector<Clock::time_point> times;

 private:
  std::vector<HttpResponse> answers_;
  milliseconds delay_;
  std::mutex mutex_;
};

#ifndef _WIN32  // (Windows has no SIGPIPE: a write to a dropped connection fails, that is all.)
// Raises SIGPIPE on the delivering thread, as a write to a connection the receiver dropped
// does, then fails.
class SigpipeTransport : public Transport {
 public:
  HttpResponse Post(const HttpRequest& /*request*/) override {
    pthread_kill(pthread_self(), SIGPIPE);
    return Failure(TransportFailure::kOther, "connection reset");
  }
};
#endif

class ThrowingTransport : public Transport {
 public:
  HttpResponse Post(const HttpRequest& /*request*/) override { throw std::runtime_error("bug"); }
};

Options OneReporter(const std::string& url = "http://127.0.0.1:1/hook", When when = When::kAlways) {
  Options options;
  WebhookReporter reporter;
  reporter.url = url;
  reporter.when = when;
  options.reporters.push_back(reporter);
  options.backoff_initial = milliseconds(20);
  options.backoff_max = milliseconds(80);
  return options;
}

// `options` with a state directory of its own: no report that an earlier call kept in an outbox
// is sent first.
Options Alone(Options options) {
  static int count = 0;
  static const testing::TempDir states;  // removed with the rest when the program ends
  options.state_dir = states.File("alone-" + std::to_string(++count));
  return options;
}

// How the line and the record end for a report kept in the outbox.
const std::string kKept = "; kept in the outbox for the next dispatch or gtest-webhook flush";

Summary Stable(bool stable) {
  Summary summary;
  summary.build_stable = stable;
  return summary;
}

std::vector<DeliveryResult> Send(const Options& options, Transport& transport, bool stable = true,
                                 const std::string& payload = "{\"a\":1}") {
  const StringBody body(payload);
  return Deliver(body, Stable(stable), "suite", options, transport).deliveries;
}

std::string HeaderOf(const HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return {};
}

TEST(Deliver, SendsExactlyThePayloadWithTheIdentityHeaders) {
  ScriptedTransport transport;
  auto options = OneReporter();
  options.reporters[0].headers = {{"X-Api-Key", "k"}};
  const auto results = Send(options, transport);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_TRUE(results[0]);
  EXPECT_EQ(results[0].state, DeliveryState::kDelivered);
  ASSERT_EQ(transport.requests.size(), 1U);
  const auto& request = transport.requests[0];
  EXPECT_EQ(transport.bodies[0], "{\"a\":1}");
  EXPECT_EQ(request.url, "http://127.0.0.1:1/hook");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Content-Type", "application/json; charset=utf-8"},
      {"User-Agent", std::string("gtest-webhook/") + Version()},
      {"webhook-id", results[0].id},
      {"X-Api-Key", "k"}};
  EXPECT_EQ(request.headers, expected);
}

TEST(Deliver, SignsWithBothSchemesAndSendsBasicAuth) {
  ScriptedTransport transport;
  auto options = OneReporter();
  options.reporters[0].secret_key = "s3cret";
  options.reporters[0].username = "ci";
  options.reporters[0].password = "pa:ss";
  const auto results = Send(options, transport, true, "{\"signed\":true}");
  const auto& request = transport.requests.at(0);
  EXPECT_EQ(HeaderOf(request, "Signature"),
            "sha256=" + HmacSha256Hex("s3cret", "{\"signed\":true}"));
  const auto timestamp = HeaderOf(request, "webhook-timestamp");
  EXPECT_LE(std::llabs(std::stoll(timestamp) - NowUnixMs() / 1000), 5);
  EXPECT_EQ(HeaderOf(request, "webhook-signature"),
            StandardWebhooksSignature("s3cret", results[0].id, std::stoll(timestamp),
                                      "{\"signed\":true}"));
  EXPECT_EQ(HeaderOf(request, "Authorization"), "Basic " + Base64Encode("ci:pa:ss"));
}

TEST(Deliver, WhenFailsSkipsStableBuilds) {
  ScriptedTransport transport;
  const auto options = OneReporter("http://h/x", When::kFails);
  const auto stable = Send(options, transport, true);
  EXPECT_EQ(stable[0].state, DeliveryState::kSkipped);
  EXPECT_EQ(stable[0].reason, "when=fails and the build is stable");
  EXPECT_TRUE(stable[0]);
  EXPECT_TRUE(transport.requests.empty());
  EXPECT_EQ(Send(options, transport, false)[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(transport.requests.size(), 1U);
}

TEST(Deliver, RetriesWithTheSameIdAndAFreshSignature) {
  ScriptedTransport transport({Status(503), Status(503), Status(200)});
  auto options = OneReporter();
  options.reporters[0].secret_key = "k";
  const auto results = Send(options, transport);
  EXPECT_EQ(results[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(results[0].attempts, 3);
  ASSERT_EQ(results[0].calls.size(), 3U);
  EXPECT_EQ(results[0].calls[0].response_status, 503);
  EXPECT_EQ(results[0].calls[0].response_body, "body 503");
  for (std::size_t i = 0; i < transport.requests.size(); ++i) {
    const auto& request = transport.requests[i];
    EXPECT_EQ(HeaderOf(request, "webhook-id"), results[0].id);
    EXPECT_EQ(HeaderOf(request, "webhook-signature"),
              StandardWebhooksSignature("k", results[0].id,
                                        std::stoll(HeaderOf(request, "webhook-timestamp")),
                                        transport.bodies[i]));
  }
}

TEST(Deliver, RetriesExactlyTheTransientOutcomes) {
  for (const int status : {408, 429, 500, 502, 503, 504}) {
    ScriptedTransport transport({Status(status), Status(200)});
    EXPECT_EQ(Send(Alone(OneReporter()), transport)[0].attempts, 2) << status;
  }
  for (const auto& failure : {Failure(TransportFailure::kConnection, "could not connect"),
                              Failure(TransportFailure::kTimeout, "timed out")}) {
    ScriptedTransport transport({failure, Status(200)});
    EXPECT_EQ(Send(Alone(OneReporter()), transport)[0].attempts, 2) << failure.error;
  }
  for (const int status : {301, 302, 307, 400, 401, 403, 404, 409, 413, 422, 501, 505}) {
    ScriptedTransport transport({Status(status), Status(200)});
    const auto result = Send(Alone(OneReporter()), transport)[0];
    EXPECT_EQ(result.attempts, 1) << status;
    EXPECT_EQ(result.state, DeliveryState::kFailed) << status;
  }
  ScriptedTransport tls({Failure(TransportFailure::kTls, "TLS verification failed"), Status(200)});
  const auto refused = Send(Alone(OneReporter()), tls)[0];
  EXPECT_EQ(refused.attempts, 1);
  EXPECT_EQ(refused.reason, "TLS verification failed");
  ScriptedTransport redirect({Status(302)});
  EXPECT_EQ(Send(Alone(OneReporter()), redirect)[0].reason,
            "HTTP 302 (redirects are not followed)");
}

TEST(Deliver, StopsWhenRetriesRunOut) {
  ScriptedTransport transport({Status(503)});
  auto options = OneReporter();
  options.retries = 2;
  const auto result = Send(options, transport)[0];
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.reason, "HTTP 503" + kKept);
  options.retries = 0;
  EXPECT_EQ(Send(Alone(options), transport)[0].attempts, 1);
}

TEST(Deliver, BackoffGrowsExponentially) {
  ScriptedTransport transport({Status(500)});
  auto options = OneReporter();
  options.retries = 3;
  options.backoff_initial = milliseconds(40);
  options.backoff_max = milliseconds(1000);
  Send(options, transport);
  ASSERT_EQ(transport.times.size(), 4U);
  // Each wait is drawn from the upper half of 40, 80, 160 ms.
  EXPECT_GE(transport.times[1] - transport.times[0], milliseconds(20));
  EXPECT_GE(transport.times[2] - transport.times[1], milliseconds(40));
  EXPECT_GE(transport.times[3] - transport.times[2], milliseconds(80));
}

TEST(Deliver, HonoursRetryAfterThatFitsTheDeadline) {
  ScriptedTransport transport({Status(429, milliseconds(400)), Status(200)});
  const auto result = Send(Alone(OneReporter()), transport)[0];
  EXPECT_EQ(result.state, DeliveryState::kDelivered);
  ASSERT_EQ(transport.times.size(), 2U);
  EXPECT_GE(transport.times[1] - transport.times[0], milliseconds(400));
}

TEST(Deliver, GivesUpAtOnceWhenRetryAfterPassesTheDeadline) {
  ScriptedTransport transport({Status(503, std::chrono::seconds(120)), Status(200)});
  auto options = OneReporter();
  options.deadline = std::chrono::seconds(5);
  const auto start = Clock::now();
  const auto result = Send(options, transport)[0];
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.reason,
            "HTTP 503; its Retry-After of 120 s does not fit the delivery deadline" + kKept);
}

TEST(Deliver, TheDeadlineBoundsEverything) {
  ScriptedTransport transport({Status(503)});
  auto options = OneReporter();
  options.retries = 100;
  options.deadline = milliseconds(600);
  options.backoff_initial = milliseconds(50);
  const auto start = Clock::now();
  const auto result = Send(options, transport)[0];
  EXPECT_LT(Clock::now() - start, milliseconds(1500));
  EXPECT_GT(result.attempts, 1);
  EXPECT_EQ(result.state, DeliveryState::kFailed);
  // Either the next wait would not fit, or a wait that fitted ended at the deadline (a slow
  // machine): both name the last failure and the deadline.
  EXPECT_EQ(result.reason.rfind("HTTP 503; ", 0), 0U) << result.reason;
  EXPECT_TRUE(result.reason ==
                  "HTTP 503; no time is left for a retry before the deadline" + kKept ||
              result.reason == "HTTP 503; then the delivery deadline passed" + kKept)
      << result.reason;
  ScriptedTransport recording;
  options.timeout = std::chrono::seconds(30);
  Send(options, recording);
  EXPECT_LE(recording.requests.at(0).timeout, milliseconds(600));
  EXPECT_LE(recording.requests.at(0).connect_timeout, recording.requests.at(0).timeout);
}

TEST(Deliver, ReportersAreSentConcurrently) {
  ScriptedTransport transport({Status(200)}, milliseconds(1500));
  auto options = OneReporter();
  for (int i = 0; i < 3; ++i) options.reporters.push_back(options.reporters[0]);
  const auto start = Clock::now();
  const auto results = Send(options, transport);
  // Four reporters of 1.5 s each: one after another would take 6 s.
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(results.size(), 4U);
  for (const auto& result : results) EXPECT_TRUE(result);
}

#ifndef _WIN32
TEST(Deliver, SigpipeOnTheDeliveringThreadDoesNotKillTheProcess) {
  SigpipeTransport transport;
  Options options = OneReporter();
  options.reporters.push_back(options.reporters[0]);
  const auto results = Send(options, transport);
  ASSERT_EQ(results.size(), 2U);  // still alive
  EXPECT_EQ(results[0].reason, "connection reset");
}
#endif

TEST(Deliver, ATransportBugIsContained) {
  ThrowingTransport transport;
  const auto results = Send(Alone(OneReporter()), transport);
  EXPECT_FALSE(results[0]);
  EXPECT_EQ(results[0].reason, "internal error while sending: bug");
}

class ChangesTest : public ::testing::Test {
 protected:
  Options ChangesOptions() {
    auto options = OneReporter("https://hooks.example/a/T0KEN?key=Q", When::kChanges);
    options.state_dir = dir_.path() + "/state";
    options.retries = 0;
    return options;
  }
  testing::TempDir dir_;
};

TEST_F(ChangesTest, SendsOnlyWhenBuildStabilityChanges) {
  const auto options = ChangesOptions();
  ScriptedTransport transport;
  std::vector<DeliveryState> states;
  for (const bool stable : {true, true, false, false, true}) {
    states.push_back(Send(options, transport, stable)[0].state);
  }
  using S = DeliveryState;
  EXPECT_EQ(states, (std::vector<S>{S::kDelivered, S::kSkipped, S::kDelivered, S::kSkipped,
                                    S::kDelivered}));
  const auto skipped = Send(options, transport, true)[0];
  EXPECT_EQ(skipped.reason, "when=changes and unchanged since last delivery (build stable)");
}

// The change that failed waits in the outbox and is sent first next run; it is then the last
// delivered, so the next run's report (unchanged against it) is not sent twice.
TEST_F(ChangesTest, AFailedDeliveryIsSentAgainNextRun) {
  const auto options = ChangesOptions();
  ScriptedTransport ok;
  ScriptedTransport down({Status(500)});
  EXPECT_EQ(Send(options, ok, true)[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(Send(options, down, false, "{\"run\":2}")[0].state, DeliveryState::kFailed);
  const StringBody third("{\"run\":3}");
  const auto next = Deliver(third, Stable(false), "suite", options, ok);
  ASSERT_EQ(next.waiting.size(), 1U);
  EXPECT_EQ(next.waiting[0].state, DeliveryState::kDelivered);  // sent again
  EXPECT_EQ(next.deliveries[0].state, DeliveryState::kSkipped);
  ASSERT_EQ(ok.bodies.size(), 2U);
  EXPECT_EQ(ok.bodies[1], "{\"run\":2}");
  ScriptedTransport fixed;
  EXPECT_EQ(Send(options, fixed, true)[0].state, DeliveryState::kDelivered);  // a change again
}

TEST_F(ChangesTest, StateIsKeptPerReportNameAndReporter) {
  auto options = ChangesOptions();
  ScriptedTransport transport;
  EXPECT_EQ(Send(options, transport)[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(
      Deliver(StringBody("{}"), Stable(true), "other", options, transport).deliveries[0].state,
      DeliveryState::kDelivered);
  options.reporters[0].url = "https://hooks.example/b";
  EXPECT_EQ(Send(options, transport)[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(Send(options, transport)[0].state, DeliveryState::kSkipped);
}

TEST_F(ChangesTest, StateFilesHoldNoUrlOrSecret) {
  auto options = ChangesOptions();
  options.reporters[0].secret_key = "SeCrEtKeY";
  options.reporters[0].username = "user";
  options.reporters[0].password = "PaSsWoRd";
  ScriptedTransport transport;
  Send(options, transport);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(options.state_dir)) {
    const auto name = entry.path().filename().string();
    files += name.size() < 5 || name.substr(name.size() - 5) != ".lock" ? 1 : 0;
    const auto content = testing::ReadFile(entry.path().string());
    for (const char* secret : {"hooks.example", "T0KEN", "key=Q", "SeCrEtKeY", "PaSsWoRd"}) {
      EXPECT_EQ(name.find(secret), std::string::npos) << name;
      EXPECT_EQ(content.find(secret), std::string::npos) << content;
    }
  }
  // The state. Its lock file goes when the lock is released on POSIX; on Windows it stays, empty
  // (a file another process holds open cannot be removed at once there).
  EXPECT_EQ(files, 1);
}

// Two reporters with the same URL (a list entry repeating the shorthand, say) each remember
// what they delivered: the second must not read the first's delivery as its own.
TEST_F(ChangesTest, TwoReportersWithOneUrlKeepTheirOwnState) {
  auto options = ChangesOptions();
  options.reporters.push_back(options.reporters[0]);
  ScriptedTransport transport;
  const auto results = Send(options, transport);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(results[1].state, DeliveryState::kDelivered) << results[1].reason;
  EXPECT_EQ(transport.bodies.size(), 2U);
  const auto again = Send(options, transport);  // unchanged: both skip now
  EXPECT_EQ(again[0].state, DeliveryState::kSkipped);
  EXPECT_EQ(again[1].state, DeliveryState::kSkipped);
}

// Without GTEST_WEBHOOK_STATE_DIR, XDG_CACHE_HOME or an existing HOME there is nowhere private
// to keep state: never a directory all users share, and never a HOME that is not there.
// (On Windows: without LOCALAPPDATA, or one that is not there.)
TEST_F(ChangesTest, NoHomeMeansNoStateNotASharedOrInventedDirectory) {
  auto options = ChangesOptions();
  options.state_dir.clear();
  const std::string missing = dir_.File("nonexistent-home");
  for (const std::string* value : {static_cast<const std::string*>(nullptr), &missing}) {
    const testing::WithoutCacheVariables cache(value);
    std::string why;
    EXPECT_EQ(detail::StateDirectory(options, why), "");
    EXPECT_NE(why.find("set GTEST_WEBHOOK_STATE_DIR"), std::string::npos) << why;
    ScriptedTransport transport;
    const auto results = Send(options, transport);
    EXPECT_EQ(results.at(0).state, DeliveryState::kDelivered);  // a change, as said
    EXPECT_NE(results.at(0).warnings.at(0).find("cannot use"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST_F(ChangesTest, CorruptStateWarnsAndCountsAsAChange) {
  const auto options = ChangesOptions();
  ScriptedTransport transport;
  Send(options, transport, true);
  for (const auto& entry : std::filesystem::directory_iterator(options.state_dir)) {
    if (entry.path().extension() == ".json") std::ofstream(entry.path()) << "{not json";
  }
  const auto result = Send(options, transport, true)[0];
  EXPECT_EQ(result.state, DeliveryState::kDelivered);
  ASSERT_EQ(result.warnings.size(), 1U);
  EXPECT_NE(result.warnings[0].find("is corrupt; when=changes treats this run as a change"),
            std::string::npos);
  EXPECT_EQ(Send(options, transport, true)[0].state, DeliveryState::kSkipped);  // repaired
}

TEST_F(ChangesTest, UnusableStateDirectoryWarnsAndStillSends) {
  auto options = ChangesOptions();
  options.state_dir = dir_.File("a-file");
  std::ofstream(options.state_dir) << "x";
  ScriptedTransport transport;
  const auto result = Send(options, transport)[0];
  EXPECT_EQ(result.state, DeliveryState::kDelivered);
  ASSERT_EQ(result.warnings.size(), 1U);
  EXPECT_EQ(result.warnings[0].rfind("GTEST_WEBHOOK_STATE_DIR: cannot use '", 0), 0U);
}

TEST(DescribeResult, OneLinePerOutcome) {
  DeliveryResult delivered;
  delivered.reporter = "dash";
  delivered.state = DeliveryState::kDelivered;
  delivered.http_status = 204;
  delivered.attempts = 1;
  delivered.elapsed = milliseconds(12);
  EXPECT_EQ(DescribeResult(delivered),
            "gtest-webhook: delivered to dash (HTTP 204, 0.012 s, 1 attempt)");
  DeliveryResult skipped = delivered;
  skipped.state = DeliveryState::kSkipped;
  skipped.reason = "when=fails and the build is stable";
  EXPECT_EQ(DescribeResult(skipped),
            "gtest-webhook: skipped dash: when=fails and the build is stable");
  DeliveryResult failed = delivered;
  failed.state = DeliveryState::kFailed;
  failed.reason = "HTTP 500";
  failed.attempts = 4;
  failed.elapsed = milliseconds(1500);
  EXPECT_EQ(DescribeResult(failed),
            "gtest-webhook: failed to deliver to dash: HTTP 500 (4 attempts, 1.500 s)");
}

TEST(DeliveryRecords, FollowSpecSection7) {
  ScriptedTransport transport(
      {Status(500), Failure(TransportFailure::kConnection, "could not connect")});
  auto options = OneReporter();
  options.retries = 1;
  options.reporters[0].label = "dash";
  const auto result = Send(options, transport)[0];
  const auto record = json::parse(DeliveryRecord(result, "RUN_FINISH"));
  EXPECT_EQ(record["id"], result.id);
  EXPECT_EQ(record["reporter"], "dash");
  EXPECT_EQ(record["eventType"], "RUN_FINISH");
  EXPECT_EQ(record["status"], "FAILED");
  EXPECT_EQ(record["reason"], "could not connect" + kKept);
  ASSERT_EQ(record["calls"].size(), 2U);
  EXPECT_EQ(record["calls"][0]["responseStatus"], 500);
  EXPECT_EQ(record["calls"][0]["responseBody"], "body 500");
  EXPECT_TRUE(record["calls"][0]["errorMessage"].is_null());
  EXPECT_EQ(record["calls"][1]["errorMessage"], "could not connect");
  EXPECT_TRUE(record["calls"][1]["responseStatus"].is_null());
  for (const auto& call : record["calls"]) {
    EXPECT_EQ(call["startedAt"].get<std::string>().size(), 24U);
    EXPECT_EQ(call["finishedAt"].get<std::string>().size(), 24U);
  }
}

TEST(DeliveryRecords, CutTheResponseBodyTo4KiB) {
  HttpResponse big = Status(500);
  big.body = std::string(100000, 'b');
  ScriptedTransport transport({big});
  auto options = OneReporter();
  options.retries = 0;
  const auto record = json::parse(DeliveryRecord(Send(options, transport)[0], "RUN_FINISH"));
  EXPECT_EQ(record["calls"][0]["responseBody"].get<std::string>().size(), 4096U);
}

TEST(Dispatch, WritesOutputAndLogAndOneLinePerReporter) {
  testing::TempDir dir;
  ScriptedTransport transport;
  auto options = OneReporter("http://h/a/SECRET");
  options.reporters.push_back(options.reporters[0]);
  options.reporters[1].when = When::kFails;
  options.reporters[1].label = "second";
  options.output_path = dir.File("report.json");
  options.log_path = dir.File("records.jsonl");
  Report report;
  report.name = "r";
  std::ostringstream log;
  const auto results = Dispatch(report, options, transport, log);
  ASSERT_EQ(results.deliveries.size(), 2U);
  EXPECT_TRUE(results);
  EXPECT_EQ(testing::ReadFile(options.output_path), SerializePayload(report));
  EXPECT_EQ(transport.bodies.at(0), SerializePayload(report));
  const auto lines = log.str();
  EXPECT_NE(lines.find("gtest-webhook: delivered to http://h/a/*** (HTTP 200"), std::string::npos)
      << lines;
  EXPECT_NE(lines.find("gtest-webhook: skipped second: when=fails"), std::string::npos) << lines;
  EXPECT_EQ(lines.find("SECRET"), std::string::npos);
  std::istringstream records(testing::ReadFile(options.log_path));
  std::string line;
  std::vector<json> parsed;
  while (std::getline(records, line)) parsed.push_back(json::parse(line));
  ASSERT_EQ(parsed.size(), 2U);
  EXPECT_EQ(parsed[0]["status"], "SUCCEEDED");
  EXPECT_EQ(parsed[1]["status"], "SKIPPED");
  EXPECT_EQ(parsed[1]["reason"], "when=fails and the build is stable");
  EXPECT_EQ(testing::ReadFile(options.log_path).find("SECRET"), std::string::npos);
}

TEST(Dispatch, UnwritableOutputIsNamed) {
  ScriptedTransport transport;
  Options options;
  options.output_path = "/nonexistent-dir/report.json";
  std::ostringstream log;
  const auto result = Dispatch(Report{}, options, transport, log);
  EXPECT_NE(log.str().find("GTEST_WEBHOOK_OUTPUT: cannot write '/nonexistent-dir/report.json': " +
                           std::string(testing::kNoSuchPath)),
            std::string::npos)
      << log.str();
  EXPECT_FALSE(result);  // a payload that was asked for and not written is a failure
}

// Entries a report reads from elsewhere; this one breaks while the payload is produced.
class BrokenSource final : public TestCaseSource {
 public:
  std::size_t size() const override { return 1; }
  const TestCase& Get(std::size_t, TestCase&) const override { throw std::runtime_error("broken"); }
};

// An internal error used to return an empty list of deliveries, which `send` and `test` took
// for "every reporter delivered".
TEST(Dispatch, AnInternalErrorIsAFailureNotAnEmptySuccess) {
  ScriptedTransport transport;
  const auto options = OneReporter("http://h/a");
  Report report;
  report.source = std::make_shared<BrokenSource>();
  std::ostringstream log;
  const auto result = FinishAndDispatch(report, options, log, &transport);
  EXPECT_FALSE(result);
  EXPECT_TRUE(transport.bodies.empty());
  EXPECT_NE(log.str().find("internal error while reporting"), std::string::npos) << log.str();
}

TEST(CurlTransport, StreamsAPayloadBodyWithItsLength) {
  testing::Receiver receiver;
  Report report;
  report.name = "streamed";
  for (int i = 0; i < 20000; ++i) {
    TestCase test;
    test.class_name = "Suite";
    test.name = "Test" + std::to_string(i);
    report.test_cases.push_back(std::move(test));
  }
  const PayloadBody body(report);
  ASSERT_GT(body.size(), 1000000U) << "spans many pieces";
  HttpRequest request;
  request.url = receiver.Url();
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  request.body = &body;
  const auto response = MakeCurlTransport()->Post(request);
  EXPECT_TRUE(response) << response.status << " " << response.error;
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(receiver.Requests()[0].body, SerializePayload(report));
  EXPECT_EQ(receiver.Requests()[0].Header("Content-Length"), std::to_string(body.size()));
  EXPECT_TRUE(receiver.Requests()[0].Header("Transfer-Encoding").empty());
}

// The module's own tests are in transport_test.cpp; these need a whole report, or a server that
// drops connections.
TEST(CurlTransport, ADroppedConnectionIsRetryable) {
  testing::DroppingServer dropping;
  HttpRequest request;
  request.url = dropping.Url();
  const StringBody empty_object("{}");
  request.body = &empty_object;
  const auto dropped = MakeCurlTransport()->Post(request);
  EXPECT_EQ(dropped.failure, TransportFailure::kConnection) << dropped.error;
  EXPECT_TRUE(IsRetryable(dropped));
}

TEST(CurlTransport, DroppedConnectionsAreRetriedUntilTheyRunOut) {
  testing::DroppingServer dropping;
  auto options = OneReporter(dropping.Url());
  options.retries = 2;
  const auto transport = MakeCurlTransport();
  const auto result = Send(options, *transport)[0];
  EXPECT_EQ(result.state, DeliveryState::kFailed);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(dropping.connections(), 3);
}

// The outbox (SPEC §13): what is kept, its bounds, its deadline, and what flush cannot send.

std::size_t Waiting(const Options& options) {
  std::string why;
  return detail::Outbox::For(options, 0, why)->Count();
}

TEST(Outbox, KeepsOnlyWhatTheReceiverDidNotGive) {
  for (const auto& answer : {Failure(TransportFailure::kConnection, "could not connect"),
                             Failure(TransportFailure::kTimeout, "timed out"), Status(408),
                             Status(429), Status(500), Status(501), Status(503), Status(505)}) {
    const auto options = Alone(OneReporter());
    ScriptedTransport transport({answer});
    const auto result = Send(options, transport)[0];
    EXPECT_EQ(Waiting(options), 1U) << answer.status << answer.error;
    EXPECT_NE(result.reason.find(kKept), std::string::npos) << result.reason;
  }
  for (const auto& answer :
       {Status(301), Status(400), Status(401), Status(404), Status(410), Status(413), Status(422),
        Failure(TransportFailure::kTls, "TLS verification failed")}) {
    const auto options = Alone(OneReporter());
    ScriptedTransport transport({answer});
    const auto result = Send(options, transport)[0];
    EXPECT_EQ(result.state, DeliveryState::kFailed);
    EXPECT_EQ(Waiting(options), 0U) << answer.status << answer.error;
    EXPECT_EQ(result.reason.find("outbox"), std::string::npos) << result.reason;
  }
}

TEST(Outbox, TheByteBoundDropsTheOldestWithAWarning) {
  const auto options = Alone(OneReporter());
  std::string why;
  const auto outbox = detail::Outbox::For(options, 0, why, {10, 100});
  std::vector<std::string> warnings;
  const std::string bytes(40, 'x');
  for (int i = 1; i <= 3; ++i) {
    WaitingReport report;
    report.id = "msg_" + std::to_string(i);
    report.created_at_ms = i;
    report.event_type = "RUN_FINISH";
    report.report_name = "r";
    report.build_stable = true;
    ASSERT_TRUE(outbox->Keep(StringBody(bytes), report, why, warnings)) << why;
  }
  EXPECT_EQ(outbox->Count(), 2U);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_NE(warnings[0].find("is full (at most 10 reports, 0.0 MiB): dropped the oldest waiting "
                             "report msg_1 of 1970-01-01T00:00:00.001Z (r)"),
            std::string::npos)
      << warnings[0];
  WaitingReport huge;
  huge.id = "msg_huge";
  EXPECT_FALSE(outbox->Keep(StringBody(std::string(101, 'x')), huge, why, warnings));
  EXPECT_EQ(why, "it is larger than the outbox's 0.0 MiB");
}

TEST(Outbox, WaitingReportsAndTheNewOneShareOneDeadline) {
  auto options = Alone(OneReporter());
  options.retries = 0;
  ScriptedTransport down({Status(503)});
  for (int i = 0; i < 3; ++i) Send(options, down);
  ASSERT_EQ(Waiting(options), 3U);
  options.retries = 100;
  options.deadline = milliseconds(600);
  options.backoff_initial = milliseconds(50);
  const auto start = Clock::now();
  const StringBody body("{}");
  const auto result = Deliver(body, Stable(true), "suite", options, down);
  EXPECT_LT(Clock::now() - start, milliseconds(1500));
  // The oldest is tried until the deadline; the others, and this run's, wait behind it.
  ASSERT_EQ(result.waiting.size(), 1U);
  EXPECT_GT(result.waiting[0].attempts, 1);
  EXPECT_EQ(result.deliveries[0].attempts, 0);
  EXPECT_EQ(result.deliveries[0].reason.rfind("not sent: an older report to it still fails", 0),
            0U);
  EXPECT_EQ(Waiting(options), 4U);
}

// A process that holds the outbox (a flush to a slow receiver, say) delays this dispatch's own
// report by at most half the deadline: it is then sent without the waiting ones.
TEST(Outbox, ABusyOutboxLeavesTheOwnReportTimeToBeSent) {
  auto options = Alone(OneReporter());
  ScriptedTransport down({Status(503)});
  Send(options, down);
  ASSERT_EQ(Waiting(options), 1U);
  std::string why;
  const auto directory = detail::Outbox::For(options, 0, why)->directory();
  const auto outboxes = platform::Directory::Open(directory.substr(0, directory.rfind('/')),
                                                  platform::DirectoryUse::kPrivate, why);
  ASSERT_TRUE(outboxes) << why;
  std::vector<std::string> notes;
  const auto held = outboxes->Lock(directory.substr(directory.rfind('/') + 1) + ".lock",
                                   Clock::now(), why, notes);
  ASSERT_TRUE(held) << why;
  options.deadline = milliseconds(600);
  ScriptedTransport up;
  const StringBody body("{\"own\":1}");
  const auto result = Deliver(body, Stable(true), "suite", options, up);
  EXPECT_EQ(result.deliveries[0].state, DeliveryState::kDelivered);
  EXPECT_TRUE(result.waiting.empty());
  ASSERT_EQ(up.bodies.size(), 1U);
  EXPECT_EQ(up.bodies[0], "{\"own\":1}");
  ASSERT_EQ(result.deliveries[0].warnings.size(), 1U);
  EXPECT_EQ(result.deliveries[0].warnings[0].rfind("cannot lock the outbox '" + directory, 0), 0U);
  EXPECT_EQ(Waiting(options), 1U);
}

TEST(Outbox, AWiringTestNeitherKeepsNorSends) {
  const auto options = Alone(OneReporter());
  ScriptedTransport down({Status(503)});
  const StringBody body("{}");
  Deliver(body, Stable(true), "suite", options, down, Event::kTest);
  EXPECT_EQ(Waiting(options), 0U);
  Send(options, down);
  ASSERT_EQ(Waiting(options), 1U);
  ScriptedTransport up;
  const auto test = Deliver(body, Stable(true), "suite", options, up, Event::kTest);
  EXPECT_TRUE(test.waiting.empty());
  EXPECT_EQ(up.requests.size(), 1U);
  EXPECT_EQ(Waiting(options), 1U);
}

TEST(Outbox, FlushNamesTheOutboxOfAReporterNoLongerConfigured) {
  const auto old = Alone(OneReporter("http://127.0.0.1:1/old"));
  ScriptedTransport down({Status(503)});
  Send(old, down);
  auto now = OneReporter("http://127.0.0.1:1/new");
  now.state_dir = old.state_dir;
  std::ostringstream log;
  ScriptedTransport up;
  const auto result = FlushOutboxes(now, up, log);
  EXPECT_FALSE(result);
  EXPECT_TRUE(up.requests.empty());
  EXPECT_NE(log.str().find("holds reports for a reporter that is not configured now"),
            std::string::npos)
      << log.str();
  EXPECT_EQ(log.str().find("/old"), std::string::npos) << log.str();  // no URL, only its hash
}

}  // namespace
}  // namespace gtest_webhook::detail
