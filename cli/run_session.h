#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "inputs.h"
#include "platform/files.h"
#include "platform/net.h"
#include "platform/process.h"
#include "process_report.h"
#include "stream_model.h"

namespace gtest_webhook::cli {

/// What `run` was asked to do.
struct RunRequest {
  std::vector<std::string> command;
  /// 0: no limit.
  double timeout_seconds = 0;
  double grace_seconds = 5;
};

/// What happened while the command ran.
struct RunOutcome {
  platform::ExitStatus status;
  bool timed_out = false;
  /// The first SIGINT or SIGTERM `run` received (and passed on), 0 when none.
  int canceled_by = 0;
  std::chrono::milliseconds elapsed{0};
  /// Unix milliseconds when the command started.
  std::int64_t started_at_ms = 0;
};

/// One GoogleTest process that streamed its results to the run.
struct FollowedProcess {
  int fd = -1;
  std::string pending;  // a line not yet complete
  detail::StreamModel model;
  /// The executable at the other end, when the system could tell.
  std::string binary;
};

/// Runs a command and follows every GoogleTest process under it live: each one streams its
/// results to a loopback port (GoogleTest's own --gtest_stream_result_to, set for the whole
/// tree through GTEST_STREAM_RESULT_TO); processes linked with gtest-webhook also write a
/// crash-safe collect file into a private directory and say so on their stream; plain ones
/// write GoogleTest's JSON into another, unless the user chose an output of their own.
class RunSession {
 public:
  /// nullptr, with `why`, when the session cannot be set up.
  static std::unique_ptr<RunSession> Open(std::size_t max_message, std::string& why);
  ~RunSession();
  RunSession(const RunSession&) = delete;
  RunSession& operator=(const RunSession&) = delete;

  /// Runs `request.command` to its end (or its timeout, or a cancellation), then stops whatever
  /// of its process tree is left. `std::nullopt` when it cannot be started.
  std::optional<RunOutcome> Execute(const RunRequest& request, std::ostream& log);

  /// What every GoogleTest process that ran tests said, one entry per process in the order they
  /// started: from its collect file when it wrote one, else from its stream completed with its
  /// GoogleTest output file. Problems with collect files are added to `problems`.
  std::vector<detail::ProcessReport> Processes(const RunRequest& request,
                                               std::vector<detail::InputProblem>& problems,
                                               std::ostream& log);

  /// Keeps SIGINT and SIGTERM caught until the session ends (a second one then ends the process
  /// at once with `exit_code`), for the delivery that follows a cancellation.
  void ExitOnNextSignal(int exit_code) const { signals_.ExitOnNext(exit_code); }

 private:
  RunSession() = default;
  // The environment every process of the tree gets.
  std::vector<std::pair<std::string, std::string>> TreeEnvironment() const;
  void Follow(std::chrono::milliseconds wait);
  void Supervise(platform::ChildProcess& child, const RunRequest& request, RunOutcome& outcome);
  Inputs OutputFiles(const RunRequest& request) const;
  void RefuseConnection(const std::string& why);

  std::size_t max_message_ = 0;
  std::unique_ptr<platform::TempDirectory> work_;
  std::unique_ptr<platform::LoopbackServer> server_;
  platform::CancelSignals signals_;
  std::vector<std::unique_ptr<FollowedProcess>> followed_;
  bool own_output_ = false;  // the JSON output is the run's (the user set none)
  std::filesystem::file_time_type started_;
  std::optional<detail::InputProblem> refused_;  // a connection that could not be accepted
};

}  // namespace gtest_webhook::cli
