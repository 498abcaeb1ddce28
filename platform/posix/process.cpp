// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>
#include <string_view>

#include "platform/capture.h"
#include "platform/files.h"
#include "platform/net.h"
#include "platform/posix/system.h"
#include "platform/signals.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX asks for it

namespace gtest_webhook::platform {
namespace {

Ending Decode(int status) {
  return WIFSIGNALED(status) ? Ending::Killed(WTERMSIG(status))
                             : Ending::Exited(WEXITSTATUS(status));
}

// This process's environment with `changes` applied, as `NAME=VALUE` strings.
std::vector<std::string> ChildEnvironment(
    const std::vector<std::pair<std::string, std::string>>& changes) {
  std::set<std::string> changed;
  for (const auto& change : changes) changed.insert(change.first);
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    if (changed.count(text.substr(0, text.find('='))) == 0) entries.push_back(text);
  }
  for (const auto& [name, value] : changes) entries.push_back(name + "=" + value);
  return entries;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// In the child, between fork and exec: only async-signal-safe calls. When exec (or the change
// to `directory`, if any) fails, its errno goes to `report` (closed on a successful exec) for
// the parent. `program` is run as it is when it has a slash, else looked for in PATH.
[[noreturn]] void Exec(const char* program, char** argv, char** envp, const char* directory,
                       int report) {
  ::setpgid(0, 0);
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  sigemptyset(&defaults.sa_mask);
  for (const int signal : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD}) {
    ::sigaction(signal, &defaults, nullptr);
  }
  environ = envp;
  if (directory == nullptr || ::chdir(directory) == 0) ::execvp(program, argv);
  const int error = errno;
  (void)!::write(report, &error, sizeof error);
  ::_exit(127);
}

}  // namespace

std::unique_ptr<ChildProcess> ChildProcess::Start(
    const std::vector<std::string>& argv,
    const std::vector<std::pair<std::string, std::string>>& environment, std::string& why) {
  return Spawn(argv[0], argv, ChildEnvironment(environment), "", why);
}

std::unique_ptr<ChildProcess> ChildProcess::Spawn(const std::string& program,
                                                  std::vector<std::string> arguments,
                                                  std::vector<std::string> variables,
                                                  const std::string& directory, std::string& why) {
  // Orphans of the tree (a test's daemon, a runner that died) come to this process rather than
  // to init, so they can still be found and stopped.
  system::AdoptOrphans();
  auto arg_pointers = Pointers(arguments);
  auto env_pointers = Pointers(variables);
  int report[2] = {-1, -1};
  if (::pipe(report) != 0) {
    why = std::string("cannot make a pipe: ") + std::strerror(errno);
    return nullptr;
  }
  for (const int fd : report) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid < 0) {
    why = std::string("cannot fork: ") + std::strerror(errno);
    for (const int fd : report) ::close(fd);
    return nullptr;
  }
  if (pid == 0) {
    Exec(program.c_str(), arg_pointers.data(), env_pointers.data(),
         directory.empty() ? nullptr : directory.c_str(), report[1]);
  }
  ::setpgid(pid, pid);  // also here, so that it holds before either side goes on
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->pid_ = pid;
  // The end of the pipe comes with the exec (close-on-exec), or the exec's errno before it.
  ::close(report[1]);
  int error = 0;
  ssize_t got = 0;
  while ((got = ::read(report[0], &error, sizeof error)) < 0 && errno == EINTR) {
  }
  ::close(report[0]);
  if (got == static_cast<ssize_t>(sizeof error)) {
    child->exec_error_ = "cannot run '" + program + "'" +
                         (directory.empty() ? "" : " in " + directory) + ": " +
                         std::strerror(error);
  }
  return child;
}

ProcessLaunch LaunchOfCommand(const std::vector<std::string>& argv,
                              const std::vector<std::pair<std::string, std::string>>& environment) {
  ProcessLaunch launch;
  launch.executable = argv[0];
  launch.arguments = argv;
  char directory[4096];
  if (::getcwd(directory, sizeof directory) != nullptr) launch.directory = directory;
  for (const auto& entry : ChildEnvironment(environment)) {
    const auto equals = entry.find('=');
    launch.environment.emplace_back(entry.substr(0, equals),
                                    equals == std::string::npos ? "" : entry.substr(equals + 1));
  }
  return launch;
}

