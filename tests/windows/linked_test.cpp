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

// After the receiver, whose cpp-httplib includes winsock2.h first, as it must be.
#include <windows.h>

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using Variables = std::vector<std::pair<std::string, std::string>>;

// The fixture's tests that do not crash.
const std::pair<std::string, std::string> kNoCrash = {"GTEST_FILTER", "-Windows.C*"};

// An entry's `output`; empty when it has none (null).
std::string Output(const json& entry) {
  const auto output = entry.find("output");
  return output == entry.end() || !output->is_string() ? "" : output->get<std::string>();
}

// Runs `argv` (the fixture by default) with `variables` to its end; its exit code.
int RunFixture(const Variables& variables,
               const std::vector<std::string>& argv = {LINKED_FIXTURE}) {
  std::string why;
  const auto child = platform::ChildProcess::Start(argv, variables, why);
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
                        {"GTEST_WEBHOOK_STATE_DIR", state->path()},
                        kNoCrash}),
            1);
  ASSERT_EQ(receiver.Requests().size(), 1U);
  const auto payload = json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["tests"], 3);  // and one report: the death test's child sends none
  EXPECT_EQ(payload["failures"], 1);
  EXPECT_EQ(payload["buildStable"], false);
  for (const auto& entry : payload["testCase"]) {
    EXPECT_EQ(entry["binary"], "windows_linked_fixture");
    if (entry["name"] == "Fails") {
      EXPECT_EQ(entry["error"]["type"], "failure");
      EXPECT_NE(entry["error"]["message"].get<std::string>().find("as it should"),
                std::string::npos)
          << entry;
      // What it wrote, captured (docs/platforms.md): both streams, and not the test before.
      const auto output = Output(entry);
      EXPECT_NE(output.find("printed by Fails"), std::string::npos) << entry;
      EXPECT_NE(output.find("and on stderr"), std::string::npos) << entry;
      EXPECT_EQ(output.find("printed by Passes"), std::string::npos) << entry;
    }
  }
}

// The state directory by default (%LOCALAPPDATA%), its lock and its change state: the same
// result twice is sent once.
TEST(WindowsLinked, WhenChangesSendsTheSameResultOnce) {
  Receiver receiver;
  const Variables variables = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                               {"GTEST_WEBHOOK_WHEN", "changes"},
                               {"GTEST_WEBHOOK_NAME", "windows-changes-" + receiver.Url()},
                               kNoCrash};
  EXPECT_EQ(RunFixture(variables), 1);
  EXPECT_EQ(RunFixture(variables), 1);
  EXPECT_EQ(receiver.Requests().size(), 1U);
}

// `gtest-webhook run` over the same tests, linked and plain: the same report. GoogleTest streams
// nothing on Windows, so the plain binary's tests come from its GTEST_OUTPUT file and their
// output from the run's own capture.
TEST(WindowsLinked, RunReportsTheSameTestsOfALinkedAndAPlainBinary) {
  for (const char* fixture : {LINKED_FIXTURE, PLAIN_FIXTURE}) {
    Receiver receiver;
    EXPECT_EQ(RunFixture({{"GTEST_WEBHOOK_URL", receiver.Url()}, kNoCrash},
                         {GTEST_WEBHOOK_COMMAND, "run", "--", fixture}),
              1)
        << fixture;
    ASSERT_EQ(receiver.Requests().size(), 1U) << fixture;
    const auto payload = json::parse(receiver.Requests()[0].body);
    EXPECT_EQ(payload["tests"], 3) << fixture;
    EXPECT_EQ(payload["failures"], 1) << fixture;
    bool found = false;
    for (const auto& entry : payload["testCase"]) {
      if (entry["className"] != "Windows" || entry["name"] != "Fails") continue;
      found = true;
      EXPECT_NE(entry["error"]["message"].get<std::string>().find("as it should"),
                std::string::npos)
          << entry;
      EXPECT_NE(Output(entry).find("printed by Fails"), std::string::npos) << entry;
    }
    EXPECT_TRUE(found) << payload.dump(2);
  }
}

// `gtest-webhook run` over a linked binary whose test crashes: the test is reported as an error
// with what it wrote before, which the copier of its output read after the process was gone.
TEST(WindowsLinked, RunReportsACrashedTestWithItsLastWords) {
  Receiver receiver;
  std::string why;
  const auto state = platform::TempDirectory::Create("gtest-webhook-state-", why);
  ASSERT_NE(state, nullptr) << why;
  EXPECT_NE(RunFixture({{"GTEST_WEBHOOK_URL", receiver.Url()},
                        {"GTEST_WEBHOOK_STATE_DIR", state->path()},
                        {"GTEST_FILTER", "Windows.Crashes"}},
                       {GTEST_WEBHOOK_COMMAND, "run", "--", LINKED_FIXTURE}),
            0);
  ASSERT_EQ(receiver.Requests().size(), 1U);
  const auto payload = json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["buildStable"], false);
  bool found = false;
  for (const auto& entry : payload["testCase"]) {
    if (entry["name"] != "Crashes") continue;
    found = true;
    EXPECT_EQ(entry["error"]["type"], "error") << entry;
    EXPECT_NE(Output(entry).find("last words before the crash"), std::string::npos) << entry;
  }
  EXPECT_TRUE(found) << payload.dump(2);
}

