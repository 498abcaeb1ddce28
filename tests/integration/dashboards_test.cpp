// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Dashboards (SPEC §18): the `prometheus` format pushed by real test binaries to Debian's real
// Pushgateway, scraped by a real Prometheus and asked with PromQL through its HTTP API; the
// exposition checked by `promtool`; and the HTML page of real runs opened in Debian's headless
// Chromium (driven by puppeteer-core). The servers and the browser start once for the whole
// suite (this binary is one ctest test), each server on a free loopback port.

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "peer.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using Json = nlohmann::json;
using Env = std::map<std::string, std::string>;

constexpr const char* kPushgateway = "/usr/bin/prometheus-pushgateway";
constexpr const char* kPrometheus = "/usr/bin/prometheus";

bool Installed(const char* path) { return ::access(path, X_OK) == 0; }

// A server of this suite: a real program on a free loopback port, until the suite ends.
struct Server {
  TempDir dir;
  int port = 0;
  std::unique_ptr<BackgroundProcess> process;
  std::string log() const { return ReadFile(dir.File("server.log")); }
  std::string Url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
};

// Starts `program` with `args` (where "{port}" becomes the port and "{dir}" its directory,
// which holds `files`: name and contents) and waits until it listens; a port taken meanwhile by
// someone else gets another try.
std::unique_ptr<Server> Start(const std::string& program, const std::vector<std::string>& args,
                              const Env& files = {}) {
  auto server = std::make_unique<Server>();
  for (const auto& [name, contents] : files) std::ofstream(server->dir.File(name)) << contents;
  for (int attempt = 0; attempt < 3; ++attempt) {
    server->port = FreePort();
    std::vector<std::string> filled;
    for (auto arg : args) {
      arg = std::regex_replace(arg, std::regex("\\{port\\}"), std::to_string(server->port));
      filled.push_back(std::regex_replace(arg, std::regex("\\{dir\\}"), server->dir.path()));
    }
    server->process =
        std::make_unique<BackgroundProcess>(program, filled, server->dir.File("server.log"));
    if (WaitForPort(server->port, std::chrono::seconds(20))) return server;
    server->process.reset();
  }
  return server;
}

// The suite's Pushgateway, started on first use, keeping its groups in a file of its own (Debian's
// build would otherwise keep them, and load them into the next run, in /var/lib/prometheus).
Server& Pushgateway() {
  static const auto server =
      Start(kPushgateway, {"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                           "--persistence.file={dir}/pushgateway.data"});
  return *server;
}

// The suite's Prometheus, scraping the Pushgateway every second (honouring its labels, as the
// Pushgateway's documentation asks), started on first use.
Server& Prometheus() {
  static const auto server = [] {
    const auto config =
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        "scrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n"
        "    static_configs:\n      - targets: ['127.0.0.1:" +
        std::to_string(Pushgateway().port) + "']\n";
    return Start(kPrometheus,
                 {"--config.file={dir}/prometheus.yml", "--storage.tsdb.path={dir}/data",
                  "--web.listen-address=127.0.0.1:{port}", "--log.level=warn"},
                 {{"prometheus.yml", config}});
  }();
  return *server;
}

// `text` percent-encoded for a URL's query.
std::string Encoded(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '_' || c == '-' || c == '.') {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 15U];
    }
  }
  return out;
}

std::string Get(const Server& server, const std::string& path) {
  httplib::Client client("127.0.0.1", server.port);
  client.set_read_timeout(10, 0);
  const auto response = client.Get(path);
  return response && response->status == 200 ? response->body : std::string();
}

// The value of the sample of `metric` whose labels include every one of `labels`, from the
// text exposition `text`; NaN when there is none.
double Sample(const std::string& text, const std::string& metric, const Env& labels) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(metric + "{", 0) != 0) continue;
    const auto close = line.rfind('}');
    const auto set = line.substr(metric.size(), close - metric.size() + 1);
    bool all = true;
    for (const auto& [name, value] : labels) {
      const auto pair = name + "=\"" + value + "\"";
      all = all && (set.find("{" + pair + ",") != std::string::npos ||
                    set.find("," + pair + ",") != std::string::npos ||
                    set.find("," + pair + "}") != std::string::npos ||
                    set.find("{" + pair + "}") != std::string::npos);
    }
    if (all) return std::stod(line.substr(close + 2));
  }
  return std::nan("");
}

