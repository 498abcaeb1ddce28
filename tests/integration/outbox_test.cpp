// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Nothing lost (SPEC §13), with real test binaries, the real command and real receivers: a
// report the receiver never got waits in the outbox and arrives, once, with the id it first had.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "gtest_webhook/signing.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using Json = nlohmann::json;
using Env = std::map<std::string, std::string>;
namespace fs = std::filesystem;

// The environment of a run that reports to `url`, keeping state in `state`.
Env Reporting(const std::string& url, const TempDir& state, const std::string& name) {
  return {{"GTEST_WEBHOOK_URL", url},     {"GTEST_WEBHOOK_STATE_DIR", state.path()},
          {"GTEST_WEBHOOK_NAME", name},   {"GTEST_WEBHOOK_SECRET", "outbox-secret"},
          {"GTEST_WEBHOOK_RETRIES", "0"}, {"GTEST_WEBHOOK_LOG", state.File("deliveries.jsonl")}};
}

ProcessResult RunTests(const Env& env) {
  return RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, env);
}

ProcessResult Flush(const Env& env) { return RunProcess(CLI, {"flush"}, env); }

// The files of the outbox's waiting reports.
std::vector<std::string> WaitingFiles(const TempDir& state) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(state.File("outbox"), error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".report") files.push_back(it->path().string());
  }
  return files;
}

// The delivery records written so far, in order.
std::vector<Json> Records(const TempDir& state) {
  std::vector<Json> records;
  std::ifstream in(state.File("deliveries.jsonl"));
  for (std::string line; std::getline(in, line);) records.push_back(Json::parse(line));
  return records;
}

std::string NameOf(const ReceivedRequest& request) {
  const auto payload = Json::parse(request.body, nullptr, false);
  return payload.is_object() ? payload.value("name", "") : "";
}

void ExpectSignedNow(const ReceivedRequest& request) {
  const auto timestamp = std::stoll(request.Header("webhook-timestamp"));
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_LE(std::llabs(now - timestamp), 5);
  EXPECT_EQ(request.Header("webhook-signature"),
            StandardWebhooksSignature("outbox-secret", request.Header("webhook-id"), timestamp,
                                      request.body));
}

TEST(Outbox, ReceiverDownForOneRunThenUpDeliversBothOldestFirstWithTheFirstId) {
  TempDir state;
  const int port = FreePort();
  const auto url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  const auto down = RunTests(Reporting(url, state, "first"));
  EXPECT_EQ(down.exit_code, 0);
  EXPECT_NE(down.err.find("could not connect"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("kept in the outbox"), std::string::npos) << down.err;
  ASSERT_EQ(WaitingFiles(state).size(), 1U);
  const auto first_id = Records(state).at(0)["id"].get<std::string>();

  Receiver receiver(port);
  ASSERT_EQ(receiver.port(), port);
  const auto up = RunTests(Reporting(url, state, "second"));
  EXPECT_EQ(up.exit_code, 0);
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 2U) << up.err;
  EXPECT_EQ(NameOf(requests[0]), "first");
  EXPECT_EQ(requests[0].Header("webhook-id"), first_id);
  EXPECT_EQ(NameOf(requests[1]), "second");
  EXPECT_NE(requests[1].Header("webhook-id"), first_id);
  for (const auto& request : requests) ExpectSignedNow(request);
  EXPECT_NE(up.err.find("delivered the waiting report " + first_id), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("(1 earlier dispatch)"), std::string::npos) << up.err;
  EXPECT_TRUE(WaitingFiles(state).empty());
  // The records: the waiting report's keeps its id, creation time and event.
  const auto records = Records(state);
  ASSERT_EQ(records.size(), 3U);
  EXPECT_EQ(records[1]["id"], first_id);
  EXPECT_EQ(records[1]["status"], "SUCCEEDED");
  EXPECT_EQ(records[1]["createdAt"], records[0]["createdAt"]);
  EXPECT_EQ(records[1]["eventType"], records[0]["eventType"]);
  EXPECT_EQ(records[1]["earlierDispatches"], 1);
  EXPECT_EQ(records[2]["status"], "SUCCEEDED");
}

