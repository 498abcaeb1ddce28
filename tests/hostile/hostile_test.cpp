// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Hostile machines, inputs and receivers: real test binaries and the real command, run the way
// an attacker or a careless user would run them. Each test holds one of the lines in the
// Security page (docs/security.md) and fails without what keeps it.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "gtest_webhook/signing.h"
#include "payload_helpers.h"
#include "process.h"
#include "raw_server.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using Json = nlohmann::json;
using Env = std::map<std::string, std::string>;
using std::chrono::milliseconds;
using std::chrono::seconds;
namespace fs = std::filesystem;

// Runs `script` with /bin/sh and `env`.
ProcessResult Sh(const std::string& script, const Env& env = {},
                 milliseconds timeout = seconds(60)) {
  return RunProcess("/bin/sh", {"-c", script}, env, timeout);
}

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

// The one file in `directory` whose name ends with `suffix`; empty when there is not exactly one.
std::string OnlyFile(const std::string& directory, const std::string& suffix) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const auto name = entry.path().filename().string();
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      found.push_back(entry.path().string());
    }
  }
  return found.size() == 1 ? found[0] : std::string();
}

// A file outside the state directory that an attacker wants overwritten.
struct Victim {
  TempDir dir;
  std::string path = dir.File("victim");
  Victim() { std::ofstream(path) << "precious\n"; }
  bool Intact() const { return ReadFile(path) == "precious\n"; }
};

// A linked test binary that reports (to /dev/null, unless `env` says otherwise), keeping its
// state in `state`.
ProcessResult RunLinked(const TempDir& state, Env env = {}) {
  env["GTEST_WEBHOOK_STATE_DIR"] = state.path();
  env["GTEST_WEBHOOK_NAME"] = "hostile";
  if (env.count("GTEST_WEBHOOK_OUTPUT") == 0) env["GTEST_WEBHOOK_OUTPUT"] = "/dev/null";
  return RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, env);
}

bool IsLink(const std::string& path) {
  std::error_code error;
  return fs::is_symlink(fs::symlink_status(path, error));
}

// --- 1. The state directory is never written through a symbolic link. ---

TEST(StateDirectory, AHistoryLinkIsReplacedNotFollowed) {
  TempDir state;
  Victim victim;
  ASSERT_EQ(RunLinked(state).exit_code, 0);
  const auto history = OnlyFile(state.path(), ".history");
  ASSERT_FALSE(history.empty());
  fs::remove(history);
  fs::create_symlink(victim.path, history);
  const auto run = RunLinked(state);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(victim.Intact()) << ReadFile(victim.path);
  EXPECT_FALSE(IsLink(history));
  EXPECT_EQ(ReadFile(history).rfind("gtest-webhook history 3\n", 0), 0U);
  EXPECT_NE(run.err.find("cannot be read (it is a symbolic link, which is not followed)"),
            std::string::npos)
      << run.err;
}

TEST(StateDirectory, ALockLinkCreatesNothingWhereItPoints) {
  TempDir state;
  Victim victim;
  ASSERT_EQ(RunLinked(state).exit_code, 0);
  const auto history = OnlyFile(state.path(), ".history");
  const auto planted = victim.dir.File("created-by-a-lock");
  fs::create_symlink(planted, history + ".lock");
  const auto run = RunLinked(state);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_FALSE(fs::exists(planted));
  EXPECT_FALSE(fs::exists(fs::symlink_status(history + ".lock")));  // removed with the lock
  EXPECT_NE(run.err.find("was a symbolic link; it was removed, not followed"), std::string::npos)
      << run.err;
}