// The `test` labels of the `gtest_webhook_test_failed` series of report `name`.
std::set<std::string> FailedSeries(const std::string& text, const std::string& name) {
  std::set<std::string> tests;
  const std::regex series("^gtest_webhook_test_failed\\{.*report=\"" + name +
                          "\".*test=\"([^\"]*)\"\\} 1$");
  std::istringstream lines(text);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, match, series)) tests.insert(match[1]);
  }
  return tests;
}

// Runs `fixture` as CI would, pushing its report `name` to the Pushgateway's group `job=ci`;
// returns its payload.
Json Push(const std::string& fixture, const std::string& name, Env env = {}) {
  TempDir dir;
  env.emplace("GTEST_WEBHOOK_URL", Pushgateway().Url("/metrics/job/ci"));
  env["GTEST_WEBHOOK_FORMAT"] = "prometheus";
  env["GTEST_WEBHOOK_NAME"] = name;
  env["GTEST_WEBHOOK_OUTPUT"] = dir.File("payload.json");
  const auto run = RunProcess(fixture, {}, env);
  EXPECT_NE(run.err.find("gtest-webhook: delivered to"), std::string::npos) << run.err;
  return Json::parse(ReadFile(dir.File("payload.json")), nullptr, false);
}

class Dashboards : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Installed(kPushgateway) || !Installed(kPrometheus)) {
      GTEST_WEBHOOK_PEER_MISSING("apt-get install prometheus-pushgateway prometheus");
    }
    ASSERT_TRUE(WaitForPort(Pushgateway().port)) << Pushgateway().log();
  }
};

// Two report names pushed to one group keep a series each; the values agree with the payload;
// a later push of a name replaces its group whole, so a fixed test leaves no series behind.
TEST_F(Dashboards, EveryReportNameKeepsItsOwnSeriesAgreeingWithThePayload) {
  const std::string failing = "nightly/unit tests";  // a `/` and a space: base64url in the URL
  const auto payload = Push(OUTCOMES_FIXTURE, failing);
  ASSERT_TRUE(payload.is_object());
  Push(MANY_FIXTURE, "other report");
  const auto metrics = Get(Pushgateway(), "/metrics");
  const Env of{{"job", "ci"}, {"report", failing}};
  auto with = [&of](const char* status) {
    auto labels = of;
    labels["status"] = status;
    return labels;
  };
  int passed = 0;
  std::set<std::string> failed;
  for (const auto& test : payload["testCase"]) {
    passed += test["status"] == "passed" ? 1 : 0;
    if (test["status"] == "failed" || test["status"] == "error") {
      failed.insert(test["className"].get<std::string>() + "." + test["name"].get<std::string>());
    }
  }
  EXPECT_EQ(Sample(metrics, "gtest_webhook_tests", with("passed")), passed) << metrics;
  EXPECT_EQ(Sample(metrics, "gtest_webhook_tests", with("failed")), payload["failures"]);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_tests", with("error")), payload["errors"]);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_tests", with("skipped")), payload["skip"]);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_build_stable", of), 0);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_flaky_tests", of), payload["flaky"]);
  EXPECT_NEAR(Sample(metrics, "gtest_webhook_run_duration_seconds", of),
              payload["run"]["durationSeconds"].get<double>(), 0.0005);
  EXPECT_GT(Sample(metrics, "gtest_webhook_run_finished_timestamp_seconds", of), 1.7e9);
  EXPECT_EQ(FailedSeries(metrics, failing), failed);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_build_stable", {{"report", "other report"}}), 1);
  EXPECT_EQ(
      Sample(metrics, "gtest_webhook_tests", {{"report", "other report"}, {"status", "passed"}}),
      100);

  Push(MANY_FIXTURE, failing);  // the same name, now green
  const auto after = Get(Pushgateway(), "/metrics");
  EXPECT_EQ(Sample(after, "gtest_webhook_build_stable", of), 1);
  EXPECT_TRUE(FailedSeries(after, failing).empty()) << after;
  EXPECT_EQ(Sample(after, "gtest_webhook_tests", with("passed")), 100);
}