TEST(Outbox, FlushFailsWhileTheReceiverIsDownAndEmptiesTheOutboxOnceItIsUp) {
  TempDir state;
  const int port = FreePort();
  const auto env = Reporting("http://127.0.0.1:" + std::to_string(port) + "/hook", state, "one");
  RunTests(env);
  const auto first_id = Records(state).at(0)["id"].get<std::string>();

  const auto still_down = Flush(env);
  EXPECT_EQ(still_down.exit_code, 1) << still_down.err;
  EXPECT_NE(still_down.err.find("1 report still waits for http://127.0.0.1:"), std::string::npos)
      << still_down.err;
  const auto failed = Json::parse(still_down.out);
  EXPECT_EQ(failed["id"], first_id);
  EXPECT_EQ(failed["status"], "FAILED");
  EXPECT_EQ(WaitingFiles(state).size(), 1U);

  Receiver receiver(port);
  const auto up = Flush(env);
  EXPECT_EQ(up.exit_code, 0) << up.err;
  const auto delivered = Json::parse(up.out);
  EXPECT_EQ(delivered["id"], first_id);
  EXPECT_EQ(delivered["status"], "SUCCEEDED");
  EXPECT_EQ(delivered["earlierDispatches"], 2);  // the run's, then the first flush's
  EXPECT_EQ(delivered["createdAt"], failed["createdAt"]);
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(receiver.Requests()[0].Header("webhook-id"), first_id);
  EXPECT_TRUE(WaitingFiles(state).empty());

  const auto empty = Flush(env);
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_EQ(empty.out, "");
  EXPECT_NE(empty.err.find("the outbox is empty"), std::string::npos) << empty.err;
  EXPECT_EQ(receiver.Requests().size(), 1U);
}

TEST(Outbox, IsBoundedAndDropsTheOldestWithAMessage) {
  TempDir state;
  const auto env =
      Reporting("http://127.0.0.1:" + std::to_string(FreePort()) + "/hook", state, "b");
  for (int run = 0; run < 50; ++run) RunTests(env);
  ASSERT_EQ(WaitingFiles(state).size(), 50U);
  const auto oldest = Records(state).at(0)["id"].get<std::string>();
  const auto full = RunTests(env);
  EXPECT_EQ(WaitingFiles(state).size(), 50U);
  EXPECT_NE(full.err.find("is full (at most 50 reports, 64.0 MiB): dropped the oldest waiting "
                          "report " +
                          oldest),
            std::string::npos)
      << full.err;
  for (const auto& file : WaitingFiles(state)) {
    EXPECT_EQ(file.find(oldest), std::string::npos) << file;
  }
}

