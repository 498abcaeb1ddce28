// The history file of one report name, `<name>.<hash>.history` in the state directory:
//   gtest-webhook history 1
//   {"runs":[{"runId":…,"finishedAt":…,"buildStable":…,"commit":…}, …]}   oldest first
//   <outcomes>\t<test id>                                                    one line per test
// where <outcomes> has one character per run: P passed, F failed, X both (a flaky run), S
// skipped, . not run. Plain lines rather than JSON objects, so that 20,000 tests read and write
// in milliseconds.

#include "history.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "platform/files.h"
#include "state.h"

namespace gtest_webhook::detail {
namespace {

constexpr const char* kMagic = "gtest-webhook history 1";

struct Run {
  std::string id;
  std::int64_t finished_at_ms = 0;
  bool build_stable = false;
  std::string commit;
};

struct Tests {
  std::vector<std::string> order;  // first appearance
  std::unordered_map<std::string, std::string> outcomes;
};

struct HistoryFile {
  std::vector<Run> runs;
  Tests tests;
};

bool Failing(char outcome) { return outcome == 'F' || outcome == 'X'; }

// Parses `text`; false when it is not a history file this version wrote.
bool Parse(const std::string& text, HistoryFile& file) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kMagic || !std::getline(in, line)) return false;
  const auto header = nlohmann::json::parse(line, nullptr, false);
  if (!header.is_object() || !header.contains("runs") || !header["runs"].is_array()) return false;
  for (const auto& run : header["runs"]) {
    if (!run.is_object()) return false;
    file.runs.push_back({run.value("runId", ""), run.value("finishedAt", std::int64_t{0}),
                         run.value("buildStable", false), run.value("commit", "")});
  }
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab != file.runs.size() || tab + 1 >= line.size()) return false;
    auto id = line.substr(tab + 1);
    if (file.tests.outcomes.emplace(id, line.substr(0, tab)).second) {
      file.tests.order.push_back(std::move(id));
    }
  }
  return true;
}

// This run's outcome of every test, in order of first execution.
Tests CurrentOutcomes(const Report& report, std::unordered_set<std::string>& known_bugs) {
  Tests current;
  TestCase scratch;
  const auto count = TestCaseCount(report);
  for (std::size_t i = 0; i < count; ++i) {
    const TestCase& test = TestCaseAt(report, i, scratch);
    const char outcome = IsProblem(test.status) ? 'F' : test.status == Status::kSkipped ? 'S' : 'P';
    auto id = HistoryId(report, test);
    if (test.tagged_bug) known_bugs.insert(id);
    auto [it, added] = current.outcomes.emplace(id, std::string(1, outcome));
    if (added) {
      current.order.push_back(std::move(id));
    } else if ((Failing(it->second[0]) && outcome == 'P') ||
               (it->second[0] == 'P' && outcome == 'F')) {
      it->second[0] = 'X';
    } else if (it->second[0] == 'S') {
      it->second[0] = outcome;
    }
  }
  return current;
}

void Add(std::vector<std::string>& list, std::size_t& count, const std::string& id) {
  if (count++ < kHistoryListCap) list.push_back(id);
}

// True when `id`, whose outcome now is `now`, went the other way in an earlier run on `commit`.
bool FlakyOnCommit(const HistoryFile& file, const std::string& outcomes, char now,
                   const std::string& commit) {
  if (commit.empty()) return false;
  for (std::size_t r = 0; r < file.runs.size() && r < outcomes.size(); ++r) {
    if (file.runs[r].commit != commit) continue;
    if ((Failing(now) && outcomes[r] == 'P') || (now == 'P' && Failing(outcomes[r]))) return true;
  }
  return false;
}

History Compare(const HistoryFile& file, const Tests& current,
                const std::unordered_set<std::string>& known_bugs, const std::string& commit) {
  History history;
  if (!file.runs.empty()) {
    const auto& last = file.runs.back();
    history.previous = History::Previous{last.id, last.finished_at_ms, last.build_stable};
  }
  static const std::string kNever;
  for (const auto& id : current.order) {
    const char now = current.outcomes.at(id)[0];
    const auto it = file.tests.outcomes.find(id);
    const std::string& before = it == file.tests.outcomes.end() ? kNever : it->second;
    const char last = before.empty() ? '.' : before.back();
    if (now == 'X' || FlakyOnCommit(file, before, now, commit)) {
      Add(history.flaky, history.flaky_count, id);
    }
    if (known_bugs.count(id) != 0) continue;
    if (Failing(now)) {
      Failing(last) ? Add(history.still_failing, history.still_failing_count, id)
                    : Add(history.new_failures, history.new_failures_count, id);
    } else if (now == 'P' && Failing(last)) {
      Add(history.fixed, history.fixed_count, id);
    }
  }
  return history;
}