// Stability across runs (SPEC §19): the flips of each unstable test, and the failures in
// quarantine apart from the failed ones.
TEST_F(Dashboards, PushesTheFlipsOfUnstableTestsAndTheQuarantinedFailures) {
  TempDir state;
  std::ofstream(state.File("quarantine")) << "Range/Many.Works/1\n";
  const Env env = {{"GTEST_WEBHOOK_STATE_DIR", state.path()},
                   {"GTEST_WEBHOOK_QUARANTINE", state.File("quarantine")},
                   {"MANY_TESTS", "3"}};
  Json payload;
  for (int run = 0; run < 4; ++run) {
    auto each = env;
    each["MANY_FAILURES"] = run % 2 == 0 ? "0" : "2";
    payload = Push(MANY_FIXTURE, "stability", each);
  }
  ASSERT_EQ(payload["history"]["unstableCount"], 2) << payload["history"].dump();
  const auto metrics = Get(Pushgateway(), "/metrics");
  const Env of{{"job", "ci"}, {"report", "stability"}};
  const auto with = [&of](const char* label, const char* value) {
    auto labels = of;
    labels[label] = value;
    return labels;
  };
  EXPECT_EQ(Sample(metrics, "gtest_webhook_test_flips", with("test", "Range/Many.Works/0")), 3)
      << metrics;
  EXPECT_EQ(Sample(metrics, "gtest_webhook_test_flips", with("test", "Range/Many.Works/1")), 3);
  EXPECT_TRUE(
      std::isnan(Sample(metrics, "gtest_webhook_test_flips", with("test", "Range/Many.Works/2"))));
  EXPECT_EQ(Sample(metrics, "gtest_webhook_unstable_tests", of), 2);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_tests", with("status", "quarantined")), 1);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_tests", with("status", "failed")), 1);
  EXPECT_EQ(FailedSeries(metrics, "stability"), std::set<std::string>{"Range/Many.Works/0"});
}

// A URL that names the report already: each push still replaces its group whole (PUT), so that a
// fixed test leaves no series behind, and the wiring test never writes into it.
// What no report or wiring test can do to a Pushgateway that other teams share (issue 31): run
// apart under the hostile label too (tests/CMakeLists.txt).
class SharedPushgateway : public Dashboards {};

TEST_F(SharedPushgateway, AGroupTheUrlNamesIsReplacedWholeAndNeverByTheWiringTest) {
  const Env pinned{{"GTEST_WEBHOOK_URL", Pushgateway().Url("/metrics/job/ci/report/pinned")}};
  Push(OUTCOMES_FIXTURE, "any name", pinned);
  EXPECT_FALSE(FailedSeries(Get(Pushgateway(), "/metrics"), "pinned").empty());
  const auto test = RunProcess(CLI, {"test"},
                               {{"GTEST_WEBHOOK_URL", pinned.at("GTEST_WEBHOOK_URL")},
                                {"GTEST_WEBHOOK_FORMAT", "prometheus"}});
  EXPECT_EQ(test.exit_code, 0) << test.err;
  EXPECT_EQ(
      Sample(Get(Pushgateway(), "/metrics"), "gtest_webhook_build_stable", {{"report", "pinned"}}),
      0);
  Push(MANY_FIXTURE, "any name", pinned);  // now green
  const auto after = Get(Pushgateway(), "/metrics");
  EXPECT_TRUE(FailedSeries(after, "pinned").empty()) << after;
  EXPECT_EQ(Sample(after, "gtest_webhook_build_stable", {{"report", "pinned"}}), 1);
}

// A report name that is not UTF-8 goes into the grouping key made valid: Debian's Pushgateway
// would store it, and refuse every later push of anyone's ("not utf8").
TEST_F(SharedPushgateway, NoReportNameCanMakeThePushgatewayRefuseOthers) {
  Push(MANY_FIXTURE, "caf\xE9");
  ASSERT_TRUE(Push(MANY_FIXTURE, "pushed after").is_object());
  const auto metrics = Get(Pushgateway(), "/metrics");
  EXPECT_EQ(Sample(metrics, "gtest_webhook_build_stable", {{"report", "pushed after"}}), 1)
      << metrics;
  EXPECT_EQ(Sample(metrics, "gtest_webhook_build_stable", {{"report", "caf\xEF\xBF\xBD"}}), 1);
}