TEST(Outbox, AReportTheReceiverRefusesIsNotKept) {
  TempDir state;
  Receiver receiver;
  receiver.Script([](const ReceivedRequest&, std::size_t number) {
    return Answer{number == 1 ? 400 : 200, number == 1 ? "bad payload" : "ok"};
  });
  const auto env = Reporting(receiver.Url(), state, "refused");
  const auto refused = RunTests(env);
  EXPECT_NE(refused.err.find(": HTTP 400 (1 attempt"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("outbox"), std::string::npos) << refused.err;
  EXPECT_TRUE(WaitingFiles(state).empty());
  RunTests(env);
  EXPECT_EQ(receiver.Requests().size(), 2U);  // the refused report is not sent again
  EXPECT_EQ(Flush(env).exit_code, 0);
  EXPECT_EQ(receiver.Requests().size(), 2U);
}

TEST(Outbox, EightConcurrentRunsAndAFlushSendEachWaitingReportOnce) {
  TempDir state;
  const int port = FreePort();
  const auto url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  for (int run = 0; run < 4; ++run) RunTests(Reporting(url, state, "waiting"));
  ASSERT_EQ(WaitingFiles(state).size(), 4U);
  std::set<std::string> waiting_ids;
  for (const auto& record : Records(state)) waiting_ids.insert(record["id"].get<std::string>());
  ASSERT_EQ(waiting_ids.size(), 4U);

  Receiver receiver(port);
  receiver.Script([](const ReceivedRequest&, std::size_t) {
    return Answer{200, "ok", std::chrono::milliseconds(50)};  // overlap the runs
  });
  std::vector<std::future<ProcessResult>> runs;
  for (int run = 0; run < 8; ++run) {
    runs.push_back(std::async(std::launch::async,
                              [&] { return RunTests(Reporting(url, state, "concurrent")); }));
  }
  runs.push_back(std::async(std::launch::async, [&] { return Flush(Reporting(url, state, "")); }));
  for (auto& run : runs) EXPECT_EQ(run.get().exit_code, 0);

  std::map<std::string, int> seen;
  for (const auto& request : receiver.Requests()) ++seen[request.Header("webhook-id")];
  EXPECT_EQ(seen.size(), 12U);  // 4 waiting + 8 runs, each id once
  for (const auto& id : waiting_ids) EXPECT_EQ(seen[id], 1) << id;
  for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
  EXPECT_TRUE(WaitingFiles(state).empty());
}

TEST(Outbox, HoldsNoSecretAndNoUrl) {
  TempDir state;
  const int port = FreePort();
  const std::string token = "PATHTOKEN7q2";
  auto env = Reporting("http://hookuser:URLPASS9x@127.0.0.1:" + std::to_string(port) + "/hook/" +
                           token + "?sig=QUERYSECRET4k",
                       state, "secrets");
  env["GTEST_WEBHOOK_SECRET"] = "SECRETKEY3z";
  env["GTEST_WEBHOOK_USERNAME"] = "BASICUSER5w";
  env["GTEST_WEBHOOK_PASSWORD"] = "BASICPASS8v";
  env["GTEST_WEBHOOK_HEADERS"] = R"({"X-Api-Key":"HEADERKEY6m"})";
  env.erase("GTEST_WEBHOOK_LOG");
  RunTests(env);
  RunTests(env);
  const auto files = WaitingFiles(state);
  ASSERT_EQ(files.size(), 2U);
  std::string everything;
  for (fs::recursive_directory_iterator it(state.path()), end; it != end; ++it) {
    if (it->is_regular_file()) everything += ReadFile(it->path().string()) + "\n";
    everything += it->path().string() + "\n";
  }
  for (const std::string& planted :
       {std::string("SECRETKEY3z"), std::string("BASICUSER5w"), std::string("BASICPASS8v"),
        std::string("HEADERKEY6m"), token, std::string("QUERYSECRET4k"), std::string("URLPASS9x"),
        std::string("hookuser"), "127.0.0.1:" + std::to_string(port),
        BasicAuthorization("BASICUSER5w", "BASICPASS8v")}) {
    EXPECT_EQ(everything.find(planted), std::string::npos) << planted;
  }
  // Each file still holds the payload, whole.
  const auto text = ReadFile(files[0]);
  EXPECT_NE(text.find("\"name\":\"secrets\""), std::string::npos);
}

TEST(Outbox, ACorruptFileIsMovedAsideWithAWarningAndBlocksNothing) {
  TempDir state;
  Receiver receiver;
  receiver.Script(
      [](const ReceivedRequest&, std::size_t number) { return Answer{number == 1 ? 503 : 200}; });
  const auto env = Reporting(receiver.Url(), state, "corrupt");
  RunTests(env);
  const auto kept = WaitingFiles(state);
  ASSERT_EQ(kept.size(), 1U);
  std::ofstream(kept[0], std::ios::trunc) << "gtest-webhook outbox 1\n{\"id\":";  // damaged

  const auto run = RunTests(env);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.err.find("the outbox file '" + kept[0] + "' is not a waiting report"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(fs::exists(kept[0] + ".corrupt"));
  EXPECT_TRUE(WaitingFiles(state).empty());
  ASSERT_EQ(receiver.Requests().size(), 2U);  // this run's report went out all the same
  EXPECT_EQ(NameOf(receiver.Requests()[1]), "corrupt");
}

}  // namespace
}  // namespace gtest_webhook::testing