TEST(StateDirectory, AChangesStateLinkIsReplacedNotFollowed) {
  TempDir state;
  Victim victim;
  Receiver receiver;
  const Env env = {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_WHEN", "changes"}};
  ASSERT_EQ(RunLinked(state, env).exit_code, 0);
  const auto changes = OnlyFile(state.path(), ".json");
  ASSERT_FALSE(changes.empty());
  fs::remove(changes);
  fs::create_symlink(victim.path, changes);
  const auto run = RunLinked(state, env);
  EXPECT_TRUE(victim.Intact()) << ReadFile(victim.path);
  EXPECT_FALSE(IsLink(changes));
  EXPECT_EQ(receiver.Requests().size(), 2U) << run.err;  // an unreadable state is a change
  EXPECT_NE(run.err.find("symbolic link"), std::string::npos) << run.err;
}

// Two runs against a receiver that is down leave a report waiting and the dispatch count; then
// both the count file and the reporter's whole outbox are replaced by links.
TEST(StateDirectory, TheOutboxNeverWritesThroughALink) {
  TempDir state;
  Victim victim;
  const Env env = {{"GTEST_WEBHOOK_URL", "http://127.0.0.1:" + std::to_string(FreePort())},
                   {"GTEST_WEBHOOK_RETRIES", "0"}};
  RunLinked(state, env);
  RunLinked(state, env);
  const auto box = OnlyFile(state.File("outbox"), "");
  ASSERT_TRUE(fs::exists(box + "/dispatches"));
  fs::remove(box + "/dispatches");
  fs::create_symlink(victim.path, box + "/dispatches");
  auto run = RunLinked(state, env);
  EXPECT_TRUE(victim.Intact());
  EXPECT_FALSE(IsLink(box + "/dispatches"));

  TempDir elsewhere;
  fs::remove_all(box);
  fs::create_symlink(elsewhere.path(), box);
  run = RunLinked(state, env);
  EXPECT_TRUE(fs::is_empty(elsewhere.path())) << run.err;
  EXPECT_FALSE(IsLink(box));
  EXPECT_NE(run.err.find("was a symbolic link; it was removed, not followed"), std::string::npos)
      << run.err;
}

TEST(StateDirectory, ADirectoryOthersCanWriteIsRefusedInOneLine) {
  TempDir state;
  Receiver receiver;
  fs::permissions(state.path(), fs::perms::all);
  const Env env = {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_WHEN", "changes"}};
  const auto run = RunLinked(state, env);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(receiver.Requests().size(), 1U);  // delivered all the same, as a change
  const std::string line = "GTEST_WEBHOOK_STATE_DIR: cannot use '" + state.path() +
                           "' (other users can write in it (mode 0777); make it private with "
                           "chmod go-w";
  EXPECT_NE(run.err.find(line), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(line), run.err.rfind(line)) << "said more than once:\n" << run.err;
  EXPECT_TRUE(fs::is_empty(state.path()));  // nothing of ours in it
  if (::geteuid() == 0) {                   // a directory of another user (only root can make one)
    fs::permissions(state.path(), fs::perms::owner_all);
    ASSERT_EQ(::chown(state.path().c_str(), 65534, 65534), 0);
    const auto foreign = RunLinked(state, env);
    EXPECT_NE(foreign.err.find("' (it belongs to user 65534, not to this user (0)"),
              std::string::npos)
        << foreign.err;
  }
}

TEST(CollectDirectory, ADirectoryEveryoneCanWriteIsRefused) {
  TempDir collect;
  fs::permissions(collect.path(), fs::perms::all);
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_COLLECT_DIR", collect.path()}});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(fs::is_empty(collect.path()));
  EXPECT_NE(run.err.find("every user can write in it (mode 0777)"), std::string::npos) << run.err;
}

// --- 2. `run` takes results only from the processes of its own tree. ---

// GoogleTest's stream protocol, as a process would send it: one test that fails.
std::string InjectedStream() {
  return "event=TestProgramStart\nevent=TestIterationStart&iteration=0\n"
         "event=TestCaseStart&name=Injected\nevent=TestStart&name=Evil\n"
         "event=TestPartResult&file=evil.cc&line=1&message=injected\n"
         "event=TestEnd&passed=0&elapsed_time=1ms\nevent=TestCaseEnd&passed=0&elapsed_time=1ms\n"
         "event=TestIterationEnd&passed=0&elapsed_time=1ms\nevent=TestProgramEnd&passed=0\n";
}

// A client that connects to 127.0.0.1:`port`, sends `bytes` and keeps the connection open for
// up to `hold` (an attacker that would make the run wait), or closes it at once. True when the
// other end closed it first.
bool Inject(int port, const std::string& bytes, milliseconds hold) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool closed = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    RawServer::Write(fd, bytes);
    pollfd readable{fd, POLLIN, 0};
    char byte = 0;
    closed = ::poll(&readable, 1, static_cast<int>(hold.count())) > 0 && ::read(fd, &byte, 1) <= 0;
  }
  ::close(fd);
  return closed;
}