// A report with more failing tests than series allowed: 1,000 series, the rest counted.
TEST_F(Dashboards, CapsTheFailedTestSeries) {
  Push(MANY_FIXTURE, "capped", {{"MANY_TESTS", "1200"}, {"MANY_FAILURES", "1100"}});
  const auto metrics = Get(Pushgateway(), "/metrics");
  EXPECT_EQ(FailedSeries(metrics, "capped").size(), 1000U);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_test_failed_omitted", {{"report", "capped"}}), 100);
  EXPECT_EQ(Sample(metrics, "gtest_webhook_tests", {{"report", "capped"}, {"status", "failed"}}),
            1100);
}

// What is pushed is signed, authenticated and kept in the outbox like every format: a receiver
// that is down gets the same group (PUT to the report's grouping key) from `flush`, and the
// bytes pass promtool's checks and the HMAC of `openssl dgst`.
TEST_F(Dashboards, PushesAreSignedAuthenticatedAndWaitInTheOutbox) {
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t count) {
    Answer answer;
    answer.status = count == 1 ? 503 : 200;
    return answer;
  });
  TempDir dir;
  const Env env{{"GTEST_WEBHOOK_URL", receiver.Url("/metrics/job/ci/branch/main")},
                {"GTEST_WEBHOOK_FORMAT", "prometheus"},
                {"GTEST_WEBHOOK_NAME", "a/b c"},
                {"GTEST_WEBHOOK_SECRET", "pushed-secret"},
                {"GTEST_WEBHOOK_USERNAME", "ci"},
                {"GTEST_WEBHOOK_PASSWORD", "pass word"},
                {"GTEST_WEBHOOK_RETRIES", "0"},
                {"XDG_CACHE_HOME", dir.File("cache")}};
  const auto run = RunProcess(OUTCOMES_FIXTURE, {}, env);
  EXPECT_NE(run.err.find("kept in the outbox"), std::string::npos) << run.err;
  const auto flush = RunProcess(CLI, {"flush"}, env);
  EXPECT_EQ(flush.exit_code, 0) << flush.err;
  ASSERT_TRUE(receiver.WaitFor(2));
  const auto requests = receiver.Requests();
  for (const auto& request : requests) {
    EXPECT_EQ(request.method, "PUT");
    EXPECT_EQ(request.path, "/metrics/job/ci/branch/main/report@base64/YS9iIGM");  // "a/b c"
    EXPECT_EQ(request.Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(request.Header("Authorization"), "Basic Y2k6cGFzcyB3b3Jk");
    EXPECT_EQ(request.body, requests[0].body);
  }
  std::ofstream(dir.File("body"), std::ios::binary) << requests[1].body;
  const auto hmac = Shell("openssl dgst -sha256 -hmac 'pushed-secret' < '" + dir.File("body") +
                          "' | sed 's/^.* //'");
  EXPECT_EQ("sha256=" + hmac.out.substr(0, hmac.out.find('\n')), requests[1].Header("Signature"));
  const auto lint = Shell("promtool check metrics < '" + dir.File("body") + "' 2>&1");
  EXPECT_EQ(lint.exit_code, 0) << lint.out << requests[1].body;
}

