// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/run_processes.h"

#include <algorithm>
#include <set>

#include "assemble/merge.h"
#include "escape.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

// The processes that reported on their result streams, within the processes of the run, with
// their streams and whether an output file of theirs was found.
struct Streamed {
  std::vector<ProcessReport*> reports;
  std::vector<const FollowedStream*> streams;
  std::vector<bool> refined;
  // Output files that no stream took.
  std::size_t unused_outputs = 0;
};

// The streams among `streamed` whose process could not be identified and that nothing vouches
// for: for finished ones, their own output files or output files that no other stream took; for
// the one stream that ended early, the failure of the command.
std::set<const ProcessReport*> Unvouched(const Streamed& streamed, const CommandRun& facts) {
  std::size_t unfinished = 0;
  std::size_t finished = 0;  // unverified, and no file of their own
  for (std::size_t i = 0; i < streamed.reports.size(); ++i) {
    const auto* report = streamed.reports[i];
    unfinished += report->finished ? 0 : 1;
    if (report->finished && !streamed.streams[i]->verified && !streamed.refined[i]) ++finished;
  }
  // Every process of the tree that finishes writes a GoogleTest output file: as long as there
  // are no more such streams than files that no stream took, the files vouch for them all.
  const bool files_vouch = finished <= streamed.unused_outputs;
  const bool command_failed = facts.status.ShellCode() != 0;
  std::set<const ProcessReport*> unvouched;
  for (std::size_t i = 0; i < streamed.reports.size(); ++i) {
    const auto* report = streamed.reports[i];
    if (streamed.streams[i]->verified || streamed.refined[i]) continue;
    const bool vouched = report->finished ? files_vouch : unfinished == 1 && command_failed;
    if (!vouched) unvouched.insert(report);
  }
  return unvouched;
}

// Completes the streamed processes with their output files, and names their binaries.
void Refine(Streamed& streamed, const std::vector<ProcessReport>& outputs) {
  streamed.refined = RefineWithOutputs(streamed.reports, outputs);
  streamed.unused_outputs =
      outputs.size() -
      static_cast<std::size_t>(std::count(streamed.refined.begin(), streamed.refined.end(), true));
  // The output file names the binary best (valgrind runs as itself, say); else the system did.
  for (std::size_t i = 0; i < streamed.reports.size(); ++i) {
    auto& run = streamed.reports[i]->report.run;
    if (run.binary.empty()) run.binary = streamed.streams[i]->binary;
  }
}

// No process streamed to the run: GoogleTest streams nothing on Windows (and a GoogleTest built
// without it streams nothing anywhere). Then each output file is a process of its own, unless it
// is that of a linked process whose collect file is among `processes` already (the same tests).
void AddUnstreamedOutputs(std::vector<ProcessReport>& processes,
                          const std::vector<ProcessReport>& outputs) {
  std::vector<const ProcessReport*> linked;
  for (const auto& process : processes) linked.push_back(&process);
  const auto used = PairWithOutputs(linked, outputs);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (!used[i]) processes.push_back(outputs[i]);
  }
}

}  // namespace

std::vector<ProcessReport> RunProcesses(const std::vector<FollowedStream>& streams,
                                        Inputs collected, const std::vector<ProcessReport>& outputs,
                                        const CommandRun& facts, std::int64_t now_ms,
                                        std::vector<std::string>& notes) {
  std::set<std::string> announced;
  std::vector<ProcessReport> processes;
  Streamed streamed;
  // Pointers into `processes` stay valid: it never grows past this.
  processes.reserve(streams.size() + collected.processes.size());
  for (const auto& stream : streams) {
    if (!stream.model->started()) continue;  // a listing, or no GoogleTest run at all
    const auto& id = stream.model->announced();
    const auto file = std::find_if(collected.processes.begin(), collected.processes.end(),
                                   [&id](const auto& p) { return p.report.run.id == id; });
    if (!id.empty() && file != collected.processes.end()) {
      announced.insert(id);
      processes.push_back(*file);
      continue;
    }
    processes.push_back(stream.model->Result(now_ms));
    processes.back().pid = stream.pid;
    processes.back().origin =
        "a GoogleTest process" + (stream.binary.empty() ? "" : " (" + stream.binary + ")");
    streamed.reports.push_back(&processes.back());
    streamed.streams.push_back(&stream);
  }
  Refine(streamed, outputs);
  const auto unvouched = Unvouched(streamed, facts);
  if (!unvouched.empty()) {
    notes.push_back("left out the results of " + std::to_string(unvouched.size()) +
                    " connection(s) to the result port whose process had closed them before it "
                    "could be told and that nothing else vouches for (no output file of theirs, "
                    "no failure of the command)");
    processes.erase(std::remove_if(processes.begin(), processes.end(),
                                   [&unvouched](const ProcessReport& process) {
                                     return unvouched.count(&process) != 0;
                                   }),
                    processes.end());
  }
  // A linked process that did not stream to the run (its own --gtest_stream_result_to, say).
  for (auto& process : collected.processes) {
    if (announced.count(process.report.run.id) == 0) processes.push_back(std::move(process));
  }
  if (streamed.reports.empty() && announced.empty()) AddUnstreamedOutputs(processes, outputs);
  return processes;
}

std::vector<ProcessReport> GatherRunProcesses(const std::vector<FollowedStream>& streams,
                                              const RunFiles& files, const CommandRun& facts,
                                              const EnvLookup& env, std::size_t max_message,
                                              std::vector<InputProblem>& problems,
                                              std::ostream& log) {
  // The collect files of linked processes, which each announced on its stream by id.
  auto collected = ReadDirectoryFiles(files.collect_dir, max_message, log);
  problems.insert(problems.end(), collected.problems.begin(), collected.problems.end());
  auto outputs = RequestedOutputs(facts.command, env);
  if (!files.json_dir.empty()) outputs.push_back({files.json_dir, true});
  const auto written = ReadOutputsSince(outputs, files.since, max_message);
  std::vector<std::string> notes;
  auto processes =
      RunProcesses(streams, std::move(collected), written.processes, facts, NowUnixMs(), notes);
  for (const auto& note : notes) PrintLine(log, "gtest-webhook run: " + note);
  return processes;
}

}  // namespace gtest_webhook::detail