TEST(RunStream, ProcessesOutsideTheTreeAreRefusedAndNeverWaitedFor) {
  TempDir dir;
  Receiver receiver;
  const auto port_file = dir.File("port");
  // The command says where its results go, then waits for the outsiders before it runs.
  const auto script = "echo \"$GTEST_STREAM_RESULT_TO\" > " + port_file + "; sleep 1; exec " +
                      std::string(PLAIN_FIXTURE) + " --gtest_filter=Plain.Passes";
  std::atomic<bool> refused{false};
  std::thread outsiders([&] {
    for (int i = 0; i < 500 && ReadFile(port_file).empty(); ++i) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    const auto stream = ReadFile(port_file);
    const int port = std::atoi(stream.substr(stream.find(':') + 1).c_str());
    std::thread holder([port, &refused] { refused = Inject(port, InjectedStream(), seconds(10)); });
    Inject(port, InjectedStream(), milliseconds(0));  // one that is gone before it is asked
    holder.join();
  });
  const auto run = RunProcess(CLI, {"run", "--", "/bin/sh", "-c", script},
                              {{"GTEST_WEBHOOK_URL", receiver.Url()}});
  outsiders.join();
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(refused) << "the run kept the outsider's connection open";
  ASSERT_EQ(receiver.Requests().size(), 1U) << run.err;
  const auto payload = Json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["run"]["processes"], 1);
  EXPECT_EQ(payload["tests"], 1);
  EXPECT_EQ(payload["buildStable"], true);
  EXPECT_EQ(receiver.Requests()[0].body.find("Injected"), std::string::npos);
  EXPECT_NE(run.err.find("refused a connection to the run's result port from a process outside"),
            std::string::npos)
      << run.err;
}

// --- 3. No input, output or number of reporters can hang a run or grow it without end. ---

TEST(Inputs, AReportersFileThatIsADeviceOrAFifoIsRefusedAndTheTestsRun) {
  TempDir dir;
  const auto fifo = dir.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& file : {std::string("/dev/zero"), std::string("/dev/urandom"), fifo}) {
    const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                                {{"GTEST_WEBHOOK_REPORTERS", "@" + file}}, seconds(20));
    EXPECT_FALSE(run.timed_out) << file;
    EXPECT_EQ(run.exit_code, 0) << file;
    EXPECT_NE(run.out.find("[  PASSED  ] 1 test"), std::string::npos) << run.out;
    EXPECT_NE(run.err.find("GTEST_WEBHOOK_REPORTERS names the file '" + file +
                           "', which cannot be read (it is a"),
              std::string::npos)
        << run.err;
  }
}

TEST(Inputs, SendAndVerifyRefuseDevicesFifosAndFilesPastTheirBound) {
  TempDir dir;
  const auto fifo = dir.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto huge = dir.File("huge.json");
  std::ofstream(huge).close();
  fs::resize_file(huge, 300ULL << 20U);  // sparse: 300 MiB of nothing
  const Env env = {{"GTEST_WEBHOOK_OUTPUT", "/dev/null"}};
  for (const auto& input : {std::string("/dev/zero"), std::string("/dev/urandom"), fifo, huge}) {
    const auto send = RunProcess(CLI, {"send", input}, env, seconds(20));
    EXPECT_FALSE(send.timed_out) << input;
    EXPECT_EQ(send.exit_code, 1) << input;
    EXPECT_NE(send.err.find(input + ": cannot be read (it "), std::string::npos) << send.err;
    const auto verify = RunProcess(
        CLI, {"verify", "--secret", "k", "--signature", "sha256=00", input}, {}, seconds(20));
    EXPECT_FALSE(verify.timed_out) << input;
    EXPECT_EQ(verify.exit_code, 2) << input;
    EXPECT_NE(verify.err.find("cannot read the body file"), std::string::npos) << verify.err;
  }
  const auto send = RunProcess(CLI, {"send", huge}, env);
  EXPECT_NE(send.err.find("holds 300 MiB, more than the 256 MiB that is read of it"),
            std::string::npos)
      << send.err;
  const auto piped =
      Sh("head -c 300000000 /dev/zero | " + std::string(CLI) + " verify --secret k --signature x");
  EXPECT_EQ(piped.exit_code, 2);
  EXPECT_NE(piped.err.find("standard input (it holds more than 256 MiB"), std::string::npos)
      << piped.err;
}