// The file after this run: the oldest runs dropped to keep `limits` (tests no longer run in any
// kept run are forgotten); when even one run is too large, only the tests that did not pass.
class Writer {
 public:
  Writer(const HistoryFile& file, const Tests& current, const Run& run)
      : file_(file), current_(current), runs_(file.runs) {
    runs_.push_back(run);
    for (const auto& id : file.tests.order) ids_.push_back(&id);
    for (const auto& id : current.order) {
      if (file.tests.outcomes.count(id) == 0) ids_.push_back(&id);
    }
  }

  std::string Text(const HistoryLimits& limits) const {
    for (std::size_t keep = std::min(runs_.size(), limits.runs); keep > 1; --keep) {
      auto text = Text(keep, false);
      if (text.size() <= limits.bytes) return text;
    }
    auto text = Text(1, false);
    return text.size() <= limits.bytes ? text : Text(1, true);
  }

 private:
  std::string Outcomes(const std::string& id) const {
    const auto old = file_.tests.outcomes.find(id);
    const auto now = current_.outcomes.find(id);
    return (old == file_.tests.outcomes.end() ? std::string(file_.runs.size(), '.') : old->second) +
           (now == current_.outcomes.end() ? '.' : now->second[0]);
  }

  std::string Text(std::size_t keep, bool skip_passes) const {
    nlohmann::json header = {{"runs", nlohmann::json::array()}};
    for (std::size_t r = runs_.size() - keep; r < runs_.size(); ++r) {
      header["runs"].push_back({{"runId", runs_[r].id},
                                {"finishedAt", runs_[r].finished_at_ms},
                                {"buildStable", runs_[r].build_stable},
                                {"commit", runs_[r].commit}});
    }
    std::string text = std::string(kMagic) + "\n" +
                       header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    for (const auto* id : ids_) {
      const auto all = Outcomes(*id);
      const auto kept = all.substr(all.size() - keep);
      if (kept.find_first_not_of('.') == std::string::npos) continue;
      if (skip_passes && kept == "P") continue;
      text.append(kept).append(1, '\t').append(*id).append(1, '\n');
    }
    return text;
  }

  const HistoryFile& file_;
  const Tests& current_;
  std::vector<Run> runs_;
  std::vector<const std::string*> ids_;
};

std::string HistoryPath(const Options& options, const Report& report,
                        std::vector<std::string>& warnings) {
  std::string why;
  const auto directory = StateDirectory(options, why);
  if (directory.empty()) return {};  // no state directory to be had: no history, silently
  if (!platform::MakeDirectories(directory, 0700, why)) {
    warnings.push_back("GTEST_WEBHOOK_STATE_DIR: cannot use '" + directory + "' (" + why +
                       "); the report has no history");
    return {};
  }
  auto name = StateFileName(report.name, "history");
  name.replace(name.size() - 5, 5, ".history");  // ".json"
  return directory + "/" + name;
}

}  // namespace

void RecordHistory(Report& report, const Options& options,
                   std::chrono::steady_clock::time_point deadline,
                   std::vector<std::string>& warnings, const HistoryLimits& limits) {
  const auto path = HistoryPath(options, report, warnings);
  if (path.empty()) return;
  std::string why;
  const auto lock = platform::FileLock::Acquire(path + ".lock", deadline, why);
  if (!lock) {
    warnings.push_back("cannot lock the history '" + path + "' (" + why +
                       "); the report has no history");
    return;
  }
  HistoryFile file;
  if (std::ifstream in{path, std::ios::binary}) {
    std::ostringstream content;
    content << in.rdbuf();
    if (!Parse(content.str(), file)) {
      warnings.push_back("the history '" + path + "' is corrupt; it is treated as none");
      file = HistoryFile{};
    }
  }
  std::unordered_set<std::string> known_bugs;
  const auto current = CurrentOutcomes(report, known_bugs);
  const std::string commit = report.ci ? report.ci->commit_sha : std::string();
  report.history = Compare(file, current, known_bugs, commit);
  const Run run{report.run.id, report.run.finished_at_ms, Summarize(report).build_stable, commit};
  auto writer = platform::FileWriter::Open(path, 0600, why);
  if (writer) {
    writer->Write(Writer(file, current, run).Text(limits));
    why = writer->Commit();
  }
  if (!why.empty()) {
    warnings.push_back("cannot save the history '" + path + "' (" + why +
                       "); the next run compares with an older one");
  }
}

}  // namespace gtest_webhook::detail
