#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
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
  /// Why the command could not be executed at all; empty when it ran.
  std::string exec_error;
};

/// See RunSession::WatchDelivery.
class DeliveryWatch {
 public:
  DeliveryWatch(const platform::CancelSignals& signals, std::chrono::milliseconds grace,
                int exit_code);
  ~DeliveryWatch();
  DeliveryWatch(const DeliveryWatch&) = delete;
  DeliveryWatch& operator=(const DeliveryWatch&) = delete;

 private:
  void Watch(const platform::CancelSignals& signals, std::chrono::milliseconds grace,
             int exit_code);
  std::atomic<bool> done_{false};
  std::thread thread_;
};

/// One GoogleTest process that streamed its results to the run.
struct FollowedProcess {
  int fd = -1;
  std::string pending;  // a line not yet complete
  detail::StreamModel model;
  /// The executable at the other end, when the system could tell.
  std::string binary;
  /// A process of the command's tree holds the other end (or the system cannot tell); false
  /// when its process had closed it before it could be asked.
  bool verified = true;
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
  std::vector<detail::ProcessReport> Processes(const RunRequest& request, const RunOutcome& outcome,
                                               std::vector<detail::InputProblem>& problems,
                                               std::ostream& log);

  /// Keeps SIGINT and SIGTERM caught until the session ends (a second one then ends the process
  /// at once with `exit_code`), for the delivery that follows a cancellation.
  void ExitOnNextSignal(int exit_code) const { signals_.ExitOnNext(exit_code); }

  /// Watches SIGINT and SIGTERM while the object it returns lives: for the delivery that follows
  /// a command that ended by itself. The first signal cuts every delivery to `grace_seconds`
  /// from then (what fails for it is kept in the outbox), and the next one ends this process at
  /// once with `exit_code`.
  std::unique_ptr<DeliveryWatch> WatchDelivery(double grace_seconds, int exit_code) const;

 private:
  RunSession() = default;
  // The environment every process of the tree gets.
  std::vector<std::pair<std::string, std::string>> TreeEnvironment() const;
  void Follow(std::chrono::milliseconds wait);
  void Supervise(platform::ChildProcess& child, const RunRequest& request, RunOutcome& outcome);
  Inputs OutputFiles(const RunRequest& request) const;
  // The processes that reported on their result streams, in `processes`, with their streams and
  // whether an output file of theirs was found.
  struct Streamed {
    std::vector<detail::ProcessReport*> reports;
    std::vector<const FollowedProcess*> streams;
    std::vector<bool> refined;
    // Output files that no stream took.
    std::size_t unused_outputs = 0;
  };
  Inputs CollectFiles(std::ostream& log) const;
  // Leaves out of `processes` the results of streams whose process could not be identified and
  // that nothing vouches for: for finished ones, their own output files or output files that no
  // other stream took; for the one stream that ended early, the failure of the command.
  void LeaveOutUnvouched(const Streamed& streamed, const RunOutcome& outcome,
                         std::vector<detail::ProcessReport>& processes) const;
  void Admit(int fd);
  void RefuseConnection(const std::string& why);

  std::size_t max_message_ = 0;
  std::unique_ptr<platform::TempDirectory> work_;
  std::unique_ptr<platform::LoopbackServer> server_;
  platform::CancelSignals signals_;
  std::vector<std::unique_ptr<FollowedProcess>> followed_;
  bool own_output_ = false;  // the JSON output is the run's (the user set none)
  std::filesystem::file_time_type started_;
  std::optional<detail::InputProblem> refused_;  // a connection that could not be accepted
  int outsiders_ = 0;  // connections from processes outside the tree, closed unread
};

}  // namespace gtest_webhook::cli
