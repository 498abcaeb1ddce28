#include "run_session.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "inputs.h"
#include "merge.h"

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
    for (const int fd : server_->Accept(why)) {
      auto process = std::make_unique<FollowedProcess>(
          FollowedProcess{fd, {}, detail::StreamModel(max_message_), {}});
      // Asked now, while the process runs: it may be gone by the time its name is needed.
      process->binary = platform::PeerExecutableName(fd);
      followed_.push_back(std::move(process));
    }
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

void RunSession::RefuseConnection(const std::string& why) {
  if (!refused_) {
    std::cerr << "gtest-webhook run: cannot take a test process's results (" << why
              << "); they are missing from the report\n";
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
    log << "gtest-webhook run: " << why << '\n';
    return std::nullopt;
  }
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

std::vector<detail::ProcessReport> RunSession::Processes(
    const RunRequest& request, std::vector<detail::InputProblem>& problems, std::ostream& log) {
  // The collect files of linked processes, which each announced on its stream by id.
  Inputs collected;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(CollectDirectory(*work_), error)) {
    if (entry.path().filename().string().front() == '.') continue;
    ReadInputFile(entry.path().string(), max_message_, false, collected, log);
  }
  problems.insert(problems.end(), collected.problems.begin(), collected.problems.end());
  if (refused_) problems.push_back(*refused_);
  std::set<std::string> announced;
  std::vector<detail::ProcessReport> processes;
  std::vector<detail::ProcessReport*> streamed;
  std::vector<const FollowedProcess*> streams;
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
    streamed.push_back(&processes.back());
    streams.push_back(process.get());
  }
  detail::RefineWithOutputs(streamed, OutputFiles(request).processes);
  // The output file names the binary best (valgrind runs as itself, say); else the system did.
  for (std::size_t i = 0; i < streamed.size(); ++i) {
    auto& run = streamed[i]->report.run;
    if (run.binary.empty()) run.binary = streams[i]->binary;
  }
  // A linked process that did not stream to the run (its own --gtest_stream_result_to, say).
  for (auto& process : collected.processes) {
    if (announced.count(process.report.run.id) == 0) processes.push_back(std::move(process));
  }
  return processes;
}

}  // namespace gtest_webhook::cli
