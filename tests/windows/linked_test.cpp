// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A binary linked with gtest_webhook::auto, run on Windows (under Wine here) as CI runs it:
// a child process with real environment variables, reporting to a receiver on 127.0.0.1.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "platform/files.h"
#include "platform/process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using Variables = std::vector<std::pair<std::string, std::string>>;

// Runs the fixture with `variables` to its end; its exit code.
int RunFixture(const Variables& variables) {
  std::string why;
  const auto child = platform::ChildProcess::Start({LINKED_FIXTURE}, variables, why);
  EXPECT_NE(child, nullptr) << why;
  if (!child) return -1;
  for (int i = 0; i < 6000; ++i) {
    if (const auto ending = child->Poll()) return ending->ShellCode();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "the fixture did not end";
  return -1;
}

TEST(WindowsLinked, EveryTestIsReportedAndTheExitCodeIsTheBinarysOwn) {
  Receiver receiver;
  std::string why;
  const auto state = platform::TempDirectory::Create("gtest-webhook-state-", why);
  ASSERT_NE(state, nullptr) << why;
  EXPECT_EQ(RunFixture({{"GTEST_WEBHOOK_URL", receiver.Url()},
                        {"GTEST_WEBHOOK_STATE_DIR", state->path()}}),
            1);
  ASSERT_EQ(receiver.Requests().size(), 1U);
  const auto payload = json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["tests"], 2);
  EXPECT_EQ(payload["failures"], 1);
  EXPECT_EQ(payload["buildStable"], false);
  for (const auto& entry : payload["testCase"]) {
    EXPECT_EQ(entry["binary"], "windows_linked_fixture");
    if (entry["name"] == "Fails") {
      EXPECT_EQ(entry["error"]["type"], "failure");
      EXPECT_NE(entry["error"]["message"].get<std::string>().find("as it should"),
                std::string::npos)
          << entry;
    }
  }
}

// The state directory by default (%LOCALAPPDATA%), its lock and its change state: the same
// result twice is sent once.
TEST(WindowsLinked, WhenChangesSendsTheSameResultOnce) {
  Receiver receiver;
  const Variables variables = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                               {"GTEST_WEBHOOK_WHEN", "changes"},
                               {"GTEST_WEBHOOK_NAME", "windows-changes-" + receiver.Url()}};
  EXPECT_EQ(RunFixture(variables), 1);
  EXPECT_EQ(RunFixture(variables), 1);
  EXPECT_EQ(receiver.Requests().size(), 1U);
}

}  // namespace
}  // namespace gtest_webhook::testing
