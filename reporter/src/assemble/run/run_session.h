// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// `gtest-webhook run`'s session (SPEC §8, §10): the command started, and every GoogleTest
// process under it followed live, its results gathered into one report by run_processes.h.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "assemble/run_processes.h"
#include "assemble/run_report.h"
#include "capture/named_output.h"
#include "capture/stream_model.h"
#include "platform/capture.h"
#include "platform/files.h"
#include "platform/net.h"
#include "platform/process.h"

namespace gtest_webhook::detail {

/// What `run` was asked to do.
struct RunRequest {
  std::vector<std::string> command;
  double timeout_seconds = 0;  // 0: no limit
  double grace_seconds = 5;
  int retries = 0;  // --retry-failed
};

/// One GoogleTest process that streamed its results to the run.
struct FollowedProcess {
  std::unique_ptr<platform::Connection> connection;  // null once its peer closed it
  std::string pending;                               // a line not yet complete
  StreamModel model;
  std::string binary;    // see FollowedStream
  bool verified = true;  // likewise
  std::int64_t pid = 0;  // likewise
  bool taken = false;    // its report was taken (Processes)
};

/// Runs a command and follows every GoogleTest process under it live: each one streams its
/// results to a loopback port (GoogleTest's own --gtest_stream_result_to, set for the whole
/// tree through GTEST_STREAM_RESULT_TO); processes linked with gtest-webhook also write a
/// crash-safe collect file into a private directory and say so on their stream; plain ones
/// write GoogleTest's JSON into another, unless the user chose an output of their own. Linked
/// processes capture each test's output themselves (SPEC §16); for a plain one that the run
/// starts itself (the command, a retry) the run does, through its own stdout and stderr, which
/// the command's whole tree inherits, telling tests apart by GoogleTest's `[ RUN ]` lines.
class RunSession {
 public:
  /// nullptr, with `why`, when the session cannot be set up. `max_output` is
  /// GTEST_WEBHOOK_MAX_OUTPUT (0: output is not captured).
  static std::unique_ptr<RunSession> Open(std::size_t max_message, std::size_t max_output,
                                          std::string& why);
  ~RunSession();
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  /// Runs `request.command` (or `launch`, a process started again) to its end (or its timeout,
  /// or a cancellation), then stops whatever of its process tree is left. `std::nullopt` when it
  /// cannot be started.
  std::optional<CommandRun> Execute(const RunRequest& request, std::ostream& log,
                                    const platform::ProcessLaunch* launch = nullptr);

  /// What every GoogleTest process that ran tests said, one entry per process in the order they
  /// started: from its collect file when it wrote one, else from its stream completed with its
  /// GoogleTest output file. Problems with collect files are added to `problems`. Each process
  /// is given once: a later call gives those that ran since.
  std::vector<ProcessReport> Processes(const CommandRun& outcome,
                                       std::vector<InputProblem>& problems, std::ostream& log);

  /// Keeps SIGINT and SIGTERM caught until the session ends (a second one then ends the process
  /// at once with `exit_code`), for the delivery that follows a cancellation.
  void ExitOnNextSignal(int exit_code) const { signals_.ExitOnNext(exit_code); }

  /// Whether SIGINT or SIGTERM came.
  bool Cancelled() const { return signals_.count() > 0; }
  /// The first SIGINT or SIGTERM that came (0 when none).
  int FirstSignal() const { return signals_.first(); }

  /// Reads how every test process is started, from now on (for run --retry-failed).
  void KeepLaunches() { keep_launches_ = true; }
  /// How process `pid` was started; nullptr when unknown.
  const platform::ProcessLaunch* LaunchOf(std::int64_t pid) const {
    const auto it = launches_.find(pid);
    return it != launches_.end() ? &it->second : nullptr;
  }
  /// The GoogleTest output the run asks of every process (`json:DIR/`, where GoogleTest never
  /// overwrites a file); empty when the user chose their own.
  std::string RunOutput() const;
  /// How the command was started; nullptr before it was.
  const platform::ProcessLaunch* CommandLaunch() const {
    return command_launch_ ? &*command_launch_ : nullptr;
  }

  /// SIGINT and SIGTERM as the session catches them, to watch while the report is delivered.
  const platform::CancelSignals& signals() const { return signals_; }

 private:
  RunSession() = default;
  // The environment every process of the tree gets.
  std::vector<std::pair<std::string, std::string>> TreeEnvironment() const;
  void Follow(std::chrono::milliseconds wait);
  void Supervise(platform::ChildProcess& child, const RunRequest& request, CommandRun& outcome);
  void Admit(std::unique_ptr<platform::Connection> connection);
  void RefuseConnection(const std::string& why);
  void CaptureOutput(std::size_t max_output);
  void AttachOutputs(std::vector<ProcessReport>& processes);
  // Whether the executable of process `pid` links a sanitizer's runtime.
  bool LinksSanitizer(std::int64_t pid);

  std::size_t max_message_ = 0;
  std::unique_ptr<platform::TempDirectory> work_;
  std::unique_ptr<platform::LoopbackServer> server_;
  platform::CancelSignals signals_;
  std::vector<std::unique_ptr<FollowedProcess>> followed_;
  bool own_output_ = false;  // the JSON output is the run's (the user set none)
  std::filesystem::file_time_type started_;
  std::optional<InputProblem> refused_;  // a connection that could not be accepted
  int outsiders_ = 0;        // connections from processes outside the tree, closed unread
  int unknown_origins_ = 0;  // connections whose holder the system does not name
  bool keep_launches_ = false;
  std::map<std::int64_t, platform::ProcessLaunch> launches_;
  std::map<std::int64_t, std::string> executables_;  // of each test process, by pid
  std::map<std::string, bool> sanitized_;            // whether an executable links a runtime
  std::optional<platform::ProcessLaunch> command_launch_;
  std::set<std::string> taken_ids_;       // collect files already taken
  std::set<std::string> taken_problems_;  // likewise, problems
  // The copier of the run's own output, when the console is no terminal (it lives as long as
  // the process), and what it told of the last process the run started (`started_pid_`), for
  // Processes.
  platform::OutputTee* tee_ = nullptr;
  std::vector<NamedOutput> outputs_;
  std::int64_t started_pid_ = 0;
};

}  // namespace gtest_webhook::detail
