// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Our requests against real third-party receivers: nginx's auth_basic wall and the HMAC rule
// of Debian's `webhook` server. These peers are installed by scripts/install-deps.sh; a machine
// without them skips these tests and says so.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "nginx.h"
#include "peer.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using Env = std::map<std::string, std::string>;

bool Installed(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

ProcessResult RunPassing(const Env& env) {
  return RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, env);
}

TEST(RealPeers, BasicAuthPassesNginxAuthWall) {
  if (!Installed("/usr/sbin/nginx") || !Installed("/usr/bin/htpasswd")) {
    GTEST_WEBHOOK_PEER_MISSING(
        "nginx and htpasswd are not installed (apt-get install nginx apache2-utils)");
  }
  TempDir dir;
  Receiver backend;
  const auto made = Shell("htpasswd -b -c '" + dir.File("htpasswd") + "' ci 's3cr3t pass'");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ::chmod(dir.File("htpasswd").c_str(), 0644);
  const Nginx nginx(
      dir, "      auth_basic \"ci\";\n      auth_basic_user_file " + dir.File("htpasswd") +
               ";\n      proxy_pass http://127.0.0.1:" + std::to_string(backend.port()) + ";");
  ASSERT_TRUE(nginx.ready()) << nginx.log();
  const auto url = nginx.Url();

  const auto wrong = RunPassing({{"GTEST_WEBHOOK_URL", url},
                                 {"GTEST_WEBHOOK_USERNAME", "ci"},
                                 {"GTEST_WEBHOOK_PASSWORD", "wrong"}});
  EXPECT_NE(wrong.err.find("failed to deliver to " + url + ": HTTP 401 (1 attempt"),
            std::string::npos)
      << wrong.err;
  const auto none = RunPassing({{"GTEST_WEBHOOK_URL", url}});
  EXPECT_NE(none.err.find("HTTP 401"), std::string::npos) << none.err;
  EXPECT_TRUE(backend.Requests().empty());

  const auto right = RunPassing({{"GTEST_WEBHOOK_URL", url},
                                 {"GTEST_WEBHOOK_USERNAME", "ci"},
                                 {"GTEST_WEBHOOK_PASSWORD", "s3cr3t pass"}});
  EXPECT_NE(right.err.find("gtest-webhook: delivered to " + url), std::string::npos) << right.err;
  ASSERT_EQ(backend.Requests().size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(backend.Requests()[0].body)["tests"], 1);
}

TEST(RealPeers, DebianWebhookServerChecksOurSignature) {
  if (!Installed("/usr/bin/webhook")) {
    GTEST_WEBHOOK_PEER_MISSING(
        "Debian's webhook server is not installed (apt-get install webhook)");
  }
  TempDir dir;
  // The hook runs only when the Signature header is the HMAC-SHA256 of the body under the key.
  const auto hooks = nlohmann::json::array({{
      {"id", "gtest"},
      {"execute-command", "/bin/true"},
      {"response-message", "signature verified"},
      {"trigger-rule-mismatch-http-response-code", 403},
      {"trigger-rule",
       {{"match",
         {{"type", "payload-hmac-sha256"},
          {"secret", "the-right-key"},
          {"parameter", {{"source", "header"}, {"name", "Signature"}}}}}}},
  }});
  std::ofstream(dir.File("hooks.json")) << hooks.dump(2);
  const int port = FreePort();
  BackgroundProcess server("/usr/bin/webhook",
                           {"-hooks", dir.File("hooks.json"), "-ip", "127.0.0.1", "-port",
                            std::to_string(port), "-verbose"},
                           dir.File("webhook.log"));
  ASSERT_TRUE(WaitForPort(port)) << ReadFile(dir.File("webhook.log"));
  const auto url = "http://127.0.0.1:" + std::to_string(port) + "/hooks/gtest";

  const auto good =
      RunPassing({{"GTEST_WEBHOOK_URL", url}, {"GTEST_WEBHOOK_SECRET", "the-right-key"}});
  EXPECT_NE(good.err.find("gtest-webhook: delivered to http://127.0.0.1:" + std::to_string(port) +
                          "/hooks/*** (HTTP 200"),
            std::string::npos)
      << good.err << ReadFile(dir.File("webhook.log"));
  EXPECT_EQ(ReadFile(dir.File("webhook.log")).find("invalid payload signature"), std::string::npos);
  // webhook 2.8 answers a signature mismatch with 500 ("Error occurred while evaluating hook
  // rules"), which our policy treats as transient: the attempts fail and the run goes on.
  const auto bad = RunPassing({{"GTEST_WEBHOOK_URL", url},
                               {"GTEST_WEBHOOK_SECRET", "a wrong key"},
                               {"GTEST_WEBHOOK_RETRIES", "1"}});
  EXPECT_NE(bad.err.find("/hooks/***: HTTP 500; kept in the outbox"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("(2 attempts"), std::string::npos) << bad.err;
  EXPECT_NE(ReadFile(dir.File("webhook.log")).find("invalid payload signature"), std::string::npos)
      << ReadFile(dir.File("webhook.log"));
  EXPECT_EQ(good.exit_code, 0);
  EXPECT_EQ(bad.exit_code, 0);
}

}  // namespace
}  // namespace gtest_webhook::testing
