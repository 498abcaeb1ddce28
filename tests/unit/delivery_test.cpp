#include <gtest/gtest.h>
#include <gtest_webhook/delivery.h>
#include <pthread.h>
#include <signal.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"
#include "receiver.h"

namespace gtest_webhook {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// Records every request and answers with a fixed response (spdlog's test_sink, in spirit).
class RecordingTransport : public Transport {
 public:
  explicit RecordingTransport(HttpResponse answer = HttpResponse{200, "", "ok"})
      : answer_(answer) {}
  HttpResponse Post(const HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(mutex_);
    requests.push_back(request);
    return answer_;
  }
  std::vector<HttpRequest> requests;

 private:
  HttpResponse answer_;
  std::mutex mutex_;
};

// Raises SIGPIPE on the delivering thread, as a write to a connection the receiver dropped
// does, then fails.
class SigpipeTransport : public Transport {
 public:
  HttpResponse Post(const HttpRequest& /*request*/) override {
    pthread_kill(pthread_self(), SIGPIPE);
    return HttpResponse{0, "connection reset", ""};
  }
};

class ThrowingTransport : public Transport {
 public:
  HttpResponse Post(const HttpRequest& /*request*/) override { throw std::runtime_error("bug"); }
};

Options OneReporter(const std::string& url, When when = When::kAlways) {
  Options options;
  WebhookReporter reporter;
  reporter.url = url;
  reporter.when = when;
  options.reporters.push_back(reporter);
  return options;
}

Summary Stable(bool stable) {
  Summary summary;
  summary.build_stable = stable;
  return summary;
}

TEST(Deliver, SendsExactlyThePayloadWithTheIdentityHeaders) {
  RecordingTransport transport;
  auto options = OneReporter("http://127.0.0.1:1/hook");
  options.reporters[0].headers = {{"X-Api-Key", "k"}};
  const auto results = Deliver("{\"a\":1}", Stable(true), options, transport);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_TRUE(results[0]);
  EXPECT_EQ(results[0].state, DeliveryState::kDelivered);
  ASSERT_EQ(transport.requests.size(), 1U);
  const auto& request = transport.requests[0];
  EXPECT_EQ(request.body, "{\"a\":1}");
  EXPECT_EQ(request.url, "http://127.0.0.1:1/hook");
  ASSERT_EQ(request.headers.size(), 4U);
  EXPECT_EQ(request.headers[0].second, "application/json; charset=utf-8");
  EXPECT_EQ(request.headers[1].second, std::string("gtest-webhook/") + Version());
  EXPECT_EQ(request.headers[2].first, "webhook-id");
  EXPECT_EQ(request.headers[2].second, results[0].id);
  EXPECT_EQ(request.headers[3], (std::pair<std::string, std::string>{"X-Api-Key", "k"}));
}

TEST(Deliver, WhenFailsSkipsStableBuilds) {
  RecordingTransport transport;
  const auto options = OneReporter("http://h/x", When::kFails);
  const auto stable = Deliver("{}", Stable(true), options, transport);
  EXPECT_EQ(stable[0].state, DeliveryState::kSkipped);
  EXPECT_EQ(stable[0].reason, "when=fails and the build is stable");
  EXPECT_TRUE(stable[0]);
  EXPECT_TRUE(transport.requests.empty());
  const auto unstable = Deliver("{}", Stable(false), options, transport);
  EXPECT_EQ(unstable[0].state, DeliveryState::kDelivered);
  EXPECT_EQ(transport.requests.size(), 1U);
}

TEST(Deliver, TimeoutsAreCappedByTheDeadline) {
  RecordingTransport transport;
  auto options = OneReporter("http://h/x");
  options.timeout = std::chrono::seconds(30);
  options.deadline = std::chrono::seconds(2);
  Deliver("{}", Stable(true), options, transport);
  ASSERT_EQ(transport.requests.size(), 1U);
  EXPECT_LE(transport.requests[0].timeout, std::chrono::seconds(2));
  EXPECT_LE(transport.requests[0].connect_timeout, transport.requests[0].timeout);
}

TEST(Deliver, FailuresSayWhy) {
  RecordingTransport refused(HttpResponse{0, "could not connect (Connection refused)", ""});
  const auto results = Deliver("{}", Stable(true), OneReporter("http://h/x"), refused);
  EXPECT_FALSE(results[0]);
  EXPECT_EQ(results[0].reason, "could not connect (Connection refused)");
  RecordingTransport server_error(HttpResponse{503, "", "busy"});
  const auto http = Deliver("{}", Stable(true), OneReporter("http://h/x"), server_error);
  EXPECT_EQ(http[0].reason, "HTTP 503");
  EXPECT_EQ(http[0].http_status, 503);
  RecordingTransport redirect(HttpResponse{302, "", ""});
  EXPECT_FALSE(Deliver("{}", Stable(true), OneReporter("http://h/x"), redirect)[0]);
}

TEST(Deliver, SigpipeOnTheDeliveringThreadDoesNotKillTheProcess) {
  SigpipeTransport transport;
  Options options = OneReporter("http://h/x");
  options.reporters.push_back(options.reporters[0]);
  const auto results = Deliver("{}", Stable(true), options, transport);
  ASSERT_EQ(results.size(), 2U);  // still alive
  EXPECT_EQ(results[0].reason, "connection reset");
}

TEST(Deliver, ATransportBugIsContained) {
  ThrowingTransport transport;
  const auto results = Deliver("{}", Stable(true), OneReporter("http://h/x"), transport);
  EXPECT_FALSE(results[0]);
  EXPECT_EQ(results[0].reason, "internal error while sending");
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
  failed.elapsed = milliseconds(1500);
  EXPECT_EQ(DescribeResult(failed),
            "gtest-webhook: failed to deliver to dash: HTTP 500 (1 attempt, 1.500 s)");
}

TEST(DeliveryRecords, FollowSpecSection7) {
  DeliveryResult result;
  result.id = "msg_1";
  result.reporter = "dash";
  result.state = DeliveryState::kFailed;
  result.reason = "HTTP 500";
  result.created_at_ms = 0;
  result.calls.push_back({0, 1500, "", 500, "oops"});
  result.calls.push_back({2000, 2001, "could not connect", 0, ""});
  const auto record = json::parse(DeliveryRecord(result, "RUN_FINISH"));
  EXPECT_EQ(record["id"], "msg_1");
  EXPECT_EQ(record["reporter"], "dash");
  EXPECT_EQ(record["eventType"], "RUN_FINISH");
  EXPECT_EQ(record["createdAt"], "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(record["status"], "FAILED");
  EXPECT_EQ(record["reason"], "HTTP 500");
  ASSERT_EQ(record["calls"].size(), 2U);
  EXPECT_EQ(record["calls"][0]["finishedAt"], "1970-01-01T00:00:01.500Z");
  EXPECT_EQ(record["calls"][0]["responseStatus"], 500);
  EXPECT_EQ(record["calls"][0]["responseBody"], "oops");
  EXPECT_TRUE(record["calls"][0]["errorMessage"].is_null());
  EXPECT_EQ(record["calls"][1]["errorMessage"], "could not connect");
  EXPECT_TRUE(record["calls"][1]["responseStatus"].is_null());
}

TEST(Dispatch, WritesOutputAndLogAndOneLinePerReporter) {
  testing::TempDir dir;
  RecordingTransport transport;
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
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(testing::ReadFile(options.output_path), SerializePayload(report));
  EXPECT_EQ(transport.requests.at(0).body, SerializePayload(report));
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
  EXPECT_EQ(testing::ReadFile(options.log_path).find("SECRET"), std::string::npos);
}

TEST(Dispatch, UnwritableOutputIsNamed) {
  RecordingTransport transport;
  Options options;
  options.output_path = "/nonexistent-dir/report.json";
  std::ostringstream log;
  Dispatch(Report{}, options, transport, log);
  EXPECT_NE(log.str().find(
                "GTEST_WEBHOOK_OUTPUT: cannot write '/nonexistent-dir/report.json': No such file"),
            std::string::npos)
      << log.str();
}

TEST(CurlTransport, PostsTheExactBytesToARealServer) {
  testing::Receiver receiver;
  receiver.Script([](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{202, "accepted"};
  });
  const auto transport = MakeCurlTransport();
  HttpRequest request;
  request.url = receiver.Url("/in");
  request.body = std::string("{\"text\":\"gr\xc3\xbc\xc3\x9f\"}") + std::string(200000, ' ');
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"X-One", "1"}};
  const auto response = transport->Post(request);
  EXPECT_TRUE(response) << response.error;
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.body, "accepted");
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(receiver.Requests()[0].body, request.body);
  EXPECT_EQ(receiver.Requests()[0].Header("X-One"), "1");
  EXPECT_TRUE(receiver.Requests()[0].Header("Expect").empty());
}

TEST(CurlTransport, DoesNotFollowRedirects) {
  testing::Receiver target;
  testing::Receiver redirector;
  redirector.Script([](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{307, ""};
  });
  HttpRequest request;
  request.url = redirector.Url();
  request.body = "{}";
  const auto response = MakeCurlTransport()->Post(request);
  EXPECT_FALSE(response);
  EXPECT_EQ(response.status, 307);
  EXPECT_TRUE(target.Requests().empty());
}

TEST(CurlTransport, TimesOutOnASilentServer) {
  testing::Receiver receiver;
  receiver.Script([](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{200, "", std::chrono::seconds(3)};
  });
  HttpRequest request;
  request.url = receiver.Url();
  request.timeout = milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  const auto response = MakeCurlTransport()->Post(request);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_FALSE(response);
  EXPECT_EQ(response.error.rfind("timed out", 0), 0U) << response.error;
}

}  // namespace
}  // namespace gtest_webhook
