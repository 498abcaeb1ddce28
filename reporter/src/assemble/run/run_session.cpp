// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/run/run_session.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "capture/capture_start.h"
#include "escape.h"
#include "model/text.h"
#include "platform/signals.h"

namespace gtest_webhook::detail {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds Seconds(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// Where the tree's linked processes collect, and where plain ones write GoogleTest's JSON.
std::string CollectDirectory(const platform::TempDirectory& work) {
  return work.path() + "/collect";
}
std::string JsonDirectory(const platform::TempDirectory& work) { return work.path() + "/gtest/"; }

// The run's own output capture: it lives as long as the process, kept where a leak checker sees
// it, since the copier reads until the very end and the run's last words at exit wait for it.
platform::OutputTee* g_tee = nullptr;

void SyncLastWords() {
  if (g_tee != nullptr) g_tee->Sync();
}

}  // namespace

std::unique_ptr<RunSession> RunSession::Open(std::size_t max_message, std::size_t max_output,
                                             std::string& why) {
  std::unique_ptr<RunSession> session(new RunSession());
  session->max_message_ = max_message;
  // First, while this process has one thread and no children: the copier is no one's child.
  session->CaptureOutput(max_output);
  session->work_ = platform::TempDirectory::Create("gtest-webhook-run-", why);
  if (!session->work_) return nullptr;
  session->server_ = platform::LoopbackServer::Open(why);
  if (!session->server_) return nullptr;
  session->own_output_ = !ProcessEnvironment()("GTEST_OUTPUT");
  return session;
}

RunSession::~RunSession() = default;

void RunSession::CaptureOutput(std::size_t max_output) {
  if (max_output == 0 || platform::StandardStreamIsTerminal()) return;
  std::cout.flush();
  std::cerr.flush();
  if (g_tee != nullptr) {
    tee_ = g_tee;  // a second session in this process: the capture is the same
    return;
  }
  std::string why;
  auto tee = StartTee(NamedOutputRecipe(max_output), {}, why);
  if (!tee) {
    PrintLine(std::cerr,
              "gtest-webhook run: GTEST_WEBHOOK_MAX_OUTPUT: cannot capture the tests' "
              "output (" +
                  why + "); reports say what failed without it");
    return;
  }
  g_tee = tee_ = tee.release();
  // At exit, and before the run stops at once on a second signal; not on the first SIGINT or
  // SIGTERM, which are the run's to pass on to the command (CancelSignals): it goes on capturing.
  platform::RecordLastWords(&SyncLastWords, /*on_fatal_signals=*/false);
}

// What the run's capture saw of the process it started goes to that process's tests (see
// CapturedProcess).
void RunSession::AttachOutputs(std::vector<ProcessReport>& processes) {
  if (outputs_.empty()) return;
  if (auto* target = CapturedProcess(processes, started_pid_)) {
    AttributeOutputs(std::move(outputs_), LinksSanitizer(target->pid), max_message_, *target);
  }
  outputs_.clear();
}

bool RunSession::LinksSanitizer(std::int64_t pid) {
  const auto path = executables_.find(pid);
  if (path == executables_.end() || path->second.empty()) return false;
  const auto [known, added] = sanitized_.try_emplace(path->second, false);
  // Bounded: the marks are among the first bytes of an executable (its dynamic symbols).
  constexpr std::uint64_t kExecutableBytes = 256ULL << 20U;
  if (added) {
    known->second = platform::FileHoldsAny(path->second, SanitizerRuntimeMarks(), kExecutableBytes);
  }
  return known->second;
}

std::string RunSession::RunOutput() const {
  return own_output_ ? "json:" + JsonDirectory(*work_) : std::string();
}

std::vector<std::pair<std::string, std::string>> RunSession::TreeEnvironment() const {
  const auto stream = "127.0.0.1:" + std::to_string(server_->port());
  std::vector<std::pair<std::string, std::string>> environment = {
      {"GTEST_STREAM_RESULT_TO", stream},
      // Processes linked with gtest-webhook collect into the run's own directory (whatever the
      // user's GTEST_WEBHOOK_COLLECT_DIR, which is where this run's one report goes) and say
      // so on their stream.
      {"GTEST_WEBHOOK_COLLECT_DIR", CollectDirectory(*work_)},
      {"GTEST_WEBHOOK_RUN_STREAM", stream},
  };
  if (own_output_) environment.emplace_back("GTEST_OUTPUT", RunOutput());
  return environment;
}

void RunSession::Follow(std::chrono::milliseconds wait) {
  std::vector<platform::Waitable> waitables = {server_->waitable(), signals_.waitable()};
  std::vector<FollowedProcess*> reading;
  for (const auto& process : followed_) {
    if (!process->connection) continue;
    waitables.push_back(process->connection->waitable());
    reading.push_back(process.get());
  }
  const auto ready = platform::WaitReadable(waitables, wait);
  if (ready[0]) {
    std::string why;
    for (auto& connection : server_->Accept(why)) Admit(std::move(connection));
    if (!why.empty()) RefuseConnection(why);
  }
  if (ready[1]) signals_.Drain();
  for (std::size_t i = 0; i < reading.size(); ++i) {
    auto& process = *reading[i];
    if (!ready[i + 2]) continue;
    const bool open = process.connection->ReadAvailable(process.pending);
    process.model.FeedComplete(process.pending, NowUnixMs());
    if (!open) process.connection.reset();
  }
  followed_.erase(
      std::remove_if(followed_.begin(), followed_.end(),
                     [](const auto& p) { return !p->connection && !p->model.started(); }),
      followed_.end());
}

void RunSession::Admit(std::unique_ptr<platform::Connection> connection) {
  // Asked now, while the process runs: it may be gone by the time its name is needed.
  const auto peer = connection->Identify();
  if (peer.origin == platform::PeerOrigin::kOutside) {
    // Only the command's own processes report: any local process can reach the port. Closed
    // unread, so that it never holds the run either.
    connection.reset();
    if (outsiders_++ == 0) {
      PrintLine(std::cerr,
                "gtest-webhook run: refused a connection to the run's result port from a "
                "process outside the command's process tree; only the tree's results "
                "count");
    }
    return;
  }
  if (peer.origin == platform::PeerOrigin::kUnknown && unknown_origins_++ == 0) {
    PrintLine(std::cerr,
              "gtest-webhook run: this system does not say which process holds a "
              "connection to the run's result port, so results that reach it are taken "
              "from any local process (docs/platforms.md)");
  }
  // One whose process closed it before it could be asked (a test that crashed at once, or an
  // outsider that was quick) counts only when something vouches for it: see LeaveOutUnvouched.
  followed_.push_back(
      std::make_unique<FollowedProcess>(FollowedProcess{std::move(connection),
                                                        {},
                                                        StreamModel(max_message_),
                                                        peer.executable,
                                                        peer.origin != platform::PeerOrigin::kGone,
                                                        std::max<std::int64_t>(0, peer.pid)}));
  if (peer.pid > 0) executables_[peer.pid] = peer.executable_path;
  // How it was started, read while it runs, so that a test that fails in it can be run again
  // the same way (run --retry-failed).
  if (keep_launches_ && peer.pid > 0) {
    if (auto launch = platform::LaunchOf(peer.pid)) launches_[peer.pid] = std::move(*launch);
  }
}

void RunSession::RefuseConnection(const std::string& why) {
  if (!refused_) {
    PrintLine(std::cerr, "gtest-webhook run: cannot take a test process's results (" + why +
                             "); they are missing from the report");
    refused_ = InputProblem{"gtest-webhook run",
                            "a test process's results could not be taken (" + why + ")"};
  }
  // The connection waits in the queue and the socket stays readable: do not spin on it.
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void RunSession::Supervise(platform::ChildProcess& child, const RunRequest& request,
                           CommandRun& outcome) {
  const auto start = Clock::now();
  const auto grace = Seconds(request.grace_seconds);
  std::optional<Clock::time_point> kill_at;
  int signals_seen = 0;
  while (true) {
    Follow(std::chrono::milliseconds(50));
    if (const auto status = child.Poll()) {
      outcome.status = *status;
      break;
    }
    const auto now = Clock::now();
    if (signals_.count() > signals_seen) {
      // The first SIGINT or SIGTERM is passed on to the whole tree; another one stops it now.
      if (signals_seen == 0) {
        outcome.canceled_by = signals_.first();
        child.SignalTree(outcome.canceled_by);
        kill_at = now + grace;
      } else {
        child.KillTree();
      }
      signals_seen = signals_.count();
    }
    if (request.timeout_seconds > 0 && !outcome.timed_out &&
        now - start >= Seconds(request.timeout_seconds)) {
      outcome.timed_out = true;
      child.TerminateTree();
      kill_at = now + grace;
    }
    if (kill_at && now >= *kill_at) {
      child.KillTree();
      kill_at.reset();
    }
  }
  outcome.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

std::optional<CommandRun> RunSession::Execute(const RunRequest& request, std::ostream& log,
                                              const platform::ProcessLaunch* launch) {
  CommandRun outcome;
  outcome.command = request.command;
  outcome.timeout_seconds = request.timeout_seconds;
  outcome.started_at_ms = NowUnixMs();
  started_ =
      std::filesystem::file_time_type::clock::now() - std::chrono::seconds(1);  // coarse file times
  std::string why;
  auto child = launch != nullptr
                   ? platform::ChildProcess::Start(*launch, why)
                   : platform::ChildProcess::Start(request.command, TreeEnvironment(), why);
  if (!child) {
    PrintLine(log, "gtest-webhook run: " + why);
    return std::nullopt;
  }
  outcome.exec_error = child->exec_error();
  if (keep_launches_ && launch == nullptr) {
    command_launch_ = platform::LaunchOfCommand(request.command, TreeEnvironment());
  }
  if (!outcome.exec_error.empty()) PrintLine(log, "gtest-webhook run: " + outcome.exec_error);
  Supervise(*child, request, outcome);
  // Whatever the command left behind goes too, once the test processes' copiers have written
  // their last bytes (SPEC §16); what the processes wrote before they ended is still in the
  // connections.
  child->AwaitCopiers(std::chrono::seconds(5));
  child->KillTree();
  started_pid_ = child->pid();
  child.reset();
  const auto until = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < until && std::any_of(followed_.begin(), followed_.end(), [](const auto& p) {
           return p->connection != nullptr;
         })) {
    Follow(std::chrono::milliseconds(20));
  }
  if (tee_) {
    const auto answer = tee_->Ask(NamedTestOutput::kAskNamed, std::chrono::seconds(10));
    outputs_ = answer ? DecodeNamed(*answer) : std::vector<NamedOutput>{};
  }
  return outcome;
}

std::vector<ProcessReport> RunSession::Processes(const CommandRun& outcome,
                                                 std::vector<InputProblem>& problems,
                                                 std::ostream& log) {
  std::vector<InputProblem> found;
  if (refused_) found.push_back(*refused_);
  std::vector<FollowedStream> streams;
  for (const auto& process : followed_) {
    if (process->taken) continue;
    process->taken = true;
    streams.push_back({&process->model, process->binary, process->verified, process->pid});
  }
  const RunFiles files{CollectDirectory(*work_),
                       own_output_ ? JsonDirectory(*work_) : std::string(), started_};
  auto processes =
      GatherRunProcesses(streams, files, outcome, ProcessEnvironment(), max_message_, found, log);
  // Collect files and problems are found again by a later call: each counts once.
  processes.erase(std::remove_if(processes.begin(), processes.end(),
                                 [this](const ProcessReport& process) {
                                   return process.kind == InputKind::kCollect &&
                                          !taken_ids_.insert(process.report.run.id).second;
                                 }),
                  processes.end());
  AttachOutputs(processes);
  for (auto& problem : found) {
    if (taken_problems_.insert(problem.origin + '\n' + problem.what).second) {
      problems.push_back(std::move(problem));
    }
  }
  return processes;
}

}  // namespace gtest_webhook::detail