TEST(Outputs, AFifoThatNoProcessReadsNeverHangsTheBinary) {
  TempDir dir;
  const auto fifo = dir.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Receiver receiver;
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_URL", receiver.Url()},
                               {"GTEST_WEBHOOK_OUTPUT", fifo},
                               {"GTEST_WEBHOOK_LOG", fifo}},
                              seconds(30));
  EXPECT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(receiver.Requests().size(), 1U);
  EXPECT_NE(run.err.find("GTEST_WEBHOOK_OUTPUT: cannot write '" + fifo +
                         "': it is a FIFO that no process reads"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("GTEST_WEBHOOK_LOG: cannot append to '" + fifo +
                         "': it is a FIFO that no process reads"),
            std::string::npos)
      << run.err;
}

// Receivers that take the connection and never answer: the deadline holds for any number of
// reporters, and an absurd number is refused.
TEST(Reporters, TheDeadlineHoldsForEveryReporterAndTooManyAreRefused) {
  RawServer silent([](RawServer::Client client, const std::function<bool()>& stopping) {
    while (!stopping()) RawServer::ReadFor(client, milliseconds(50));
  });
  TempDir state;
  const auto reporters = [&](int count) {
    Json list = Json::array();
    for (int i = 0; i < count; ++i) {
      list.push_back({{"webhook", {{"url", silent.Url() + "/" + std::to_string(i)}}}});
    }
    return list.dump();
  };
  const Env env = {{"GTEST_WEBHOOK_DEADLINE", "2"},
                   {"GTEST_WEBHOOK_STATE_DIR", state.path()},
                   {"GTEST_WEBHOOK_REPORTERS", reporters(100)}};
  const auto start = std::chrono::steady_clock::now();
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, env);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(8)) << "the deadline was 2 s";
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_LE(silent.connections(), 16);  // at most 16 at a time, and no time left for more
  std::size_t failed = 0;
  for (auto at = run.err.find("failed to deliver to"); at != std::string::npos;
       at = run.err.find("failed to deliver to", at + 1)) {
    ++failed;
  }
  EXPECT_EQ(failed, 100U) << run.err;  // each reporter has its line, and its report kept
  auto too_many = env;
  too_many["GTEST_WEBHOOK_REPORTERS"] = reporters(101);
  const auto refused = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"}, too_many);
  EXPECT_NE(refused.err.find("GTEST_WEBHOOK_REPORTERS lists 101 reporters, more than the 100 one "
                             "configuration may have; no reporters from it"),
            std::string::npos)
      << refused.err;
}

// --- 4. `run` stops delivering when CI cancels it. ---

