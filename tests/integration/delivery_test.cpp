// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Delivery guarantees with real test binaries as child processes: when=changes state across
// runs and across concurrent binaries, retries, fan-out, TLS, and that no secret leaks.

#include <gtest/gtest.h>
#include <gtest_webhook/signing.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "process.h"
#include "raw_server.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Env = std::map<std::string, std::string>;

ProcessResult RunOutcomes(const std::string& filter, const Env& env) {
  return RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=" + filter}, env);
}

const char* FilterFor(bool passing) { return passing ? "Basic.Passes" : "Basic.FailsTwice"; }

TEST(DeliveryIntegration, ChangesSendsOnlyWhenStabilityChanges) {
  TempDir state;
  Receiver receiver;
  const Env env = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                   {"GTEST_WEBHOOK_WHEN", "changes"},
                   {"GTEST_WEBHOOK_STATE_DIR", state.path()}};
  std::vector<std::size_t> received;
  std::string last_err;
  for (const bool passing : {true, true, false, false, true}) {
    last_err = RunOutcomes(FilterFor(passing), env).err;
    received.push_back(receiver.Requests().size());
  }
  EXPECT_EQ(received, (std::vector<std::size_t>{1, 1, 2, 2, 3}));
  RunOutcomes(FilterFor(true), env);
  const auto skipped = RunOutcomes(FilterFor(true), env).err;
  EXPECT_NE(skipped.find("gtest-webhook: skipped " + receiver.Url() +
                         ": when=changes and unchanged since last delivery (build stable)"),
            std::string::npos)
      << skipped;
}

TEST(DeliveryIntegration, AnUndeliveredChangeIsSentNextRun) {
  TempDir state;
  Receiver receiver;
  bool down = false;
  std::mutex mutex;
  receiver.Script([&](const ReceivedRequest&, std::size_t) {
    std::lock_guard<std::mutex> lock(mutex);
    return Answer{down ? 500 : 200, "x"};
  });
  const Env env = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                   {"GTEST_WEBHOOK_WHEN", "changes"},
                   {"GTEST_WEBHOOK_RETRIES", "0"},
                   {"GTEST_WEBHOOK_STATE_DIR", state.path()}};
  RunOutcomes(FilterFor(true), env);  // delivered: stable
  {
    std::lock_guard<std::mutex> lock(mutex);
    down = true;
  }
  const auto failed = RunOutcomes(FilterFor(false), env);
  EXPECT_NE(failed.err.find("failed to deliver"), std::string::npos) << failed.err;
  {
    std::lock_guard<std::mutex> lock(mutex);
    down = false;
  }
  RunOutcomes(FilterFor(false), env);  // the change is sent again
  RunOutcomes(FilterFor(false), env);  // now unchanged
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(json::parse(requests[1].body)["buildStable"], false);
  EXPECT_EQ(json::parse(requests[2].body)["buildStable"], false);
}

// Runs `count` fixture binaries at once, each with `env` plus its own name from `name_of`.
std::vector<ProcessResult> RunConcurrently(int count, const Env& env,
                                           const std::function<std::string(int)>& name_of) {
  std::vector<ProcessResult> results(static_cast<std::size_t>(count));
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      auto own = env;
      own["GTEST_WEBHOOK_NAME"] = name_of(i);
      results[static_cast<std::size_t>(i)] = RunOutcomes(FilterFor(true), own);
    });
  }
  for (auto& thread : threads) thread.join();
  return results;
}

TEST(DeliveryIntegration, EightConcurrentBinariesShareOneStateDirectory) {
  TempDir state;
  Receiver receiver;
  const Env env = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                   {"GTEST_WEBHOOK_WHEN", "changes"},
                   {"GTEST_WEBHOOK_STATE_DIR", state.path()}};
  // Eight different reports at once: each is a first run, so each is sent, and each is
  // remembered.
  const auto distinct = [](int i) { return "binary-" + std::to_string(i); };
  for (const auto& run : RunConcurrently(8, env, distinct)) EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(receiver.Requests().size(), 8U);
  RunConcurrently(8, env, distinct);
  EXPECT_EQ(receiver.Requests().size(), 8U) << "a state was lost";
  int state_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(state.path())) {
    if (entry.path().extension() != ".json") continue;
    ++state_files;
    EXPECT_EQ(json::parse(ReadFile(entry.path().string()))["buildStable"], true);
  }
  EXPECT_EQ(state_files, 8);

  // Eight runs of the same report at once: the lock lets exactly one send the change.
  const auto same = [](int) { return std::string("shared-name"); };
  RunConcurrently(8, env, same);
  EXPECT_EQ(receiver.Requests().size(), 9U);
}

