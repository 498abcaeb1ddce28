// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// GTEST_WEBHOOK_COLLECT_DIR and `gtest-webhook send`: real test binaries linked with the
// library write their results into a directory, however they end, and one report goes out.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "payload_helpers.h"
#include "platform/files.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;
using Env = std::map<std::string, std::string>;
namespace fs = std::filesystem;

std::vector<std::string> FilesIn(const std::string& directory) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class Collect : public ::testing::Test {
 protected:
  // Runs the crash fixture's tests named by `filter`, collecting into the directory, and waits,
  // as ctest or a pipe would, for the copier of their output, which outlives the test process
  // by the moment it takes to write the last tests' output into the collect file.
  ProcessResult RunCrashes(const std::string& filter, Env env = {}) {
    env["GTEST_WEBHOOK_COLLECT_DIR"] = dir_.path();
    // A real signal, not AddressSanitizer's report of one, in sanitizer builds.
    env["ASAN_OPTIONS"] = "handle_segv=0:handle_abort=0:detect_leaks=0";
    auto result = RunProcess(CRASH_FIXTURE, {"--gtest_filter=" + filter}, env);
    const auto files = FilesIn(dir_.path());
    for (int i = 0; i < 2000 && std::any_of(files.begin(), files.end(), platform::IsBeingWritten);
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return result;
  }

  // `gtest-webhook send` over `paths` to a fresh receiver; the one payload, if one arrived.
  json Send(std::vector<std::string> paths, ProcessResult* process = nullptr) {
    Receiver receiver;
    paths.insert(paths.begin(), "send");
    const auto result = RunProcess(CLI, paths, {{"GTEST_WEBHOOK_URL", receiver.Url()}});
    if (process != nullptr) *process = result;
    const auto requests = receiver.Requests();
    EXPECT_EQ(requests.size(), 1U) << result.err;
    return requests.size() == 1 ? json::parse(requests[0].body) : json::object();
  }

  TempDir dir_;
};

TEST_F(Collect, EachProcessWritesItsOwnFileAndDeliversNothing) {
  Receiver receiver;
  const auto run =
      RunCrashes("Crash.Passes:Crash.Fails:Crash.Skips", {{"GTEST_WEBHOOK_URL", receiver.Url()}});
  EXPECT_EQ(run.exit_code, 1);  // GoogleTest's own, unchanged
  EXPECT_TRUE(receiver.Requests().empty());
  const auto files = FilesIn(dir_.path());
  ASSERT_EQ(files.size(), 1U);
  EXPECT_NE(files[0].find("/crash_fixture-"), std::string::npos) << files[0];
  EXPECT_NE(files[0].find(".gtest-webhook.jsonl"), std::string::npos) << files[0];
  // A finished file is plain JSON lines.
  std::ifstream lines(files[0]);
  for (std::string line; std::getline(lines, line);) EXPECT_TRUE(json::accept(line)) << line;

  const auto payload = Send({dir_.path()});
  EXPECT_EQ(payload["name"], "crash_fixture");
  EXPECT_EQ(payload["tests"], 3);
  EXPECT_EQ(payload["failures"], 1);
  EXPECT_EQ(payload["skip"], 1);
  EXPECT_EQ(FindCase(payload, "Crash", "Skips")["skipReason"].get<std::string>().find(
                "skipped on purpose") != std::string::npos,
            true);
  EXPECT_EQ(payload["run"]["status"], "finished");
  EXPECT_EQ(payload["run"]["processes"], 1);
}

// However a process ends, it leaves every test it finished and the one it was running.
TEST_F(Collect, EveryWayAProcessEndsLeavesItsFinishedTestsAndNamesTheRunningOne) {
  const std::vector<std::tuple<std::string, int, std::string>> endings = {
      {"Segfaults", 128 + SIGSEGV, "crashed: killed by SIGSEGV (Segmentation fault)"},
      {"Aborts", 128 + SIGABRT, "crashed: killed by SIGABRT (Aborted)"},
      {"IsTerminated", 128 + SIGTERM, "crashed: killed by SIGTERM (Terminated)"},
      {"IsKilled", 128 + SIGKILL, "recorded no signal (killed by SIGKILL"},
      {"ExitsQuietly", 3,
       "recorded no signal (killed by SIGKILL or the out-of-memory killer, "
       "or it called _exit())"},
      {"CallsExit", 4, "crashed: exit() was called before GoogleTest finished"},
  };
  for (const auto& [test, exit_code, message] : endings) {
    EXPECT_EQ(RunCrashes("Crash.Passes:Crash." + test + ":Crash.ZzzLast").exit_code, exit_code)
        << test;
  }
  const auto payload = Send({dir_.path()});
  EXPECT_EQ(payload["run"]["processes"], 6);
  EXPECT_EQ(payload["run"]["status"], "crashed");
  EXPECT_EQ(payload["buildStable"], false);
  EXPECT_EQ(payload["errors"], 6);
  EXPECT_EQ(payload["tests"], 12);  // Passes and the culprit of each; ZzzLast never ran
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(FindCase(payload, "Crash", "Passes", i)["status"], "passed");
  for (const auto& [test, exit_code, message] : endings) {
    const auto culprit = FindCase(payload, "Crash", test);
    EXPECT_EQ(culprit["status"], "error") << test;
    EXPECT_EQ(culprit["binary"], "crash_fixture");
    EXPECT_NE(culprit["error"]["message"].get<std::string>().find(message), std::string::npos)
        << culprit;
  }
  // What failed before the crash is kept with it.
  EXPECT_NE(FindCase(payload, "Crash", "Segfaults")["error"]["message"].get<std::string>().find(
                "failed before crashing"),
            std::string::npos);
}

// Like Catch2's and doctest's handlers, collect mode's records the signal and hands it on: a
// handler installed before it still runs, and the exit status stays the signal's.
TEST_F(Collect, TheHandlerBeforeStillRunsAndTheExitStatusIsUnchanged) {
  const auto marker = dir_.File("handler.txt");
  TempDir collect;
  const auto run = RunProcess(
      CRASH_FIXTURE, {"--gtest_filter=Crash.IsTerminated"},
      {{"GTEST_WEBHOOK_COLLECT_DIR", collect.path()}, {"FIXTURE_HANDLER_MARKER", marker}});
  EXPECT_EQ(run.exit_code, 128 + SIGTERM);
  EXPECT_EQ(ReadFile(marker), "user handler saw signal " + std::to_string(SIGTERM) + "\n");
  const auto files = FilesIn(collect.path());
  ASSERT_EQ(files.size(), 1U);
  EXPECT_NE(ReadFile(files[0]).find(R"("name":"SIGTERM")"), std::string::npos);
}

TEST_F(Collect, DeathTestChildrenAndListingsWriteNothing) {
  EXPECT_EQ(RunCrashes("Crash.DiesInADeathTest").exit_code, 0);
  const auto files = FilesIn(dir_.path());
  ASSERT_EQ(files.size(), 1U);  // the parent's; the forked children recorded no signal in it
  EXPECT_EQ(ReadFile(files[0]).find(R"("t":"signal")"), std::string::npos);
  EXPECT_EQ(ReadFile(files[0]).find("inside the death test's child"), std::string::npos);
  // A forked child shares the parent's mapping: what it would write there would be in the way
  // of the parent's records, which a crash right after leaves visible.
  TempDir crashed;
  RunProcess(CRASH_FIXTURE, {"--gtest_filter=Crash.DiesInADeathTest:AfterDeathTests.Segfaults"},
             {{"GTEST_WEBHOOK_COLLECT_DIR", crashed.path()},
              {"ASAN_OPTIONS", "handle_segv=0:handle_abort=0:detect_leaks=0"}});
  ProcessResult process;
  const auto payload = Send({crashed.path()}, &process);
  EXPECT_EQ(process.exit_code, 0) << process.err;
  EXPECT_EQ(process.err.find("corrupt"), std::string::npos) << process.err;
  EXPECT_EQ(payload["tests"], 2);
  // gtest_discover_tests lists the tests when it builds: no file for that.
  TempDir listing;
  RunProcess(CRASH_FIXTURE, {"--gtest_list_tests"},
             {{"GTEST_WEBHOOK_COLLECT_DIR", listing.path()}});
  EXPECT_TRUE(FilesIn(listing.path()).empty());
}

// A skip in SetUpTestSuite is a skipped entry with its reason, never an error.
TEST_F(Collect, ASkipOutsideTestsIsSkippedWithItsReason) {
  RunCrashes("SuiteSetUpSkips.*");
  const auto payload = Send({dir_.path()});
  const auto entry = FindCase(payload, "SuiteSetUpSkips", "SetUpTestSuite");
  EXPECT_EQ(entry["status"], "skipped");
  EXPECT_TRUE(entry["error"].is_null());
  EXPECT_NE(entry["skipReason"].get<std::string>().find("the suite's database is not there"),
            std::string::npos);
  EXPECT_EQ(payload["buildStable"], true);
  EXPECT_EQ(payload["errors"], 0);
}

TEST_F(Collect, EightProcessesWriteOneDirectoryAtOnceAndReadersNeverSeeHalfAFile) {
  std::atomic<bool> running{true};
  std::atomic<int> glimpses{0};
  std::vector<std::string> bad;
  // Reads whatever is in the directory while the processes write it.
  std::thread reader([&] {
    while (running) {
      for (const auto& file : FilesIn(dir_.path())) {
        const auto name = fs::path(file).filename().string();
        if (name.front() == '.') continue;  // not complete yet, and named so
        const auto text = ReadFile(file);
        const auto first = text.substr(0, text.find('\n'));
        if (!json::accept(first) || text.rfind(R"({"gtestWebhookCollect":1)", 0) != 0) {
          bad.push_back(first);
        }
        ++glimpses;
      }
    }
  });
  std::vector<std::thread> runs;
  for (int i = 0; i < 8; ++i) {
    runs.emplace_back([this, i] {
      RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.*:Numbers/*", "--gtest_repeat=20"},
                 {{"GTEST_WEBHOOK_COLLECT_DIR", dir_.path()}, {"FIXTURE_RUN", std::to_string(i)}});
    });
  }
  for (auto& run : runs) run.join();
  running = false;
  reader.join();
  EXPECT_TRUE(bad.empty()) << bad.front();
  EXPECT_GT(glimpses.load(), 0);
  EXPECT_EQ(FilesIn(dir_.path()).size(), 8U);
  const auto payload = Send({dir_.path()});
  EXPECT_EQ(payload["run"]["processes"], 8);
  // Every execution of every process: 4 Basic + 2 Param, 20 times each. (A process that happened
  // to start after another ended would run the same failed tests as their next attempts, each
  // test counted once: the entries, not the counts, are what concurrency must not lose.)
  EXPECT_EQ(payload["testCase"].size(), 8U * 20 * 6);
  EXPECT_EQ(payload["run"]["binaries"], json::array({"outcomes_fixture"}));
  EXPECT_EQ(payload["traces"], 2);
}

TEST_F(Collect, AFileStillBeingWrittenIsNamedAsIncomplete) {
  std::atomic<int> pid{0};
  std::thread hanging([&] {
    RunProcess(CRASH_FIXTURE, {"--gtest_filter=Crash.Passes:Crash.Hangs"},
               {{"GTEST_WEBHOOK_COLLECT_DIR", dir_.path()}}, std::chrono::seconds(20),
               [&pid](int started) { pid = started; });
  });
  for (int i = 0; i < 500 && FilesIn(dir_.path()).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // into Crash.Hangs
  const auto payload = Send({dir_.path()});
  ::kill(pid, SIGKILL);
  hanging.join();
  const auto culprit = FindCase(payload, "Crash", "Hangs");
  EXPECT_EQ(culprit["status"], "error");
  EXPECT_NE(culprit["error"]["message"].get<std::string>().find("was still writing"),
            std::string::npos)
      << culprit;
}

// An input that is cut off, or is none of the known kinds, is named and is an error in the
// report: the build can never look stable because a result could not be read.
TEST_F(Collect, ATruncatedFileAndAnUnknownFileAreErrorsNotSilence) {
  RunCrashes("Crash.Passes:Crash.Skips");
  const auto file = FilesIn(dir_.path()).at(0);
  const auto text = ReadFile(file);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text.substr(0, text.size() - 20);
  std::ofstream(dir_.File("notes.txt")) << "remember the milk\n";
  ProcessResult process;
  const auto payload = Send({dir_.path()}, &process);
  EXPECT_EQ(process.exit_code, 1);
  EXPECT_NE(process.err.find("notes.txt: not a test report"), std::string::npos) << process.err;
  EXPECT_NE(process.err.find("is truncated at byte"), std::string::npos) << process.err;
  EXPECT_EQ(payload["buildStable"], false);
  EXPECT_EQ(FindCase(payload, "[gtest-webhook]", dir_.File("notes.txt"))["status"], "error");
  EXPECT_EQ(FindCase(payload, "Crash", "Passes")["status"], "passed");  // what could be read
}

// The copier of a test's output writes the last tests' output after the test process ended (for
// a crash, the only place the crashed test's output is kept), and a shell that sent the output to
// a file does not wait for it. `send` at that moment waits for the copier (here this test,
// holding the file as the copier does, writes the last record half a second later) rather than
// calling the report incomplete.
TEST_F(Collect, SendWaitsForTheCopierOfATestProcessThatEnded) {
  RunCrashes("Crash.Passes:Crash.Segfaults");
  const auto file = FilesIn(dir_.path()).at(0);
  const auto text = ReadFile(file);
  ASSERT_NE(text.find("{\"t\":\"tail\""), std::string::npos) << text;
  const auto cut = text.rfind('\n', text.size() - 2) + 1;  // the copier's record, still to come
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text.substr(0, cut);
  const int copier = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  ASSERT_EQ(::flock(copier, LOCK_SH), 0);
  std::thread finishing([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(::write(copier, text.data() + cut, text.size() - cut),
              static_cast<ssize_t>(text.size() - cut));
    ::close(copier);
  });
  ProcessResult process;
  const auto payload = Send({dir_.path()}, &process);
  finishing.join();
  EXPECT_EQ(process.err.find("still writing"), std::string::npos) << process.err;
  const auto crashed = FindCase(payload, "Crash", "Segfaults");
  EXPECT_EQ(crashed["status"], "error");
  ASSERT_TRUE(crashed["output"].is_string()) << crashed;
  EXPECT_NE(crashed["output"].get<std::string>().find("failed before crashing"), std::string::npos)
      << crashed;
  EXPECT_EQ(FindCase(payload, "Crash", "Passes")["status"], "passed");
}

TEST_F(Collect, SendCountsEachFileOnceAndReadsDirectories) {
  RunCrashes("Crash.Passes");
  const auto file = FilesIn(dir_.path()).at(0);
  ProcessResult process;
  const auto payload = Send({dir_.path(), file, file}, &process);
  EXPECT_EQ(process.exit_code, 0) << process.err;
  EXPECT_EQ(payload["tests"], 1);
  EXPECT_NE(process.err.find("named more than once; read once"), std::string::npos);
  // A copy elsewhere (an artifact downloaded twice) is the same process too.
  TempDir copy;
  fs::copy_file(file, copy.File("copy.jsonl"));
  EXPECT_EQ(Send({dir_.path(), copy.path()})["tests"], 1);
  ProcessResult missing;
  Send({dir_.path(), dir_.File("nowhere")}, &missing);
  EXPECT_NE(missing.err.find("nowhere: cannot be read"), std::string::npos) << missing.err;
  EXPECT_EQ(missing.exit_code, 1);
}

// Shards run on two machines, each leaving its directory (a CI artifact); one send joins them.
TEST_F(Collect, ShardsFromTwoMachinesMergeIntoOneReport) {
  TempDir first;
  TempDir second;
  for (const auto& [dir, index] : {std::pair{first.path(), "0"}, std::pair{second.path(), "1"}}) {
    RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.*:Numbers/*"},
               {{"GTEST_WEBHOOK_COLLECT_DIR", dir},
                {"GTEST_TOTAL_SHARDS", "2"},
                {"GTEST_SHARD_INDEX", index}});
  }
  const auto payload = Send({first.path(), second.path()});
  EXPECT_EQ(payload["name"], "outcomes_fixture");
  EXPECT_TRUE(payload["run"]["shard"].is_null());
  EXPECT_EQ(payload["run"]["processes"], 2);
  EXPECT_EQ(payload["tests"], 6);
  EXPECT_EQ(payload["failures"], 2);
  EXPECT_EQ(payload["skip"], 1);
  // One shard alone is missing its other half.
  const auto half = Send({first.path(), second.path() + "/nothing-here"});
  EXPECT_EQ(half["name"], "outcomes_fixture [shard 0/2]");
}

TEST_F(Collect, AnUnwritableDirectoryIsSaidAndTheTestsStillRun) {
  std::ofstream(dir_.File("file")) << "not a directory";
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_COLLECT_DIR", dir_.File("file") + "/sub"}});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.err.find("gtest-webhook: GTEST_WEBHOOK_COLLECT_DIR: cannot create a file in '" +
                         dir_.File("file") + "/sub'"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace gtest_webhook::testing