// Each query of the Grafana dashboard in examples/, for the report "e2e/build", answered with
// data by the real Prometheus; and its report variable lists the name.
void ExpectEveryPanelHasData() {
  const auto dashboard = Json::parse(ReadFile(GRAFANA_DASHBOARD));
  std::size_t queries = 0;
  for (const auto& panel : dashboard["panels"]) {
    for (const auto& target : panel["targets"]) {
      const auto expr = std::regex_replace(target["expr"].get<std::string>(),
                                           std::regex("\\$report"), "e2e/build");
      const auto answer =
          Json::parse(Get(Prometheus(), "/api/v1/query?query=" + Encoded(expr)), nullptr, false);
      ASSERT_TRUE(answer.is_object()) << expr;
      EXPECT_EQ(answer["status"], "success") << expr;
      EXPECT_FALSE(answer["data"]["result"].empty()) << panel["title"] << ": " << expr;
      ++queries;
    }
  }
  EXPECT_EQ(queries, 9U);
  const auto names = Json::parse(Get(Prometheus(), "/api/v1/label/report/values"));
  EXPECT_NE(std::find(names["data"].begin(), names["data"].end(), "e2e/build"), names["data"].end())
      << names;
}

// `gtest-webhook test` checks the wiring without replacing a real report's series: it pushes to
// a group of its own, whatever GTEST_WEBHOOK_NAME says.
TEST_F(Dashboards, AWiringTestPushesToAGroupOfItsOwn) {
  Receiver receiver;
  const auto test = RunProcess(CLI, {"test"},
                               {{"GTEST_WEBHOOK_URL", receiver.Url("/metrics/job/ci")},
                                {"GTEST_WEBHOOK_FORMAT", "prometheus"},
                                {"GTEST_WEBHOOK_NAME", "nightly"}});
  EXPECT_EQ(test.exit_code, 0) << test.err;
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(receiver.Requests()[0].path, "/metrics/job/ci/report@base64/Z3Rlc3Qtd2ViaG9vayB0ZXN0");
}

