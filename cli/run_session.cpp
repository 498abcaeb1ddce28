#include "run_session.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "delivery.h"
#include "inputs.h"
#include "merge.h"
#include "print.h"

namespace gtest_webhook::cli {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::chrono::milliseconds Seconds(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

std::string CollectDirectory(const platform::TempDirectory& work) {
  return work.path() + "/collect";
}

std::string JsonDirectory(const platform::TempDirectory& work) { return work.path() + "/gtest/"; }

// Output files the user asked GoogleTest for, in GTEST_OUTPUT or on the command line
// (`--gtest_output=json:PATH`, `xml:DIR/`), which GoogleTest writes instead of the run's.
struct UserOutput {
  std::string path;
  bool directory = false;  // GoogleTest names the files in it after the executable
};

std::vector<UserOutput> UserOutputs(const std::vector<std::string>& command) {
  std::vector<std::string> values;
  if (const char* env = std::getenv("GTEST_OUTPUT")) values.emplace_back(env);
  const std::string flag = "--gtest_output=";
  for (const auto& arg : command) {
    if (arg.rfind(flag, 0) == 0) values.push_back(arg.substr(flag.size()));
  }
  std::vector<UserOutput> outputs;
  for (const auto& value : values) {
    const auto colon = value.find(':');
    // `json` alone is GoogleTest's test_detail.json in the working directory.
    const auto path = colon == std::string::npos || colon + 1 == value.size()
                          ? "test_detail." + value.substr(0, colon)
                          : value.substr(colon + 1);
    outputs.push_back({path, path.back() == '/'});
  }
  return outputs;
}

}  // namespace

std::unique_ptr<RunSession> RunSession::Open(std::size_t max_message, std::string& why) {
  std::unique_ptr<RunSession> session(new RunSession());
  session->max_message_ = max_message;
  session->work_ = platform::TempDirectory::Create("gtest-webhook-run-", why);
  if (!session->work_) return nullptr;
  session->server_ = platform::LoopbackServer::Open(why);
  if (!session->server_) return nullptr;
  session->own_output_ = std::getenv("GTEST_OUTPUT") == nullptr;
  return session;
}

RunSession::~RunSession() {
  for (const auto& process : followed_) platform::CloseFd(process->fd);
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
  if (own_output_) environment.emplace_back("GTEST_OUTPUT", "json:" + JsonDirectory(*work_));
  return environment;
}

void RunSession::Follow(std::chrono::milliseconds wait) {
  std::vector<int> fds = {server_->fd(), signals_.fd()};
  for (const auto& process : followed_) fds.push_back(process->fd);
  const auto ready = platform::WaitReadable(fds, wait);
  if (ready[0]) {
    std::string why;
    for (const int fd : server_->Accept(why)) Admit(fd);
    if (!why.empty()) RefuseConnection(why);
  }
  if (ready[1]) signals_.Drain();
  for (std::size_t i = 2; i < fds.size(); ++i) {
    auto& process = *followed_[i - 2];
    if (!ready[i] || process.fd < 0) continue;
    const bool open = platform::ReadAvailable(process.fd, process.pending);
    const auto now = NowUnixMs();
    std::size_t begin = 0;
    for (auto newline = process.pending.find('\n'); newline != std::string::npos;
         newline = process.pending.find('\n', begin)) {
      process.model.Feed(std::string_view(process.pending).substr(begin, newline - begin), now);
      begin = newline + 1;
    }
    process.pending.erase(0, begin);
    if (!open) {
      platform::CloseFd(process.fd);
      process.fd = -1;
    }
  }
  followed_.erase(std::remove_if(followed_.begin(), followed_.end(),
                                 [](const auto& p) { return p->fd < 0 && !p->model.started(); }),
                  followed_.end());
}

void RunSession::Admit(int fd) {
  // Asked now, while the process runs: it may be gone by the time its name is needed.
  const auto peer = platform::IdentifyPeer(fd);
  if (peer.origin == platform::PeerOrigin::kOutside) {
    // Only the command's own processes report: any local process can reach the port. Closed
    // unread, so that it never holds the run either.
    platform::CloseFd(fd);
    if (outsiders_++ == 0) {
      detail::PrintLine(std::cerr,
                        "gtest-webhook run: refused a connection to the run's result port from a "
                        "process outside the command's process tree; only the tree's results "
                        "count");
    }
    return;
  }
  // One whose process closed it before it could be asked (a test that crashed at once, or an
  // outsider that was quick) counts only when something vouches for it: see LeaveOutUnvouched.
  followed_.push_back(std::make_unique<FollowedProcess>(
      FollowedProcess{fd,
                      {},
                      detail::StreamModel(max_message_),
                      peer.executable,
                      peer.origin != platform::PeerOrigin::kGone}));
}

void RunSession::RefuseConnection(const std::string& why) {
  if (!refused_) {
    detail::PrintLine(std::cerr, "gtest-webhook run: cannot take a test process's results (" + why +
                                     "); they are missing from the report");
    refused_ = detail::InputProblem{"gtest-webhook run",
                                    "a test process's results could not be taken (" + why + ")"};
  }
  // The connection waits in the queue and the socket stays readable: do not spin on it.
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void RunSession::Supervise(platform::ChildProcess& child, const RunRequest& request,
                           RunOutcome& outcome) {
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

std::optional<RunOutcome> RunSession::Execute(const RunRequest& request, std::ostream& log) {
  RunOutcome outcome;
  outcome.started_at_ms = NowUnixMs();
  started_ = fs::file_time_type::clock::now() - std::chrono::seconds(1);  // coarse file times
  std::string why;
  auto child = platform::ChildProcess::Start(request.command, TreeEnvironment(), why);
  if (!child) {
    detail::PrintLine(log, "gtest-webhook run: " + why);
    return std::nullopt;
  }
  outcome.exec_error = child->exec_error();
  if (!outcome.exec_error.empty())
    detail::PrintLine(log, "gtest-webhook run: " + outcome.exec_error);
  Supervise(*child, request, outcome);
  // Whatever the command left behind goes too; what the processes wrote before they ended is
  // still in the connections.
  child->KillTree();
  child.reset();
  const auto until = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < until && std::any_of(followed_.begin(), followed_.end(),
                                             [](const auto& p) { return p->fd >= 0; })) {
    Follow(std::chrono::milliseconds(20));
  }
  return outcome;
}

// GoogleTest's own output files of this run: the run's JSON directory, or what the user asked
// for. Files from before the run are left alone.
Inputs RunSession::OutputFiles(const RunRequest& request) const {
  Inputs outputs;
  std::ostream quiet(nullptr);  // these only complete the streams; their notes say nothing new
  const auto read_directory = [&](const std::string& directory) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory, error)) {
      std::error_code ignored;
      if (entry.is_regular_file(ignored) && entry.last_write_time(ignored) >= started_) {
        ReadInputFile(entry.path().string(), max_message_, true, outputs, quiet);
      }
    }
  };
  if (own_output_) read_directory(JsonDirectory(*work_));
  for (const auto& output : UserOutputs(request.command)) {
    std::error_code error;
    if (output.directory) {
      read_directory(output.path);
    } else if (fs::last_write_time(output.path, error) >= started_ && !error) {
      ReadInputFile(output.path, max_message_, false, outputs, quiet);
    }
  }
  return outputs;
}