TEST(DeliveryIntegration, RetriesTransientFailuresAndKeepsTheExitCode) {
  TempDir dir;
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t n) {
    if (n == 1) return Answer{503, "busy"};
    if (n == 2) return Answer{429, "slow", milliseconds(0), {{"Retry-After", "1"}}};
    return Answer{200, "ok"};
  });
  const auto run = RunOutcomes(
      FilterFor(false),
      {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_LOG", dir.File("records.jsonl")}});
  const auto record = json::parse(ReadFile(dir.File("records.jsonl")));
  EXPECT_EQ(record["status"], "SUCCEEDED");
  EXPECT_EQ(record["eventType"], "RUN_FINISH");
  ASSERT_EQ(record["calls"].size(), 3U);
  EXPECT_EQ(record["calls"][0]["responseStatus"], 503);
  EXPECT_EQ(record["calls"][1]["responseStatus"], 429);
  EXPECT_EQ(record["calls"][2]["responseBody"], "ok");
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(receiver.Requests().size(), 3U);
  EXPECT_EQ(receiver.Requests()[0].body, receiver.Requests()[2].body);
  EXPECT_EQ(receiver.Requests()[0].Header("webhook-id"),
            receiver.Requests()[2].Header("webhook-id"));
  EXPECT_GE(run.elapsed, seconds(1));  // Retry-After: 1 was honoured
  EXPECT_NE(run.err.find("gtest-webhook: delivered to " + receiver.Url() + " (HTTP 200, "),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find(", 3 attempts)"), std::string::npos) << run.err;
}

TEST(DeliveryIntegration, EveryFailureLeavesTheExitCodeAlone) {
  Receiver bad_request;
  bad_request.Script([](const ReceivedRequest&, std::size_t) { return Answer{400, "no"}; });
  Receiver always_busy;
  always_busy.Script([](const ReceivedRequest&, std::size_t) { return Answer{503, "busy"}; });
  DroppingServer dropping;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {bad_request.Url(), "HTTP 400"},
      {always_busy.Url(), "HTTP 503"},
      {dropping.Url(), "failed to deliver"},
      {"http://127.0.0.1:" + std::to_string(FreePort()) + "/hook", "could not connect"},
  };
  for (const auto& [url, expected] : cases) {
    for (const bool passing : {true, false}) {
      const auto run = RunOutcomes(FilterFor(passing), {{"GTEST_WEBHOOK_URL", url},
                                                        {"GTEST_WEBHOOK_RETRIES", "1"},
                                                        {"GTEST_WEBHOOK_DEADLINE", "5"}});
      EXPECT_EQ(run.exit_code, passing ? 0 : 1) << url;
      EXPECT_NE(run.err.find(expected), std::string::npos) << run.err;
    }
  }
  EXPECT_EQ(bad_request.Requests().size(), 2U);  // 400 is not retried
}

