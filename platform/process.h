// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "platform/net.h"

namespace gtest_webhook::platform {

/// The name of every variable in this process's environment.
std::vector<std::string> EnvironmentNames();

/// The value of variable `name` in this process's environment, in UTF-8 (on Windows read in
/// UTF-16, not in the ANSI code page getenv() uses); nullopt when it is not set.
std::optional<std::string> EnvironmentVariable(const std::string& name);

/// How a process ended: it exited with a code, or the system ended it (a signal on POSIX; an
/// exception's NTSTATUS, such as 0xC0000005, on Windows).
class Ending {
 public:
  Ending() = default;
  static Ending Exited(int code) { return Ending(false, code); }
  /// `cause` is the system's own: a signal's number, or an NTSTATUS.
  static Ending Killed(int cause) { return Ending(true, cause); }

  bool killed() const { return killed_; }
  /// The exit code; 0 when it was killed.
  int exit_code() const { return killed_ ? 0 : value_; }
  /// What ended it, as the system names it ("SIGSEGV", "signal 99"); empty when it exited.
  std::string Cause() const;
  /// The code a shell gives for it: the exit code, or 128 + the signal's number (on Windows, the
  /// NTSTATUS itself, as the process's exit code).
  int ShellCode() const;

 private:
  Ending(bool killed, int value) : killed_(killed), value_(value) {}
  bool killed_ = false;
  int value_ = 0;
};

/// How a running process was started, as far as this process may see: to run it again.
struct ProcessLaunch {
  /// The absolute path of its executable.
  std::string executable;
  /// Its arguments, from argv[0].
  std::vector<std::string> arguments;
  /// Its working directory.
  std::string directory;
  /// Its whole environment, as it was when it started.
  std::vector<std::pair<std::string, std::string>> environment;
};

/// How process `pid` was started; nullopt when that cannot be read (it is gone, or another
/// user's).
std::optional<ProcessLaunch> LaunchOf(std::int64_t pid);

/// True while process `pid` of this machine exists (another user's too).
bool IsRunning(std::int64_t pid);

/// This process's own arguments, read from the system (so also before main() has them); empty
/// when they cannot be read.
std::vector<std::string> OwnArguments();

/// How ChildProcess::Start(`argv`, `environment`) starts a process, from this process's
/// working directory and environment.
ProcessLaunch LaunchOfCommand(const std::vector<std::string>& argv,
                              const std::vector<std::pair<std::string, std::string>>& environment);

/// A command running as a child process in a process group of its own. Every process it starts
/// stays in reach: those that leave its group are still found as descendants (on Linux this
/// process becomes their reaper, so orphans are re-parented here rather than lost). The whole
/// tree is killed and reaped when the object goes.
class ChildProcess {
 public:
  /// Starts `argv` with `environment` added to (or replacing in) this process's own. nullptr,
  /// with `why`, when no process can be started; a command that cannot be executed exits with
  /// 127, and exec_error says why.
  static std::unique_ptr<ChildProcess> Start(
      const std::vector<std::string>& argv,
      const std::vector<std::pair<std::string, std::string>>& environment, std::string& why);
  /// Starts `launch` again: its executable with its arguments, in its directory, with exactly
  /// its environment.
  static std::unique_ptr<ChildProcess> Start(const ProcessLaunch& launch, std::string& why);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The command's exit status once it has ended; never blocks. Also reaps orphans of the
  /// tree that were re-parented to this process.
  std::optional<Ending> Poll();

  /// Sends `signal` (one this process received, say) to every process of the tree that still
  /// runs.
  void SignalTree(int signal);
  /// Asks every process of the tree to end (SIGTERM).
  void TerminateTree();
  /// Ends every process of the tree now (SIGKILL).
  void KillTree();
  /// Waits at most `wait` for the processes that copy a test process's output (OutputTee,
  /// kTeeProcessName) to finish: they end once the pipes are read, and what they write last
  /// (the console's last bytes, a crashed test's output) must not be cut off.
  void AwaitCopiers(std::chrono::milliseconds wait);

  std::int64_t pid() const { return pid_; }
  /// Why the command could not be executed (`cannot run 'x': No such file or directory`); empty
  /// once it runs. The child then exits with 127.
  const std::string& exec_error() const { return exec_error_; }

 private:
  ChildProcess() = default;
  static std::unique_ptr<ChildProcess> Spawn(const std::string& program,
                                             std::vector<std::string> arguments,
                                             std::vector<std::string> variables,
                                             const std::string& directory, std::string& why);
  std::int64_t pid_ = -1;
  std::string exec_error_;
  std::optional<Ending> status_;
#ifdef _WIN32
  // The process, the job object that holds its tree, and the wait that wakes CancelSignals
  // when it ends (Windows has no SIGCHLD).
  void* process_ = nullptr;
  void* job_ = nullptr;
  void* ended_wait_ = nullptr;
#endif
};

/// SIGINT and SIGTERM, caught while this object lives instead of ending the process. Each one
/// wakes WaitReadable on `waitable()`, and so does SIGCHLD, so that a child's end is noticed at
/// once; the handlers before are restored on destruction.
class CancelSignals {
 public:
  CancelSignals();
  ~CancelSignals();
  CancelSignals(const CancelSignals&) = delete;
  CancelSignals& operator=(const CancelSignals&) = delete;

  /// Readable when a signal arrived.
  Waitable waitable() const;
  /// The first signal received (0 when none), and how many arrived.
  int first() const;
  int count() const;
  /// Empties what `fd()` holds.
  void Drain() const;
  /// From now on one more signal ends this process at once with `exit_code`, saying so on
  /// stderr: for what must not outlast a second request to stop.
  void ExitOnNext(int exit_code) const;
};

/// Calls `on_first` once, on a thread of its own, with the first signal `signals` received (one
/// that came before the watch began included), if one comes while the object lives.
class SignalWatch {
 public:
  SignalWatch(const CancelSignals& signals, std::function<void(int)> on_first);
  ~SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

 private:
  void Watch(const CancelSignals& signals, const std::function<void(int)>& on_first);
  std::atomic<bool> done_{false};
  std::thread thread_;
};

/// The name of `signal`, as SignalName says it, or "signal N".
std::string DescribeSignalNumber(int signal);

}  // namespace gtest_webhook::platform