Inputs RunSession::CollectFiles(std::ostream& log) const {
  Inputs collected;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(CollectDirectory(*work_), error)) {
    if (entry.path().filename().string().front() == '.') continue;
    ReadInputFile(entry.path().string(), max_message_, false, collected, log);
  }
  return collected;
}

std::vector<detail::ProcessReport> RunSession::Processes(
    const RunRequest& request, const RunOutcome& outcome,
    std::vector<detail::InputProblem>& problems, std::ostream& log) {
  // The collect files of linked processes, which each announced on its stream by id.
  auto collected = CollectFiles(log);
  problems.insert(problems.end(), collected.problems.begin(), collected.problems.end());
  if (refused_) problems.push_back(*refused_);
  std::set<std::string> announced;
  std::vector<detail::ProcessReport> processes;
  Streamed streamed;
  const auto now = NowUnixMs();
  processes.reserve(followed_.size() + collected.processes.size());
  for (const auto& process : followed_) {
    if (!process->model.started()) continue;  // a listing, or no GoogleTest run at all
    const auto& id = process->model.announced();
    const auto file = std::find_if(collected.processes.begin(), collected.processes.end(),
                                   [&id](const auto& p) { return p.report.run.id == id; });
    if (!id.empty() && file != collected.processes.end()) {
      announced.insert(id);
      processes.push_back(*file);
      continue;
    }
    processes.push_back(process->model.Result(now));
    processes.back().origin =
        "a GoogleTest process" + (process->binary.empty() ? "" : " (" + process->binary + ")");
    streamed.reports.push_back(&processes.back());
    streamed.streams.push_back(process.get());
  }
  const auto outputs = OutputFiles(request).processes;
  streamed.refined = detail::RefineWithOutputs(streamed.reports, outputs);
  streamed.unused_outputs =
      outputs.size() -
      static_cast<std::size_t>(std::count(streamed.refined.begin(), streamed.refined.end(), true));
  // The output file names the binary best (valgrind runs as itself, say); else the system did.
  for (std::size_t i = 0; i < streamed.reports.size(); ++i) {
    auto& run = streamed.reports[i]->report.run;
    if (run.binary.empty()) run.binary = streamed.streams[i]->binary;
  }
  LeaveOutUnvouched(streamed, outcome, processes);
  // A linked process that did not stream to the run (its own --gtest_stream_result_to, say).
  for (auto& process : collected.processes) {
    if (announced.count(process.report.run.id) == 0) processes.push_back(std::move(process));
  }
  return processes;
}