// Once a 2xx status line and its headers are in, the report is delivered, whatever its body
// does next: never end (no Content-Length on a kept-alive connection), trickle in at a few bytes
// a second, or flood. One copy arrives, the run does not wait for the timeout, and when=changes
// remembers it.
TEST(DeliveryIntegration, A2xxWhoseBodyNeverEndsIsDelivered) {
  const std::string kept_alive = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\naccepted";
  const std::string trickling = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\naccepted";
  for (const auto& [what, answer, more] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"no length, kept alive", kept_alive, ""},
           {"trickling", trickling, "."},
           {"flooding", trickling, std::string(64 * 1024, 'x')}}) {
    RawServer server(
        [&answer = answer, &more = more](RawServer::Client client, const auto& stopping) {
          RawServer::ReadFor(client, milliseconds(2000));
          if (!RawServer::Write(client, answer)) return;
          while (!stopping() && (more.empty() || RawServer::Write(client, more))) {
            std::this_thread::sleep_for(milliseconds(more.size() > 1 ? 0 : 300));
          }
        });
    TempDir state;
    const Env env = {{"GTEST_WEBHOOK_URL", server.Url()},
                     {"GTEST_WEBHOOK_WHEN", "changes"},
                     {"GTEST_WEBHOOK_STATE_DIR", state.path()},
                     {"GTEST_WEBHOOK_LOG", state.File("deliveries.jsonl")},
                     {"GTEST_WEBHOOK_TIMEOUT", "20"}};
    const auto first = RunOutcomes(FilterFor(true), env);
    EXPECT_NE(first.err.find("gtest-webhook: delivered to " + server.Url() + " (HTTP 200, "),
              std::string::npos)
        << what << ": " << first.err;
    EXPECT_LT(first.elapsed, seconds(15)) << what;  // far from the 20 s timeout, not a benchmark
    EXPECT_EQ(server.connections(), 1) << what;
    const auto record = json::parse(ReadFile(state.File("deliveries.jsonl")));
    const auto kept = record["calls"][0]["responseBody"].get<std::string>();
    EXPECT_EQ(kept.rfind("accepted", 0), 0U) << what;
    EXPECT_LE(kept.size(), 4096U) << what;

    const auto second = RunOutcomes(FilterFor(true), env);
    EXPECT_NE(second.err.find("unchanged since last delivery"), std::string::npos)
        << what << ": " << second.err;
    EXPECT_EQ(server.connections(), 1) << what;
  }
}

// A configured header with an empty value goes on the wire with its empty value (as the raw
// request shows: HTTP libraries' servers tend to drop such headers when parsing).
TEST(DeliveryIntegration, AHeaderWithAnEmptyValueIsSent) {
  std::mutex mutex;
  std::string request;
  RawServer server([&](RawServer::Client client, const auto&) {
    const auto got = RawServer::ReadFor(client, milliseconds(2000));
    {
      std::lock_guard<std::mutex> lock(mutex);
      request = got;
    }
    RawServer::Write(client, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  });
  const auto run = RunOutcomes(FilterFor(true), {{"GTEST_WEBHOOK_URL", server.Url()},
                                                 {"GTEST_WEBHOOK_HEADERS", R"({"X-Empty": ""})"}});
  EXPECT_NE(run.err.find("delivered"), std::string::npos) << run.err;
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_NE(request.find("\r\nX-Empty:\r\n"), std::string::npos) << request;
}

TEST(DeliveryIntegration, FourSlowReportersCostAboutOneNotFour) {
  std::vector<std::unique_ptr<Receiver>> receivers;
  json list = json::array();
  for (int i = 0; i < 4; ++i) {
    receivers.push_back(std::make_unique<Receiver>());
    receivers.back()->Script([](const ReceivedRequest&, std::size_t) {
      return Answer{200, "ok", milliseconds(1500)};
    });
    list.push_back({{"webhook", {{"url", receivers.back()->Url()}}}});
  }
  const auto plain = RunOutcomes(FilterFor(true), {});
  const auto run = RunOutcomes(FilterFor(true), {{"GTEST_WEBHOOK_REPORTERS", list.dump()}});
  for (const auto& receiver : receivers) EXPECT_EQ(receiver->Requests().size(), 1U);
  // Sequential delivery would add 6 s.
  EXPECT_LT(run.elapsed - plain.elapsed, milliseconds(3500)) << run.err;
}

TEST(DeliveryIntegration, TheDeadlineBoundsARunAgainstAStuckReceiver) {
  Receiver stuck;
  stuck.Script([](const ReceivedRequest&, std::size_t) { return Answer{200, "late", seconds(7)}; });
  const auto run = RunOutcomes(
      FilterFor(true), {{"GTEST_WEBHOOK_URL", stuck.Url()}, {"GTEST_WEBHOOK_DEADLINE", "2"}});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_LT(run.elapsed, seconds(6));
  EXPECT_NE(run.err.find("timed out"), std::string::npos) << run.err;
}

TEST(DeliveryIntegration, HonoursTheStandardProxyVariables) {
  // The "proxy" is a loopback receiver; the target host does not resolve, so the report can
  // only arrive through the proxy.
  Receiver proxy;
  const auto run =
      RunOutcomes(FilterFor(true), {{"GTEST_WEBHOOK_URL", "http://ci-dashboard.invalid/hook"},
                                    {"http_proxy", proxy.Url("")},
                                    {"no_proxy", ""},
                                    {"NO_PROXY", ""}});
  ASSERT_EQ(proxy.Requests().size(), 1U) << run.err;
  EXPECT_EQ(json::parse(proxy.Requests()[0].body)["tests"], 1);
  EXPECT_NE(run.err.find("gtest-webhook: delivered to http://ci-dashboard.invalid/hook"),
            std::string::npos)
      << run.err;
}

class TlsDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kReceiversSpeakTls) GTEST_SKIP() << "this build's receivers speak HTTP only";
    // A CA and a server certificate for 127.0.0.1, made fresh for this test.
    const auto made = Shell("set -e; cd '" + dir_.path() + "'\n" + R"(
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj '/CN=gtest-webhook test CA' -keyout ca.key -out ca.pem 2>/dev/null
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj '/CN=127.0.0.1' -keyout server.key -out server.csr 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > ext.cnf
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -extfile ext.cnf -out server.pem 2>/dev/null)");
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  TempDir dir_;
};

