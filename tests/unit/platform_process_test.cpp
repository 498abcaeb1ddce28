// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The contract of platform/process.h and platform/net.h that `gtest-webhook run` relies on, the
// same on every system: a command runs with its arguments and environment as given, its ending
// is told, its tree is stopped, its result connections are taken and their holder named. The
// child processes are this program itself, run again with PLATFORM_TEST_CHILD saying what to
// do. Built into unit_tests on Linux and into windows_platform_tests (run under Wine).

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "platform/files.h"
#include "platform/net.h"
#include "platform/process.h"
#include "platform/signals.h"

#ifdef _WIN32
#include <windows.h>
#endif

namespace gtest_webhook::platform {
namespace {

using namespace std::chrono_literals;

// An argument with what a command line must quote: spaces, quotes, backslashes before a quote
// and at the end, and text beyond ASCII.
const std::string kAwkward = R"(a "quoted" word\" and C:\dir\ é)";

std::string SelfPath() {
#ifdef _WIN32
  wchar_t path[MAX_PATH];
  const DWORD length = GetModuleFileNameW(nullptr, path, MAX_PATH);
  return std::filesystem::path(std::wstring(path, length)).u8string();
#else
  return std::filesystem::read_symlink("/proc/self/exe").string();
#endif
}

// Runs this program again as a child that does `what`.
std::unique_ptr<ChildProcess> Child(const std::string& what,
                                    std::vector<std::pair<std::string, std::string>> env = {},
                                    const std::string& argument = "plain") {
  env.emplace_back("PLATFORM_TEST_CHILD", what);
  std::string why;
  auto child =
      ChildProcess::Start({SelfPath(), "--gtest_filter=PlatformChild.Acts", argument}, env, why);
  EXPECT_NE(child, nullptr) << why;
  return child;
}

Ending EndOf(ChildProcess& child, std::chrono::seconds wait = 30s) {
  const auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    if (const auto ending = child.Poll()) return *ending;
    std::this_thread::sleep_for(5ms);
  }
  ADD_FAILURE() << "the child did not end";
  return Ending::Exited(-1);
}

// The record file of a child that crashes or exits, and its last words in it.
AppendFile* g_record = nullptr;

void RecordSignal(int signal) {
  const char* name = SignalName(signal);
  g_record->AppendReserved("{\"signal\":\"", name != nullptr ? name : "?", "\"}");
}

void RecordTheExit() { g_record->AppendReserved("{\"exit\":true}"); }

void RecordTheLastWords() { g_record->AppendReserved("{\"last\":true}"); }

// Makes g_record in PLATFORM_TEST_DIRECTORY and has it record how this process ends.
void RecordTheEnd() {
  std::string why;
  static const auto directory =
      Directory::Open(*EnvironmentVariable("PLATFORM_TEST_DIRECTORY"), DirectoryUse::kBuild, why);
  static const auto file = AppendFile::Create(*directory, "end.jsonl", "{\"start\":true}", why);
  g_record = file.get();
  RecordFatalSignals(RecordSignal);
  RecordExit(RecordTheExit);
  RecordLastWords(RecordTheLastWords);
}

// What a child does, told by PLATFORM_TEST_CHILD; nothing when it is not one.
TEST(PlatformChild, Acts) {
  const char* what = std::getenv("PLATFORM_TEST_CHILD");
  if (what == nullptr) GTEST_SKIP() << "only as a child of the tests below";
  const std::string act = what;
  if (act == "exit3") std::exit(3);
  if (act == "arguments") {
    const auto own = OwnArguments();
    if (own.empty() || own.back() != kAwkward) std::exit(1);
    std::exit(EnvironmentVariable("PLATFORM_TEST_VALUE") == kAwkward ? 0 : 2);
  }
  if (act == "sleep") std::this_thread::sleep_for(60s);
  if (act == "crash" || act == "exit") RecordTheEnd();
  // An address no process maps, but not null, which UndefinedBehaviorSanitizer would report.
  if (act == "crash") {
    volatile std::uintptr_t address = 16;  // read at run time: no compiler proves it unmapped
    *reinterpret_cast<volatile int*>(address) = 1;
  }
  if (act == "exit") std::exit(5);
  if (act.rfind("send:", 0) == 0) {
    httplib::Client client("127.0.0.1", std::atoi(act.c_str() + 5));
    client.set_read_timeout(1, 0);
    client.Post("/", "hello from the child", "text/plain");
    std::exit(0);
  }
  if (act == "cancel") {
    const CancelSignals signals;
    // Ready: the parent may signal now.
    AppendToFile(std::getenv("PLATFORM_TEST_READY"), "ready");
    WaitReadable({signals.waitable()}, 20s);
    std::exit(signals.count() == 1 && signals.first() == SIGINT ? 42 : 1);
  }
  std::exit(99);
}

TEST(PlatformProcesses, AChildEndsWithItsExitCode) {
  auto child = Child("exit3");
  ASSERT_NE(child, nullptr);
  EXPECT_GT(child->pid(), 0);
  const auto ending = EndOf(*child);
  EXPECT_FALSE(ending.killed());
  EXPECT_EQ(ending.exit_code(), 3);
  EXPECT_EQ(ending.ShellCode(), 3);
  EXPECT_EQ(ending.Cause(), "");
}

TEST(PlatformProcesses, ArgumentsAndEnvironmentArriveAsGiven) {
  auto child = Child("arguments", {{"PLATFORM_TEST_VALUE", kAwkward}}, kAwkward);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(EndOf(*child).exit_code(), 0) << "1: the argument differs; 2: the variable does";
}

TEST(PlatformProcesses, ACommandThatCannotRunExitsWith127AndSaysWhy) {
  std::string why;
  const auto child = ChildProcess::Start({"gtest-webhook-no-such-program"}, {}, why);
  ASSERT_NE(child, nullptr) << why;
  EXPECT_EQ(EndOf(*child).exit_code(), 127);
  EXPECT_NE(child->exec_error().find("cannot run 'gtest-webhook-no-such-program'"),
            std::string::npos)
      << child->exec_error();
}

TEST(PlatformProcesses, TheTreeIsKilledAndTheEndingSaysSo) {
  auto child = Child("sleep");
  ASSERT_NE(child, nullptr);
  EXPECT_TRUE(IsRunning(child->pid()));
  EXPECT_FALSE(child->Poll().has_value());
  child->KillTree();
  const auto ending = EndOf(*child);
  EXPECT_TRUE(ending.killed());
  EXPECT_FALSE(ending.Cause().empty());
  EXPECT_FALSE(IsRunning(child->pid()));
}

TEST(PlatformProcesses, ACancelSignalReachesTheTreeAndWakesItsWaiter) {
#ifdef _WIN32
  if (GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr) {
    // Wine gives its processes no console here, so no console control event can be sent
    // (docs/platforms.md).
    GTEST_SKIP() << "Wine has no console control events without a console";
  }
#endif
  std::string why;
  const auto temp = TempDirectory::Create("gtest-webhook-cancel-", why);
  ASSERT_NE(temp, nullptr) << why;
  const auto ready = temp->path() + "/ready";
  auto child = Child("cancel", {{"PLATFORM_TEST_READY", ready}});
  ASSERT_NE(child, nullptr);
  std::string bytes;
  for (int i = 0; i < 2000 && ReadRegularFile(ready, 10, bytes, why) != ReadOutcome::kRead; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(bytes, "ready");
  child->SignalTree(SIGINT);
  EXPECT_EQ(EndOf(*child).exit_code(), 42) << "the child saw one SIGINT";
}

// How a child that recorded its end ended, and what it recorded.
std::pair<Ending, std::string> Recorded(const std::string& what) {
  std::string why;
  const auto temp = TempDirectory::Create("gtest-webhook-end-", why);
  EXPECT_NE(temp, nullptr) << why;
  // A real fault, not a sanitizer's report of one.
  auto child = Child(what, {{"PLATFORM_TEST_DIRECTORY", temp->path()},
                            {"ASAN_OPTIONS", "handle_segv=0:detect_leaks=0"}});
  const auto ending = EndOf(*child);
  std::string bytes;
  EXPECT_EQ(ReadRegularFile(temp->path() + "/end.jsonl", 1 << 20, bytes, why), ReadOutcome::kRead)
      << why;
  // Space allocated ahead but never written reads as zeros: the process had no time to cut it.
  bytes.erase(bytes.find_last_not_of('\0') + 1);
  return {ending, bytes};
}

TEST(PlatformSignals, ACrashIsRecordedAndEndsTheProcessAsItWould) {
  const auto [ending, recorded] = Recorded("crash");
  EXPECT_TRUE(ending.killed());
#ifdef _WIN32
  EXPECT_EQ(ending.Cause(), "STATUS_ACCESS_VIOLATION");
#else
  EXPECT_EQ(ending.Cause(), "SIGSEGV");
#endif
  // What was appended before, and the last words, are in the file the crash left.
  EXPECT_EQ(recorded, "{\"start\":true}\n{\"signal\":\"SIGSEGV\"}\n{\"last\":true}\n");
}

TEST(PlatformSignals, AnExitIsRecordedAndKeepsItsCode) {
  const auto [ending, recorded] = Recorded("exit");
  EXPECT_FALSE(ending.killed());
  EXPECT_EQ(ending.exit_code(), 5);
  EXPECT_EQ(recorded, "{\"start\":true}\n{\"exit\":true}\n{\"last\":true}\n");
}

TEST(PlatformNet, AConnectionIsAcceptedReadToItsEndAndItsHolderNamed) {
  std::string why;
  const auto server = LoopbackServer::Open(why);
  ASSERT_NE(server, nullptr) << why;
  EXPECT_GT(server->port(), 0);
  EXPECT_FALSE(WaitReadable({server->waitable()}, 10ms)[0]) << "nothing waits yet";
  auto child = Child("send:" + std::to_string(server->port()));
  ASSERT_NE(child, nullptr);
  ASSERT_TRUE(WaitReadable({server->waitable()}, 20s)[0]);
  auto connections = server->Accept(why);
  ASSERT_EQ(connections.size(), 1U) << why;
  auto& connection = *connections[0];
  const auto peer = connection.Identify();
#ifdef _WIN32
  // Wine's TCP table names no owner (docs/platforms.md); Windows names the child.
  if (peer.origin != PeerOrigin::kUnknown)
#endif
  {
    EXPECT_EQ(peer.origin, PeerOrigin::kTree);
    EXPECT_EQ(peer.pid, child->pid());
    EXPECT_EQ(std::filesystem::u8path(peer.executable_path), std::filesystem::u8path(SelfPath()));
  }
  std::string received;
  for (int i = 0; i < 100 && connection.ReadAvailable(received); ++i) {
    WaitReadable({connection.waitable()}, 100ms);
  }
  EXPECT_NE(received.find("hello from the child"), std::string::npos) << received;
  EXPECT_EQ(EndOf(*child).exit_code(), 0);
}

TEST(PlatformNet, OwnEnvironmentNamesAreListed) {
  const auto names = EnvironmentNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "PATH"), names.end());
}

}  // namespace
}  // namespace gtest_webhook::platform
