// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/merge.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "assemble/attempts.h"
#include "assemble/complete.h"
#include "capture/collect_format.h"

namespace gtest_webhook::detail {
namespace {

// A run-wide fact that the merged report states only when every input that says anything
// says the same.
template <typename T>
class Common {
 public:
  void Add(const std::optional<T>& value) {
    if (!value || conflicting_) return;
    if (value_ && !(*value_ == *value)) {
      conflicting_ = true;
      value_.reset();
    } else {
      value_ = value;
    }
  }
  const std::optional<T>& value() const { return value_; }

 private:
  std::optional<T> value_;
  bool conflicting_ = false;
};

std::optional<std::string> Said(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// Which status of the processes the merged run takes: the most severe one.
int Severity(RunStatus status) {
  switch (status) {
    case RunStatus::kCanceled:
      return 3;
    case RunStatus::kTimeout:
      return 2;
    case RunStatus::kCrashed:
      return 1;
    case RunStatus::kFinished:
      break;
  }
  return 0;
}

// Everything `run` says, gathered over the processes.
class RunFacts {
 public:
  void Add(const ProcessReport& process) {
    const auto& run = process.report.run;
    if (run.started_at_ms > 0 && (started_ == 0 || run.started_at_ms < started_)) {
      started_ = run.started_at_ms;
    }
    finished_ = std::max(finished_, run.finished_at_ms);
    for (const auto& binary :
         run.binaries.empty() ? std::vector<std::string>{run.binary} : run.binaries) {
      if (!binary.empty() && known_.insert(binary).second) binaries_.push_back(binary);
    }
    processes_ += run.processes;
    parts_ += 1;
    host_.Add(Said(run.host));
    filter_.Add(Said(run.filter));
    seed_.Add(run.random_seed);
    iterations_ = std::max(iterations_, run.iterations);
    disabled_ += run.disabled;
    shard_ = run.shard;
    const auto status = process.finished ? run.status : RunStatus::kCrashed;
    if (Severity(status) > Severity(status_)) status_ = status;
    if (run.shard && !run.binary.empty()) {
      auto& seen = shards_[{run.binary, run.shard->total}];
      seen.insert(run.shard->index);
    }
  }

  void Apply(RunInfo& run) const {
    run.started_at_ms = started_;
    run.finished_at_ms = std::max(finished_, started_);
    run.binaries = binaries_;
    run.binary = binaries_.size() == 1 ? binaries_.front() : std::string();
    run.processes = processes_;
    run.host = host_.value().value_or("");
    run.filter = filter_.value().value_or("");
    run.random_seed = seed_.value();
    run.iterations = std::max(1, iterations_);
    run.disabled = disabled_;
    run.status = status_;
    // One process keeps its shard; shards of a binary merged together are the whole binary.
    run.shard = parts_ == 1 ? shard_ : std::nullopt;
  }

  // Shards of a binary merged with some of its other shards but not all of them.
  std::vector<std::pair<std::string, Shard>> MissingShards() const {
    std::vector<std::pair<std::string, Shard>> missing;
    for (const auto& [key, seen] : shards_) {
      if (seen.size() < 2) continue;  // one shard alone is a report of that shard
      for (int index = 0; index < key.second; ++index) {
        if (seen.count(index) == 0) missing.emplace_back(key.first, Shard{index, key.second});
      }
    }
    return missing;
  }

 private:
  std::int64_t started_ = 0;
  std::int64_t finished_ = 0;
  std::vector<std::string> binaries_;
  std::set<std::string> known_;
  int processes_ = 0;
  int parts_ = 0;
  Common<std::string> host_;
  Common<std::string> filter_;
  Common<std::int64_t> seed_;
  int iterations_ = 0;
  int disabled_ = 0;
  std::optional<Shard> shard_;
  RunStatus status_ = RunStatus::kFinished;
  std::map<std::pair<std::string, int>, std::set<int>> shards_;
};

TestCase ErrorEntry(std::string class_name, std::string name, std::string message) {
  TestCase entry;
  entry.class_name = std::move(class_name);
  entry.name = std::move(name);
  entry.status = Status::kError;
  entry.message = std::move(message);
  entry.outside_test = true;
  return entry;
}

std::string Explain(const Ending& ending) {
  if (!ending.explanation.empty()) return ending.explanation;
  if (!ending.signal.empty()) return "crashed: killed by " + DescribeSignal(ending.signal);
  if (ending.exit_code) {
    return "crashed: exited with code " + std::to_string(*ending.exit_code) +
           " before GoogleTest finished";
  }
  if (ending.called_exit) return "crashed: exit() was called before GoogleTest finished";
  if (ending.streamed) {
    return "crashed: the process ended before GoogleTest finished (its result stream closed "
           "while this was running)";
  }
  return "crashed: the process ended before GoogleTest finished and recorded no signal (killed "
         "by SIGKILL or the out-of-memory killer, or it called _exit())";
}

// The entry that blames a process that ended early: the test (or phase) it was in.
TestCase Culprit(ProcessReport& process) {
  const auto& binary = process.report.run.binary;
  TestCase culprit =
      process.running ? std::move(*process.running)
                      : ErrorEntry(kInputsClassName, binary.empty() ? process.origin : binary, "");
  culprit.status = Status::kError;
  culprit.binary = binary;
  if (!culprit.message.empty()) culprit.message += "\n\n";
  culprit.message += Explain(process.ending);
  return culprit;
}

// What identifies the tests a process ran: the names of its last iteration's executions.
std::vector<std::string> TestSet(const Report& report) {
  int last = 0;
  for (const auto& test : report.test_cases) last = std::max(last, test.iteration);
  std::vector<std::string> names;
  for (const auto& test : report.test_cases) {
    if (!test.outside_test && test.iteration == last) names.push_back(FullName(test));
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Whether `processes[i]` is a GoogleTest output file of a process whose collect file is also
// there: the same tests (`sets`, one per process), started within GoogleTest's one-second
// timestamps of each other.
bool IsCollectedTwin(std::size_t i, const std::vector<ProcessReport>& processes,
                     const std::vector<std::vector<std::string>>& sets) {
  constexpr std::int64_t kSameStartMs = 2000;
  if (processes[i].kind != InputKind::kGoogleTestOutput) return false;
  for (std::size_t j = 0; j < processes.size(); ++j) {
    if (processes[j].kind == InputKind::kCollect &&
        std::abs(processes[j].report.run.started_at_ms - processes[i].report.run.started_at_ms) <=
            kSameStartMs &&
        sets[j] == sets[i]) {
      return true;
    }
  }
  return false;
}

bool IsDuplicate(const ProcessReport& process, std::map<std::string, std::string>& seen,
                 std::vector<std::string>& notes) {
  const auto& id = process.report.run.id;
  if (id.empty()) return false;
  const auto [it, inserted] = seen.emplace(id, process.origin);
  if (inserted) return false;
  notes.push_back(process.origin + ": the same results as " + it->second + "; counted once");
  return true;
}

}  // namespace

Report Merge(std::vector<ProcessReport> processes, const std::vector<InputProblem>& problems,
             std::vector<std::string>& notes) {
  // Decided before anything is moved out of the processes.
  std::vector<std::vector<std::string>> sets;
  for (const auto& process : processes) sets.push_back(TestSet(process.report));
  std::vector<bool> duplicate(processes.size());
  std::map<std::string, std::string> seen;
  int twins = 0;
  for (std::size_t i = 0; i < processes.size(); ++i) {
    const bool twin = IsCollectedTwin(i, processes, sets);
    twins += twin ? 1 : 0;
    duplicate[i] = twin || IsDuplicate(processes[i], seen, notes);
  }
  if (twins > 0) {
    notes.push_back(std::to_string(twins) +
                    " GoogleTest output file(s) are of processes whose collect files are here "
                    "too, which say more; each process is counted once");
  }
  NumberAttempts(processes, duplicate);
  Report merged;
  RunFacts facts;
  for (std::size_t i = 0; i < processes.size(); ++i) {
    if (duplicate[i]) continue;
    auto& process = processes[i];
    facts.Add(process);
    for (auto& entry : process.report.test_cases) {
      if (entry.binary.empty()) entry.binary = process.report.run.binary;
      merged.test_cases.push_back(std::move(entry));
    }
    if (!process.finished) merged.test_cases.push_back(Culprit(process));
  }
  facts.Apply(merged.run);
  for (const auto& [binary, shard] : facts.MissingShards()) {
    merged.test_cases.push_back(ErrorEntry(
        kInputsClassName, DefaultReportName(binary, shard),
        "no input has shard " + std::to_string(shard.index) + " of " + std::to_string(shard.total) +
            " of " + binary +
            ": its results are missing (was its job cancelled, or its results not kept?)"));
  }
  for (const auto& problem : problems) {
    merged.test_cases.push_back(ErrorEntry(kInputsClassName, problem.origin, problem.what));
  }
  return merged;
}

namespace {

void Refine(Report& streamed, const Report& output) {
  std::map<std::string, const TestCase*> by_name;
  for (const auto& test : output.test_cases) {
    if (!test.outside_test) by_name.emplace(FullName(test), &test);
  }
  for (auto& test : streamed.test_cases) {
    const auto it = by_name.find(FullName(test));
    if (test.outside_test || it == by_name.end()) continue;
    const TestCase& known = *it->second;
    if (test.status == Status::kFailed && known.status == Status::kSkipped) {
      test.status = Status::kSkipped;
      if (!known.message.empty()) test.message = known.message;
    }
    if (test.properties.empty()) test.properties = known.properties;
    if (test.file.empty()) {
      test.file = known.file;
      test.line = known.line;
    }
  }
  auto& run = streamed.run;
  if (run.binary.empty()) run.binary = output.run.binary;
  if (!run.random_seed) run.random_seed = output.run.random_seed;
  run.disabled = std::max(run.disabled, output.run.disabled);
}

}  // namespace

std::vector<bool> PairWithOutputs(const std::vector<const ProcessReport*>& processes,
                                  const std::vector<ProcessReport>& outputs,
                                  const std::function<void(std::size_t, std::size_t)>& paired) {
  std::vector<std::vector<std::string>> sets;
  for (const auto& output : outputs) sets.push_back(TestSet(output.report));
  std::vector<bool> used(outputs.size(), false);
  for (std::size_t s = 0; s < processes.size(); ++s) {
    if (!processes[s]->finished) continue;  // GoogleTest writes its file only at the end
    const auto wanted = TestSet(processes[s]->report);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      if (used[i] || sets[i] != wanted) continue;
      used[i] = true;
      if (paired) paired(s, i);
      break;
    }
  }
  return used;
}

std::vector<bool> RefineWithOutputs(const std::vector<ProcessReport*>& streamed,
                                    const std::vector<ProcessReport>& outputs) {
  std::vector<bool> refined(streamed.size(), false);
  PairWithOutputs({streamed.begin(), streamed.end()}, outputs, [&](std::size_t s, std::size_t i) {
    refined[s] = true;
    Refine(streamed[s]->report, outputs[i].report);
  });
  return refined;
}

}  // namespace gtest_webhook::detail