// Collect files of two linked processes, sent as one report by `gtest-webhook.exe send`, with
// what the failed test wrote.
TEST(WindowsLinked, CollectThenSendGivesOneReport) {
  Receiver receiver;
  std::string why;
  const auto collect = platform::TempDirectory::Create("gtest-webhook-collect-", why);
  ASSERT_NE(collect, nullptr) << why;
  EXPECT_EQ(RunFixture({{"GTEST_WEBHOOK_COLLECT_DIR", collect->path()},
                        {"GTEST_FILTER", "Windows.Passes"}}),
            0);
  EXPECT_EQ(RunFixture({{"GTEST_WEBHOOK_COLLECT_DIR", collect->path()},
                        {"GTEST_FILTER", "Windows.Fails"}}),
            1);
  EXPECT_EQ(receiver.Requests().size(), 0U);  // collecting sends nothing
  EXPECT_EQ(RunFixture({{"GTEST_WEBHOOK_URL", receiver.Url()}},
                       {GTEST_WEBHOOK_COMMAND, "send", collect->path()}),
            0);
  ASSERT_EQ(receiver.Requests().size(), 1U);
  const auto payload = json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["tests"], 2);
  EXPECT_EQ(payload["failures"], 1);
  for (const auto& entry : payload["testCase"]) {
    if (entry["name"] != "Fails") continue;
    EXPECT_NE(Output(entry).find("printed by Fails"), std::string::npos) << entry;
  }
}

// A report that could not be delivered waits in the outbox of the state directory, and
// `gtest-webhook.exe flush` sends it once the receiver is back.
TEST(WindowsLinked, TheOutboxKeepsAReportUntilFlushSendsIt) {
  int port = 0;
  {
    const Receiver gone;
    port = gone.port();
  }
  std::string why;
  const auto state = platform::TempDirectory::Create("gtest-webhook-state-", why);
  ASSERT_NE(state, nullptr) << why;
  const Variables variables = {
      {"GTEST_WEBHOOK_URL", "http://127.0.0.1:" + std::to_string(port) + "/hook"},
      {"GTEST_WEBHOOK_STATE_DIR", state->path()},
      {"GTEST_WEBHOOK_DEADLINE", "3"}};
  Variables run = variables;
  run.push_back(kNoCrash);
  EXPECT_EQ(RunFixture(run), 1);  // the binary's own exit code, whatever the delivery
  Receiver back(port);
  EXPECT_EQ(RunFixture(variables, {GTEST_WEBHOOK_COMMAND, "flush"}), 0);
  ASSERT_EQ(back.Requests().size(), 1U);
  EXPECT_EQ(json::parse(back.Requests()[0].body)["tests"], 3);
  EXPECT_EQ(RunFixture(variables, {GTEST_WEBHOOK_COMMAND, "flush"}), 0);  // nothing waits now
  EXPECT_EQ(back.Requests().size(), 1U);
}

// Runs `command_line` with `variables` set, to its end; what it wrote to stdout and stderr.
std::string RunReading(std::string command_line, const Variables& variables) {
  for (const auto& [name, value] : variables) _putenv_s(name.c_str(), value.c_str());
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  HANDLE read = nullptr;
  HANDLE write = nullptr;
  std::string output;
  if (CreatePipe(&read, &write, &inherit, 0)) {
    SetHandleInformation(read, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOA startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = startup.hStdError = write;
    PROCESS_INFORMATION started{};
    const bool ran = CreateProcessA(nullptr, command_line.data(), nullptr, nullptr, TRUE, 0,
                                    nullptr, nullptr, &startup, &started);
    CloseHandle(write);
    char piece[4096];
    for (DWORD n = 0; ran && ::ReadFile(read, piece, sizeof piece, &n, nullptr) && n > 0;) {
      output.append(piece, n);
    }
    if (ran) {
      WaitForSingleObject(started.hProcess, INFINITE);
      CloseHandle(started.hProcess);
      CloseHandle(started.hThread);
    }
    CloseHandle(read);
  }
  for (const auto& [name, value] : variables) _putenv_s(name.c_str(), "");
  return output;
}

// Wine names no process as the holder of a loopback connection (real Windows does): `run` says
// so once, and takes what reaches its port.
TEST(WindowsLinked, RunSaysWhenTheSystemCannotTellWhoHoldsAConnection) {
  Receiver receiver;
  const auto output =
      RunReading(std::string("\"") + GTEST_WEBHOOK_COMMAND + "\" run -- \"" + LINKED_FIXTURE + "\"",
                 {{"GTEST_WEBHOOK_URL", receiver.Url()},
                  {"GTEST_FILTER", "Windows.ConnectsToTheRunsResultPort"}});
  EXPECT_NE(output.find("[       OK ] Windows.ConnectsToTheRunsResultPort"), std::string::npos)
      << output;
  const std::string said =
      "this system does not say which process holds a connection to the run's result port";
  EXPECT_NE(output.find(said), std::string::npos) << output;
  EXPECT_EQ(output.find(said), output.rfind(said)) << output;
  EXPECT_EQ(receiver.Requests().size(), 1U);
}

}  // namespace
}  // namespace gtest_webhook::testing