TEST(RunSignals, ASignalWhileDeliveringCutsItToTheGraceAndASecondEndsIt) {
  std::atomic<int> waiting{0};
  RawServer silent([&waiting](RawServer::Client client, const std::function<bool()>& stopping) {
    ++waiting;
    while (!stopping()) RawServer::ReadFor(client, milliseconds(50));
  });
  for (const int signals : {1, 2}) {
    TempDir state;
    waiting = 0;
    const Env env = {{"GTEST_WEBHOOK_URL", silent.Url()},
                     {"GTEST_WEBHOOK_DEADLINE", "40"},
                     {"GTEST_WEBHOOK_STATE_DIR", state.path()}};
    const auto start = std::chrono::steady_clock::now();
    const auto run =
        RunProcess(CLI, {"run", "--grace", "1", "--", PLAIN_FIXTURE, "--gtest_filter=Plain.Passes"},
                   env, seconds(60), [&waiting, signals](int pid) {
                     for (int i = 0; i < 1000 && waiting == 0; ++i)
                       std::this_thread::sleep_for(milliseconds(10));
                     std::this_thread::sleep_for(milliseconds(200));
                     for (int i = 0; i < signals; ++i) {
                       ::kill(pid, SIGTERM);
                       std::this_thread::sleep_for(milliseconds(100));
                     }
                   });
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, seconds(10)) << signals << " signal(s); the deadline was 40 s";
    EXPECT_EQ(run.exit_code, 0) << run.err;  // the command's own
    EXPECT_NE(run.err.find("SIGTERM while delivering the report: it gets at most 1 s more"),
              std::string::npos)
        << run.err;
    if (signals == 1) {
      EXPECT_NE(run.err.find("kept in the outbox"), std::string::npos) << run.err;
    } else {
      EXPECT_NE(run.err.find("stopped at once by a second signal"), std::string::npos) << run.err;
    }
  }
}

// --- 5. A command that never started is one report that says so. ---

TEST(RunMissing, ACommandThatCannotStartIsOneReportWithItsExitCode) {
  Receiver receiver;
  const auto run = RunProcess(CLI, {"run", "--", "/bin/sh", "-c", "/nonexistent/tests"},
                              {{"GTEST_WEBHOOK_URL", receiver.Url()}});
  EXPECT_EQ(run.exit_code, 127);
  ASSERT_EQ(receiver.Requests().size(), 1U) << run.err;
  const auto payload = Json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["buildStable"], false);
  EXPECT_NE(payload["testCase"][0]["error"]["message"].get<std::string>().find(
                "exited with code 127 (the shell's code for a command that was not found) "
                "before any GoogleTest test ran"),
            std::string::npos)
      << payload.dump(2);
}

// --- 6. A bad input beside good ones loses none of them. ---

TEST(SendInputs, ALinkLoopAndAnUnreadableFolderLoseNothingElse) {
  TempDir dir;
  fs::permissions(dir.path(),
                  fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  const auto json = dir.File("unit.json");
  ASSERT_EQ(
      RunProcess(PLAIN_FIXTURE, {"--gtest_filter=Plain.Passes", "--gtest_output=json:" + json}, {})
          .exit_code,
      0);
  fs::permissions(json, fs::perms::owner_all | fs::perms::others_read);
  fs::create_symlink("loop", dir.File("loop"));
  fs::create_directory(dir.File("locked"));
  std::ofstream(dir.File("locked/hidden.json")) << "{}";
  fs::permissions(dir.File("locked"), fs::perms::none);
  Receiver receiver;
  // Root reads any folder: the send is run as another user when this runs as root.
  const bool root = ::geteuid() == 0;
  const std::string as = root ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  TempDir state;
  if (root) {
    ASSERT_EQ(::chown(state.path().c_str(), 65534, 65534), 0);
  }
  const auto send =
      Sh(as + CLI + " send " + Quoted(dir.path()),
         {{"GTEST_WEBHOOK_URL", receiver.Url()}, {"GTEST_WEBHOOK_STATE_DIR", state.path()}});
  fs::permissions(dir.File("locked"), fs::perms::owner_all);
  EXPECT_EQ(send.exit_code, 1);
  ASSERT_EQ(receiver.Requests().size(), 1U) << send.err;
  const auto payload = Json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(FindCase(payload, "Plain", "Passes")["status"], "passed");
  EXPECT_EQ(payload["errors"], 2) << payload.dump(2);  // the loop and the folder, each named
  EXPECT_NE(
      send.err.find(dir.File("loop") + ": cannot be read (Too many levels of symbolic links)"),
      std::string::npos)
      << send.err;
  EXPECT_NE(send.err.find(dir.File("locked") + ": cannot be read (Permission denied)"),
            std::string::npos)
      << send.err;
}

// --- 7. No number overflows. ---

TEST(Numbers, TimeoutsOutOfRangeAreUsageErrors) {
  for (const char* value : {"1e10", "inf", "nan", "1e18", "-1", "0"}) {
    const auto run = RunProcess(CLI, {"run", "--timeout", value, "--", PLAIN_FIXTURE}, {});
    EXPECT_EQ(run.exit_code, 2) << value;
    EXPECT_NE(run.err.find("--timeout takes a number of seconds above 0 and at most 2592000"),
              std::string::npos)
        << run.err;
  }
}

TEST(Numbers, AFarRetryAfterEndsTheRetriesAndIsToldAsGiven) {
  for (const std::string& after :
       {std::string("Fri, 31 Dec 9999 23:59:59 GMT"), std::string("1000000000")}) {
    Receiver receiver;
    receiver.Script([&after](const ReceivedRequest&, std::size_t) {
      return Answer{503, "busy", milliseconds(0), {{"Retry-After", after}}};
    });
    TempDir state;
    const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                                {{"GTEST_WEBHOOK_URL", receiver.Url()},
                                 {"GTEST_WEBHOOK_RETRIES", "3"},
                                 {"GTEST_WEBHOOK_STATE_DIR", state.path()}});
    EXPECT_EQ(receiver.Requests().size(), 1U) << after << "\n" << run.err;
    EXPECT_NE(run.err.find("does not fit the delivery deadline"), std::string::npos) << run.err;
    if (after == "1000000000") {
      EXPECT_NE(run.err.find("Retry-After of 1000000000 s"), std::string::npos) << run.err;
    }
  }
}