bool IsRunning(std::int64_t pid) {
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

ChildProcess::~ChildProcess() {
  SignalTree(SIGKILL);
  int status = 0;
  if (!status_) ::waitpid(static_cast<pid_t>(pid_), &status, 0);
  for (int i = 0; i < 50 && !system::Descendants(::getpid()).empty(); ++i) {
    while (::waitpid(-1, &status, WNOHANG) > 0) {
    }
    ::usleep(2000);
  }
}

std::optional<Ending> ChildProcess::Poll() {
  int status = 0;
  pid_t ended = 0;
  while ((ended = ::waitpid(-1, &status, WNOHANG)) > 0) {
    if (ended == pid_) status_ = Decode(status);
  }
  return status_;
}

void ChildProcess::TerminateTree() { SignalTree(SIGTERM); }

void ChildProcess::KillTree() { SignalTree(SIGKILL); }

void ChildProcess::AwaitCopiers(std::chrono::milliseconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  const auto copying = [] {
    for (const auto pid : system::Descendants(::getpid())) {
      if (system::NameOf(pid).rfind(kTeeProcessName, 0) == 0) return true;
    }
    return false;
  };
  while (std::chrono::steady_clock::now() < until && copying()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    Poll();
  }
}

void ChildProcess::SignalTree(int signal) {
  ::kill(static_cast<pid_t>(-pid_), signal);
  for (const auto pid : system::Descendants(::getpid())) ::kill(static_cast<pid_t>(pid), signal);
}

namespace {

int g_wake[2] = {-1, -1};
std::atomic<int> g_first{0};
std::atomic<int> g_count{0};
std::atomic<int> g_exit_code{-1};
struct sigaction g_before[3];
constexpr int kCaughtSignals[] = {SIGINT, SIGTERM, SIGCHLD};

void Wake() {
  const char byte = 1;
  (void)!::write(g_wake[1], &byte, 1);
}

void OnChild(int /*signal*/) {
  const int saved = errno;
  Wake();
  errno = saved;
}

void OnCancel(int signal) {
  int none = 0;
  g_first.compare_exchange_strong(none, signal);
  g_count.fetch_add(1);
  const int exit_code = g_exit_code.load();
  if (exit_code >= 0) {
    constexpr char kSaid[] = "gtest-webhook run: stopped at once by a second signal\n";
    (void)!::write(2, kSaid, sizeof kSaid - 1);
    SayLastWords();  // a console that is a file has these words when the process is gone
    ::_exit(exit_code);
  }
  Wake();
}

void SetFlags(int fd, int fd_flags, int status_flags) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | fd_flags);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | status_flags);
}

}  // namespace

CancelSignals::CancelSignals() {
  if (::pipe(g_wake) == 0) {
    SetFlags(g_wake[0], FD_CLOEXEC, O_NONBLOCK);
    SetFlags(g_wake[1], FD_CLOEXEC, O_NONBLOCK);
  }
  g_first = 0;
  g_count = 0;
  g_exit_code = -1;
  for (int i = 0; i < 3; ++i) {
    struct sigaction action {};
    action.sa_handler = kCaughtSignals[i] == SIGCHLD ? OnChild : OnCancel;
    action.sa_flags = kCaughtSignals[i] == SIGCHLD ? SA_RESTART | SA_NOCLDSTOP : 0;
    sigemptyset(&action.sa_mask);
    ::sigaction(kCaughtSignals[i], &action, &g_before[i]);
  }
  // A receiver that closes the connection mid-request must not end this process.
  ::signal(SIGPIPE, SIG_IGN);
}

CancelSignals::~CancelSignals() {
  for (int i = 0; i < 3; ++i) ::sigaction(kCaughtSignals[i], &g_before[i], nullptr);
  for (int& fd : g_wake) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

Waitable CancelSignals::waitable() const { return Waitable(g_wake[0]); }
int CancelSignals::first() const { return g_first.load(); }
int CancelSignals::count() const { return g_count.load(); }

void CancelSignals::Drain() const {
  char drain[64];
  while (::read(g_wake[0], drain, sizeof drain) > 0) {
  }
}

void CancelSignals::ExitOnNext(int exit_code) const { g_exit_code = exit_code; }

std::string Ending::Cause() const { return killed_ ? DescribeSignalNumber(value_) : std::string(); }

int Ending::ShellCode() const { return killed_ ? 128 + value_ : value_; }

std::optional<std::string> EnvironmentVariable(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::vector<std::string> EnvironmentNames() {
  std::vector<std::string> names;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    names.emplace_back(variable.substr(0, variable.find('=')));
  }
  return names;
}

}  // namespace gtest_webhook::platform