TEST_F(TlsDelivery, RefusedWithoutTheCaAndAcceptedWithIt) {
  Receiver receiver(dir_.File("server.pem"), dir_.File("server.key"));
  ASSERT_EQ(receiver.Url().rfind("https://", 0), 0U);
  const auto refused = RunOutcomes(FilterFor(true), {{"GTEST_WEBHOOK_URL", receiver.Url()}});
  EXPECT_EQ(refused.exit_code, 0);
  EXPECT_TRUE(receiver.Requests().empty());
  EXPECT_NE(refused.err.find("TLS verification failed"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("(1 attempt,"), std::string::npos) << "TLS failures are not retried";

  const auto accepted = RunOutcomes(
      FilterFor(true),
      {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_CA_BUNDLE", dir_.File("ca.pem")}});
  EXPECT_NE(accepted.err.find("gtest-webhook: delivered to https://127.0.0.1:"), std::string::npos)
      << accepted.err;
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(json::parse(receiver.Requests()[0].body)["tests"], 1);
}

// A report that goes only to http:// URLs needs OpenSSL for its signature alone: OpenSSL then
// reads no configuration file and loads no error strings (about 1 MiB less per process). The
// configuration here names a provider module that leaves a file behind when it is loaded.
TEST_F(TlsDelivery, AReportToHttpOnlyReadsNoOpenSslConfiguration) {
  std::ofstream(dir_.File("openssl.cnf"))
      << "openssl_conf = init\n[init]\nproviders = providers\n"
      << "[providers]\ndefault = default_section\nwitness = witness_section\n"
      << "[default_section]\nactivate = 1\n"
      << "[witness_section]\nmodule = " << OPENSSL_WITNESS << "\nactivate = 1\n";
  Receiver http;
  Receiver https(dir_.File("server.pem"), dir_.File("server.key"));
  for (Receiver* receiver : {&http, &https}) {
    const auto url = receiver->Url();
    SCOPED_TRACE(url);
    const auto witness = dir_.File(receiver == &http ? "read-for-http" : "read-for-https");
    const auto run = RunOutcomes(FilterFor(true), {{"GTEST_WEBHOOK_URL", url},
                                                   {"GTEST_WEBHOOK_SECRET", "s3cret"},
                                                   {"GTEST_WEBHOOK_CA_BUNDLE", dir_.File("ca.pem")},
                                                   {"OPENSSL_CONF", dir_.File("openssl.cnf")},
                                                   {"OPENSSL_WITNESS_FILE", witness}});
    EXPECT_NE(run.err.find("gtest-webhook: delivered to " + url), std::string::npos) << run.err;
    ASSERT_EQ(receiver->Requests().size(), 1U);
    EXPECT_EQ(receiver->Requests()[0].Header("Signature").rfind("sha256=", 0), 0U);
    EXPECT_EQ(std::filesystem::exists(witness), receiver == &https);
  }
}

// Plants a distinct secret in every place the configuration can hold one, drives success and
// failure paths, and then looks for the secrets in everything the run left behind.
TEST(DeliveryIntegration, PlantedSecretsAppearNowhere) {
  TempDir dir;
  Receiver ok;
  Receiver failing;
  failing.Script([](const ReceivedRequest&, std::size_t) { return Answer{500, "no"}; });
  const std::vector<std::string> secrets = {
      "PlantedSecretKey1", "PlantedPassword2",  "PlantedPathToken3", "PlantedQuery4",
      "PlantedUserinfo5",  "PlantedPathToken6", "PlantedQuery7",     "PlantedListSecret8"};
  const auto failing_url =
      "http://urluser:PlantedUserinfo5@127.0.0.1:" + std::to_string(failing.port()) +
      "/hook/PlantedPathToken6?x=PlantedQuery7";
  const json list = json::array(
      {{{"webhook",
         {{"url", failing_url}, {"when", "changes"}, {"secretKey", "${LIST_SECRET}"}}}}});
  const auto run = RunOutcomes(
      "Basic.*", {{"GTEST_WEBHOOK_URL", ok.Url("/hook/PlantedPathToken3?token=PlantedQuery4")},
                  {"GTEST_WEBHOOK_SECRET", "PlantedSecretKey1"},
                  {"GTEST_WEBHOOK_USERNAME", "ci"},
                  {"GTEST_WEBHOOK_PASSWORD", "PlantedPassword2"},
                  {"GTEST_WEBHOOK_WHEN", "changes"},
                  {"GTEST_WEBHOOK_REPORTERS", list.dump()},
                  {"LIST_SECRET", "PlantedListSecret8"},
                  {"GTEST_WEBHOOK_RETRIES", "1"},
                  {"GTEST_WEBHOOK_STATE_DIR", dir.File("state")},
                  {"GTEST_WEBHOOK_LOG", dir.File("records.jsonl")},
                  {"GTEST_WEBHOOK_OUTPUT", dir.File("report.json")},
                  {"GTEST_WEBHOOK_HEADERS", R"({"X-Team":"core"})"}});
  ASSERT_EQ(ok.Requests().size(), 1U) << run.err;
  ASSERT_EQ(failing.Requests().size(), 2U) << run.err;
  // The values derived from secrets must not leak either.
  std::vector<std::string> derived;
  for (const auto& request : {ok.Requests()[0], failing.Requests()[0]}) {
    for (const char* header : {"Signature", "webhook-signature", "Authorization"}) {
      const auto value = request.Header(header);
      if (!value.empty()) derived.push_back(value.substr(value.find_first_of("=, ") + 1));
    }
  }
  EXPECT_GE(derived.size(), 5U);  // two signatures each, and the Authorization values

  std::vector<std::pair<std::string, std::string>> places = {
      {"stderr", run.err},
      {"stdout", run.out},
      {"payload", ok.Requests()[0].body},
      {"log", ReadFile(dir.File("records.jsonl"))},
      {"output", ReadFile(dir.File("report.json"))}};
  for (const auto& entry : std::filesystem::directory_iterator(dir.File("state"))) {
    places.emplace_back(entry.path().filename().string(), ReadFile(entry.path().string()));
    places.emplace_back("state file name", entry.path().filename().string());
  }
  EXPECT_GE(places.size(), 7U);
  for (const auto& [place, text] : places) {
    for (const auto& secret : secrets)
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << place;
    for (const auto& value : derived)
      EXPECT_EQ(text.find(value), std::string::npos) << value << " in " << place;
  }
  // ...while the receivers did get what they need.
  EXPECT_EQ(ok.Requests()[0].Header("Signature"),
            SignatureHeaderValue("PlantedSecretKey1", ok.Requests()[0].body));
  EXPECT_EQ(failing.Requests()[0].Header("Signature"),
            SignatureHeaderValue("PlantedListSecret8", failing.Requests()[0].body));
  EXPECT_EQ(ok.Requests()[0].Header("X-Team"), "core");
}

}  // namespace
}  // namespace gtest_webhook::testing