TEST(Numbers, VerifyTakesTimestampsOnlyAsSendersWriteThem) {
  TempDir dir;
  std::ofstream(dir.File("body")) << "{}";
  const auto now = std::to_string(
      std::chrono::duration_cast<seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  const auto verify = [&](const std::string& timestamp, const std::string& signature) {
    return RunProcess(CLI,
                      {"verify", "--secret", "k", "--id", "msg_1", "--timestamp", timestamp,
                       "--webhook-signature", signature, dir.File("body")},
                      {});
  };
  // Signed over the header as written, as a sender that writes it so would sign it.
  const auto literal = [](const std::string& timestamp) {
    HmacSha256 mac("k");
    mac.Update("msg_1." + timestamp + ".{}");
    return "v1," + Base64Encode(mac.Digest());
  };
  EXPECT_EQ(verify(now, literal(now)).exit_code, 0);
  for (const auto& odd :
       {"+" + now, "0" + now, " " + now, now + " ", std::string("-9223372036854775808"),
        std::string("99999999999999999999")}) {
    const auto run = verify(odd, literal(odd));
    EXPECT_EQ(run.exit_code, 1) << odd;
    EXPECT_NE(run.err.find("webhook-timestamp is not Unix seconds written in decimal digits"),
              std::string::npos)
        << odd << ": " << run.err;
  }
}

TEST(Numbers, AHugeOrNegativeTimeInAnInputIsNoNegativeTime) {
  TempDir dir;
  const Json payload = {
      {"name", "x"},
      {"testCase",
       {{{"className", "A"}, {"name", "huge"}, {"time", 1e308}, {"status", "passed"}},
        {{"className", "A"}, {"name", "negative"}, {"time", -5}, {"status", "passed"}}}}};
  std::ofstream(dir.File("in.json")) << payload.dump();
  const auto out = dir.File("out.json");
  const auto send =
      RunProcess(CLI, {"send", dir.File("in.json")},
                 {{"GTEST_WEBHOOK_OUTPUT", out}, {"GTEST_WEBHOOK_STATE_DIR", dir.path()}});
  EXPECT_EQ(send.exit_code, 0) << send.err;
  const auto report = Json::parse(ReadFile(out));
  for (const auto& test : report["testCase"]) EXPECT_GE(test["time"].get<double>(), 0) << test;
  EXPECT_GE(report["run"]["durationSeconds"].get<double>(), 0);
}

// --- 8. A full disk is said to be one, and what was written is kept. ---

TEST(FullDisk, IsSaidAndNoTestIsBlamedForIt) {
  TempDir dir;
  const auto collect = dir.File("collect");
  const auto kept = dir.File("kept");
  fs::create_directory(kept);
  // A 64 KiB file system of its own where this may mount one (root, in a mount namespace of its
  // own); else a file size limit, which makes growing the file fail the same way.
  const std::string run_tests = "MANY_TESTS=2000 GTEST_WEBHOOK_COLLECT_DIR=" + collect + " " +
                                MANY_FIXTURE + " >/dev/null; cp " + collect + "/* " + kept + "/";
  const std::string tmpfs = "unshare -m sh -c 'mount -t tmpfs -o size=64k,mode=0755 tmpfs " +
                            collect + " || exit 99; " + run_tests + "'";
  const std::string limit = "trap '' XFSZ; ulimit -f 200; " + run_tests;
  fs::create_directory(collect);
  auto tests = Sh(::geteuid() == 0 ? tmpfs : limit);
  if (tests.exit_code == 99 || fs::is_empty(kept)) tests = Sh(limit);
  EXPECT_EQ(tests.exit_code, 0) << tests.err;
  EXPECT_NE(tests.err.find("cannot grow ("), std::string::npos) << tests.err;
  const auto out = dir.File("report.json");
  const auto send =
      RunProcess(CLI, {"send", kept},
                 {{"GTEST_WEBHOOK_OUTPUT", out}, {"GTEST_WEBHOOK_STATE_DIR", dir.path()}});
  EXPECT_EQ(send.exit_code, 1);  // results are missing: the build cannot look stable
  EXPECT_NE(send.err.find("the collect file could not grow at "), std::string::npos) << send.err;
  EXPECT_EQ(send.err.find("crashed"), std::string::npos) << send.err;
  const auto report = Json::parse(ReadFile(out));
  EXPECT_EQ(report["run"]["status"], "finished");
  EXPECT_GT(report["tests"].get<int>(), 100);  // what was written before the disk filled
  EXPECT_EQ(report["failures"], 0);
  EXPECT_EQ(report["errors"], 1);
}

// --- 9. What we print cannot forge a line or drive a terminal. ---

TEST(Printing, ControlCharactersCannotForgeLinesOrMoveTheCursor) {
  Receiver receiver;
  TempDir dir;
  const auto run =
      RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                 {{"GTEST_WEBHOOK_URL", receiver.Url()},
                  {"GTEST_WEBHOOK_LABEL", "x\ngtest-webhook: delivered to FAKE\x1b[2J\xc2\x9b"},
                  {"GTEST_WEBHOOK_STATE_DIR", dir.path()}});
  EXPECT_EQ(run.err.find("\ngtest-webhook: delivered to FAKE"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find('\x1b'), std::string::npos);
  EXPECT_EQ(run.err.find("\xc2\x9b"), std::string::npos);
  EXPECT_NE(run.err.find("delivered to x\\ngtest-webhook: delivered to FAKE\\x1b[2J\\u009b"),
            std::string::npos)
      << run.err;
  const auto odd = dir.File("bad\nname\x1b[31m.json");
  std::ofstream(odd) << "not a report";
  const auto send = RunProcess(CLI, {"send", odd}, {{"GTEST_WEBHOOK_STATE_DIR", dir.path()}});
  EXPECT_EQ(send.err.find('\x1b'), std::string::npos);
  EXPECT_NE(send.err.find("bad\\nname\\x1b[31m.json"), std::string::npos) << send.err;
}

// --- 10. The smaller ones. ---

TEST(Small, AClosedPipeForOutputDoesNotEndTheCommandOrChangeATestsExitCode) {
  Receiver receiver;
  TempDir state;
  const Env env = {{"GTEST_WEBHOOK_URL", receiver.Url()},
                   {"GTEST_WEBHOOK_STATE_DIR", state.path()}};
  const auto command = RunProcess(
      "/bin/bash",
      {"-c",
       std::string(CLI) + " test 2>&1 | (exec 0<&-; sleep 0.5); echo \"status=${PIPESTATUS[0]}\""},
      env);
  EXPECT_NE(command.out.find("status=0"), std::string::npos) << command.out << command.err;
  const auto binary = RunProcess(
      "/bin/bash",
      {"-c", std::string(OUTCOMES_FIXTURE) + " --gtest_filter=Basic.Passes 2>&1 >/dev/null | (exec "
                                             "0<&-; sleep 0.5); echo \"status=${PIPESTATUS[0]}\""},
      env);
  EXPECT_NE(binary.out.find("status=0"), std::string::npos) << binary.out << binary.err;
  EXPECT_EQ(receiver.Requests().size(), 2U);
}

TEST(Small, AnUnusableCaBundleKeepsTheReportAsThisMachinesProblem) {
  TempDir state;
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_URL", "https://127.0.0.1:1/hook"},
                               {"GTEST_WEBHOOK_CA_BUNDLE", "/dev/zero"},
                               {"GTEST_WEBHOOK_STATE_DIR", state.path()}},
                              seconds(30));
  EXPECT_FALSE(run.timed_out);
  EXPECT_NE(run.err.find("GTEST_WEBHOOK_CA_BUNDLE '/dev/zero' cannot be used (it is a character "
                         "device, not a regular file); kept in the outbox"),
            std::string::npos)
      << run.err;
}