// The end to end of a dashboard: Prometheus scrapes the Pushgateway, and PromQL through its HTTP
// API answers the build's stability for the report name, red and then green; the Grafana
// dashboard's queries all have data.
TEST_F(Dashboards, PrometheusAnswersTheBuildsStability) {
  ASSERT_TRUE(WaitForPort(Prometheus().port)) << Prometheus().log();
  const auto stability = [] {
    const auto body =
        Get(Prometheus(),
            "/api/v1/query?query=" + Encoded("gtest_webhook_build_stable{report=\"e2e/build\"}"));
    const auto answer = Json::parse(body, nullptr, false);
    if (!answer.is_object() || answer["data"]["result"].empty()) return std::string();
    return answer["data"]["result"][0]["value"][1].get<std::string>();
  };
  const auto wait_for = [&stability](const std::string& wanted) {
    for (int i = 0; i < 300 && stability() != wanted; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return stability();
  };
  // Twice, each iteration of one test passing and the other failing: an unstable test.
  Push(OUTCOMES_FIXTURE, "e2e/build", {{"GTEST_REPEAT", "2"}});
  Push(OUTCOMES_FIXTURE, "e2e/build", {{"GTEST_REPEAT", "2"}});
  EXPECT_EQ(wait_for("0"), "0") << Prometheus().log();
  ExpectEveryPanelHasData();
  Push(MANY_FIXTURE, "e2e/build");
  EXPECT_EQ(wait_for("1"), "1") << Prometheus().log();
}

// The HTML pages (GTEST_WEBHOOK_HTML) of real runs, made once and opened in one browser: what
// Chromium saw of each, by page.
class Pages : public ::testing::Test {
 protected:
  static constexpr const char* kHostile =
      "Pages <script>alert(1)</script><img src=\"http://127.0.0.1:9/x\"> & \"quotes\"";

  static void SetUpTestSuite() {
    if (!Installed("/usr/bin/chromium") || ::access(NODE_PEERS "/puppeteer-core", R_OK) != 0) {
      return;
    }
    dir_ = new TempDir;
    std::ofstream(dir_->File("CODEOWNERS")) << "/tests/fixtures/ @qa-team @org/core\n";
    const Env github{
        {"GITHUB_ACTIONS", "true"},        {"GITHUB_SERVER_URL", "https://github.example"},
        {"GITHUB_REPOSITORY", "org/repo"}, {"GITHUB_SHA", "0123abcd"},
        {"GITHUB_WORKSPACE", SOURCE_ROOT}, {"GTEST_WEBHOOK_CODEOWNERS", dir_->File("CODEOWNERS")}};
    // Three runs of one name: the chart has three.
    for (int run = 0; run < 3; ++run) MakePage(OUTCOMES_FIXTURE, "outcomes", kHostile, github);
    MakePage(MANY_FIXTURE, "big", "big",
             {{"MANY_TESTS", "20000"}, {"MANY_FAILURES", "2000"}, {"MANY_MESSAGE_BYTES", "200"}});
    MakePage(MANY_FIXTURE, "green", "green", {});
    // Four runs of one name whose tests fail every other run, the third in quarantine.
    std::ofstream(dir_->File("quarantine")) << "Range/Many.Works/2\n";
    for (int run = 0; run < 4; ++run) {
      MakePage(MANY_FIXTURE, "stability", "stability",
               {{"MANY_TESTS", "3"},
                {"MANY_FAILURES", run % 2 == 0 ? "0" : "3"},
                {"GTEST_WEBHOOK_QUARANTINE", dir_->File("quarantine")}});
    }
    std::vector<std::string> args = {NODE_CHECK, "pages", dir_->File("seen.json")};
    for (const char* page : {"outcomes", "big", "green", "stability"})
      args.push_back(dir_->File(page) + ".html");
    const auto node = RunProcess(
        "/usr/bin/env",
        [&] {
          std::vector<std::string> all = {"NODE_PATH=" NODE_PEERS, "node"};
          all.insert(all.end(), args.begin(), args.end());
          return all;
        }(),
        {}, std::chrono::minutes(5));
    ASSERT_EQ(node.exit_code, 0) << node.err;
    for (const auto& page : Json::parse(ReadFile(dir_->File("seen.json")))) {
      const auto file = page["file"].get<std::string>();
      (*seen_)[file.substr(file.rfind('/') + 1)] = page;
    }
  }

  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (dir_ == nullptr)
      GTEST_WEBHOOK_PEER_MISSING("apt-get install chromium; scripts/npm-peers.sh");
  }

  static void MakePage(const char* fixture, const std::string& page, const std::string& name,
                       Env env) {
    env["GTEST_WEBHOOK_HTML"] = dir_->File(page) + ".html";
    env["XDG_CACHE_HOME"] = dir_->File("cache");  // a history of this suite's runs alone
    env["GTEST_WEBHOOK_NAME"] = name;
    const auto run = RunProcess(fixture, {}, env);
    EXPECT_EQ(run.err.find("GTEST_WEBHOOK_HTML"), std::string::npos) << run.err;
  }

  // What the browser saw of `page`; every page loaded with nothing else asked for.
  static const Json& Seen(const std::string& page) {
    const auto& seen = (*seen_)[page + ".html"];
    EXPECT_EQ(seen["console"], Json::array()) << page;
    EXPECT_EQ(seen["errors"], Json::array()) << page;
    EXPECT_EQ(seen["requests"], Json::array()) << page;
    EXPECT_EQ(seen["scripts"], 0) << page;
    EXPECT_EQ(seen["images"], 0) << page;
    // Rendered: a screenshot with ink, a phone-sized window without a sideways scroll, and a
    // PDF of the printed page whose blocks of text are not cut to a scroll box.
    EXPECT_GT(seen["ink"].get<int>(), 5000) << page;
    EXPECT_LE(seen["phoneOverflow"].get<int>(), 0) << page;
    EXPECT_EQ(seen["printMaxHeight"], "none") << page;
    EXPECT_GT(seen["pdfBytes"].get<int>(), 5000) << page;
    return seen;
  }

  static TempDir* dir_;
  static std::map<std::string, Json>* seen_;
};

TempDir* Pages::dir_ = nullptr;
std::map<std::string, Json>* Pages::seen_ = new std::map<std::string, Json>;

bool Contains(const Json& texts, const std::string& wanted) {
  for (const auto& text : texts) {
    if (text.get<std::string>().find(wanted) != std::string::npos) return true;
  }
  return false;
}