void RunSession::LeaveOutUnvouched(const Streamed& streamed, const RunOutcome& outcome,
                                   std::vector<detail::ProcessReport>& processes) const {
  std::size_t unfinished = 0;
  std::vector<const detail::ProcessReport*> finished;  // unverified, and no file of their own
  for (std::size_t i = 0; i < streamed.reports.size(); ++i) {
    const auto* report = streamed.reports[i];
    unfinished += report->finished ? 0 : 1;
    if (report->finished && !streamed.streams[i]->verified && !streamed.refined[i]) {
      finished.push_back(report);
    }
  }
  // Every process of the tree that finishes writes a GoogleTest output file: as long as there
  // are no more such streams than files that no stream took, the files vouch for them all.
  const bool files_vouch = finished.size() <= streamed.unused_outputs;
  const bool command_failed = outcome.status.ShellCode() != 0;
  std::set<const detail::ProcessReport*> unvouched;
  for (std::size_t i = 0; i < streamed.reports.size(); ++i) {
    const auto* report = streamed.reports[i];
    if (streamed.streams[i]->verified || streamed.refined[i]) continue;
    const bool vouched = report->finished ? files_vouch : unfinished == 1 && command_failed;
    if (!vouched) unvouched.insert(report);
  }
  if (unvouched.empty()) return;
  detail::PrintLine(std::cerr, "gtest-webhook run: left out the results of " +
                                   std::to_string(unvouched.size()) +
                                   " connection(s) to the result port whose process had closed "
                                   "them before it could be told and that nothing else vouches "
                                   "for (no output file of theirs, no failure of the command)");
  processes.erase(std::remove_if(processes.begin(), processes.end(),
                                 [&unvouched](const detail::ProcessReport& process) {
                                   return unvouched.count(&process) != 0;
                                 }),
                  processes.end());
}

DeliveryWatch::DeliveryWatch(const platform::CancelSignals& signals,
                             std::chrono::milliseconds grace, int exit_code)
    : thread_([this, &signals, grace, exit_code] { Watch(signals, grace, exit_code); }) {}

DeliveryWatch::~DeliveryWatch() {
  done_ = true;
  thread_.join();
}

void DeliveryWatch::Watch(const platform::CancelSignals& signals, std::chrono::milliseconds grace,
                          int exit_code) {
  // Watched only when the command was not cancelled: any signal so far, even one that came as it
  // ended, is a request to stop.
  while (!done_) {
    if (signals.count() == 0) {
      platform::WaitReadable({signals.fd()}, std::chrono::milliseconds(100));
      signals.Drain();
      continue;
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3g", static_cast<double>(grace.count()) / 1000);
    detail::PrintLine(std::cerr, std::string("gtest-webhook run: ") +
                                     platform::DescribeSignalNumber(signals.first()) +
                                     " while delivering the report: it gets at most " + seconds +
                                     " s more (--grace), and another signal stops at once");
    CutDeliveries(Clock::now() + grace);
    signals.ExitOnNext(exit_code);
    return;
  }
}

std::unique_ptr<DeliveryWatch> RunSession::WatchDelivery(double grace_seconds,
                                                         int exit_code) const {
  return std::make_unique<DeliveryWatch>(signals_, Seconds(grace_seconds), exit_code);
}

}  // namespace gtest_webhook::cli