TEST(Small, AFileUrlIsRefusedForItsScheme) {
  const auto run = RunProcess(OUTCOMES_FIXTURE, {"--gtest_filter=Basic.Passes"},
                              {{"GTEST_WEBHOOK_URL", "file:///etc/passwd"}});
  EXPECT_NE(run.err.find("its scheme 'file' is not http or https"), std::string::npos) << run.err;
}

TEST(Small, AnUnknownStatusInAnInputIsAnErrorNotAPass) {
  TempDir dir;
  const Json payload = {
      {"name", "x"},
      {"testCase", {{{"className", "A"}, {"name", "b"}, {"time", 0.1}, {"status", "bogus"}}}}};
  std::ofstream(dir.File("in.json")) << payload.dump();
  const auto out = dir.File("out.json");
  const auto send =
      RunProcess(CLI, {"send", dir.File("in.json")},
                 {{"GTEST_WEBHOOK_OUTPUT", out}, {"GTEST_WEBHOOK_STATE_DIR", dir.path()}});
  const auto report = Json::parse(ReadFile(out));
  EXPECT_EQ(report["errors"], 1);
  EXPECT_EQ(report["buildStable"], false);
  EXPECT_NE(send.err.find("has the status \"bogus\", which is none of passed"), std::string::npos)
      << send.err;
}