// The page of a red build: the name shown as text (no tag of it made), the verdict, the counts,
// a chart of three runs, each failure with its message, output, link to the line and owners.
TEST_F(Pages, ShowsARedBuildsFailuresWhyAndWhoOwnsThem) {
  const auto& seen = Seen("outcomes");
  EXPECT_EQ(seen["h1"], Json::array({kHostile}));
  EXPECT_EQ(seen["verdict"], Json::array({"unstable"}));
  EXPECT_TRUE(Contains(seen["counts"], "7failures")) << seen["counts"];
  EXPECT_TRUE(Contains(seen["counts"], "6errors")) << seen["counts"];
  EXPECT_EQ(seen["bars"], 3);
  EXPECT_TRUE(Contains(seen["barTitles"], "unstable \u00b7 13 failures of 27 tests"))
      << seen["barTitles"];
  EXPECT_EQ(seen["failures"], 13);
  EXPECT_TRUE(Contains(seen["paragraphs"], "The last run was unstable: 13 still failing"));
  const auto first = seen["failureText"][0].get<std::string>();
  EXPECT_EQ(first.rfind("Basic.FailsTwice", 0), 0U) << first;
  EXPECT_NE(first.find("tests/fixtures/outcomes.cpp:44"), std::string::npos) << first;
  EXPECT_NE(first.find("owners: @qa-team @org/core"), std::string::npos) << first;
  EXPECT_NE(first.find("Expected equality of these values"), std::string::npos) << first;
  EXPECT_NE(first.find("Output"), std::string::npos) << first;
  EXPECT_TRUE(Contains(seen["links"],
                       "https://github.example/org/repo/blob/0123abcd/tests/fixtures/"
                       "outcomes.cpp#L44"))
      << seen["links"];
  EXPECT_TRUE(Contains(seen["failureText"], "bell\\x07 tab")) << "control characters shown";
  EXPECT_EQ(seen["slowest"].size(), 10U);
}

// The page of a name whose tests failed every other run (SPEC §19): a strip of the last outcomes
// of each failing and unstable test, and the failure in quarantine apart from the real ones.
TEST_F(Pages, DrawsTheLastOutcomesOfFailingAndUnstableTests) {
  const auto& seen = Seen("stability");
  ASSERT_EQ(seen["strips"].size(), 3U) << seen["strips"];
  const Json alternating = {"ok", "bad", "ok", "bad"};
  for (int i = 0; i < 3; ++i) {
    const auto& strip = seen["strips"][i];
    EXPECT_EQ(strip["test"], "Range/Many.Works/" + std::to_string(i)) << strip;
    EXPECT_EQ(strip["outcomes"], alternating) << strip;
    EXPECT_GT(strip["width"].get<double>(), 20) << "drawn, not collapsed";
  }
  EXPECT_EQ(seen["failures"], 2) << "the failure in quarantine is no failure";
  EXPECT_TRUE(Contains(seen["counts"], "1quarantined")) << seen["counts"];
  EXPECT_TRUE(Contains(seen["listItems"], "Range/Many.Works/2")) << seen["listItems"];
  EXPECT_EQ(seen["bars"], 4);
}

// 20,000 tests and 2,000 failures: 100 failures shown whole, the rest counted, and a page of a
// size a browser opens at once.
TEST_F(Pages, CapsABigReportsFailures) {
  const auto& seen = Seen("big");
  EXPECT_EQ(seen["failures"], 100);
  EXPECT_TRUE(Contains(seen["paragraphs"], "and 1900 more failures")) << seen["paragraphs"];
  EXPECT_TRUE(Contains(seen["counts"], "20000tests"));
  const auto bytes = ReadFile(dir_->File("big.html")).size();
  EXPECT_LT(bytes, 1U << 20U);
  ::testing::Test::RecordProperty("big_page_bytes", std::to_string(bytes));
  ::testing::Test::RecordProperty("big_page_load_ms", seen["loadMs"].dump());
}

// A green build: stable, a chart of its one run, no failures section.
TEST_F(Pages, ShowsAGreenBuild) {
  const auto& seen = Seen("green");
  EXPECT_EQ(seen["verdict"], Json::array({"stable"}));
  EXPECT_EQ(seen["failures"], 0);
  EXPECT_EQ(seen["bars"], 1);
  EXPECT_TRUE(Contains(seen["barTitles"], "stable \u00b7 0 failures of 100 tests"));
}

}  // namespace
}  // namespace gtest_webhook::testing