TEST(Small, DamagedOutboxFilesAreNamedForWhatIsWrongAndFlushFails) {
  TempDir state;
  const auto url = "http://127.0.0.1:" + std::to_string(FreePort()) + "/hook";
  const Env env = {{"GTEST_WEBHOOK_URL", url},
                   {"GTEST_WEBHOOK_STATE_DIR", state.path()},
                   {"GTEST_WEBHOOK_RETRIES", "0"}};
  RunLinked(state, env);
  const auto box = OnlyFile(state.File("outbox"), "");
  const auto report = OnlyFile(box, ".report");
  ASSERT_FALSE(report.empty());
  const auto bytes = ReadFile(report);
  std::ofstream(box + "/000000000000001-msg_a.report") << bytes.substr(0, bytes.size() - 5);
  std::ofstream(box + "/000000000000002-msg_b.report").close();
  std::ofstream(box + "/000000000000003-msg_c.report") << "gtest-webhook outbox 9\n{}\n";
  const auto flush = RunProcess(CLI, {"flush"}, env);
  EXPECT_EQ(flush.exit_code, 1);
  EXPECT_NE(flush.err.find("msg_a.report' is not a waiting report (it is cut short: "),
            std::string::npos)
      << flush.err;
  EXPECT_NE(flush.err.find("msg_b.report' is not a waiting report (it is empty)"),
            std::string::npos)
      << flush.err;
  EXPECT_NE(flush.err.find("msg_c.report' is not a waiting report (it is an outbox file of "
                           "another version"),
            std::string::npos)
      << flush.err;
  EXPECT_NE(flush.err.find("3 file(s) in the outbox of"), std::string::npos) << flush.err;
}

}  // namespace
}  // namespace gtest_webhook::testing
