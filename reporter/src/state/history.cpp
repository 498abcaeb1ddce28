// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The history file of one report name, `<name>.<hash>.history` in the state directory:
//   gtest-webhook history 3
//   {"runs":[{"runId":…,"finishedAt":…,"buildStable":…,"commit":…,"tests":…,"failures":…,
//             "durationMs":…}, …]}                                          oldest first
//   <outcomes>\t<times>\t<test key>                                          one line per test
// where <outcomes> has one character per run: P passed, F failed, X both (a flaky run), S
// skipped, . not run; and <times> one character per run too: the test's time in a run it passed
// as a TimeMark (assemble/stability/stability.h), `.` in the others (what tells a slower test,
// SPEC §19). A test's key is its id with `\`, line feed and carriage return escaped (`\\`, `\n`,
// `\r`), so that any name stays on its line; one longer than kLongestKey is its head and a hash
// of the whole, so that no name makes the file outgrow its bound. Version 1 files held ids as
// they are, and version 1 and 2 files no times; both are still read. Plain lines rather than JSON
// objects, and views into one buffer rather than a string per test, so that 20,000 tests read
// and write in a few milliseconds.

#include "state/history.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "assemble/stability/stability.h"
#include "model/selection/quarantine.h"
#include "model/summary.h"
#include "model/text.h"
#include "platform/files.h"
#include "state/state_dir.h"

namespace gtest_webhook::detail {
namespace {

constexpr std::string_view kMagic = "gtest-webhook history 3";
// The version before times were kept.
constexpr std::string_view kMagicVersion2 = "gtest-webhook history 2";
// The version before keys were escaped: ids as they are.
constexpr std::string_view kMagicVersion1 = "gtest-webhook history 1";
// The longest key, and the head a longer id keeps (a hash of the whole follows it).
constexpr std::size_t kLongestKey = 256;
constexpr std::size_t kLongKeyHead = 200;

using Run = History::Run;

// One test: its key, its outcomes and times in the file's runs (views into the file), and this
// run's; for a test of this run, its id as the report names it, and the quarantine entry that
// names it (SIZE_MAX for none).
struct Entry {
  std::string_view id;
  std::string_view before;
  std::string_view times;
  char now = '.';
  std::int64_t time_ms = -1;
  std::string_view name;
  std::size_t quarantine = SIZE_MAX;
};

// Whether `id` is its own key: short, and nothing in it to escape.
bool IsOwnKey(std::string_view id) {
  return id.size() <= kLongestKey && id.find_first_of("\\\n\r") == std::string_view::npos;
}

// Appends the key of `id` (see the file's description) to `out`.
void AppendKey(std::string_view id, std::string& out) {
  const auto start = out.size();
  for (const char c : id) {
    if (c == '\\' || c == '\n' || c == '\r') {
      out.append(1, '\\').append(1, c == '\n' ? 'n' : c == '\r' ? 'r' : '\\');
    } else {
      out.append(1, c);
    }
  }
  if (out.size() - start > kLongestKey) {
    const std::string_view key(out.data() + start, out.size() - start);
    out.resize(start + Utf8Start(key, kLongKeyHead));
    out.append("\xE2\x80\xA6#").append(NameHash(id, 16));
  }
}

bool Failing(char outcome) { return outcome == 'F' || outcome == 'X'; }

// `field` of `run` into `out` when it has the type of `out`; a count must not be negative nor
// past an int. An absent field (a file of an older version) leaves `out` as it is.
template <typename T>
bool Field(const nlohmann::json& run, const char* field, T& out) {
  const auto it = run.find(field);
  if (it == run.end()) return true;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return false;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!it->is_boolean()) return false;
  } else {
    if (!it->is_number_integer()) return false;
    const auto value = it->get<std::int64_t>();
    if (std::is_same_v<T, int> && (value < 0 || value > std::numeric_limits<int>::max())) {
      return false;
    }
  }
  out = it->get<T>();
  return true;
}

// One run of the file's header; false when a field has another type or an impossible value.
bool ReadRun(const nlohmann::json& run, Run& out) {
  return run.is_object() && Field(run, "runId", out.run_id) &&
         Field(run, "finishedAt", out.finished_at_ms) &&
         Field(run, "buildStable", out.build_stable) && Field(run, "commit", out.commit) &&
         Field(run, "tests", out.tests) && Field(run, "failures", out.failures) &&
         Field(run, "durationMs", out.duration_ms) && out.duration_ms >= 0;
}

class HistoryData {
 public:
  // Makes room for `tests`, so that adding them never moves the entries.
  void Reserve(std::size_t tests) { entries_.reserve(tests); }

  // Reads `text` (which must outlive this); false when it is not a history file of this version
  // or the one before.
  bool Parse(std::string_view text) {
    std::string_view line = NextLine(text);
    if (line != kMagic && line != kMagicVersion2 && line != kMagicVersion1) return false;
    const bool raw_ids = line == kMagicVersion1;
    const bool times = line == kMagic;
    const auto header = nlohmann::json::parse(NextLine(text), nullptr, false);
    if (!header.is_object() || !header.contains("runs") || !header["runs"].is_array()) return false;
    for (const auto& run : header["runs"]) {
      if (!ReadRun(run, runs_.emplace_back())) return false;
    }
    // The times of a file that kept none: none in every run.
    no_times_.assign(runs_.size(), kNoTime);
    while (!text.empty()) {
      Entry entry;
      if (!ParseLine(NextLine(text), times, entry)) return false;
      if (raw_ids && !IsOwnKey(entry.id)) {
        AppendKey(entry.id, converted_.emplace_back());
        entry.id = converted_.back();
      }
      entries_.push_back(entry);
    }
    return true;
  }

  // Adds this run's outcome of every test of `report`, in order of first execution.
  void AddCurrent(const Report& report) {
    const auto count = TestCaseCount(report);
    std::vector<Execution> executions;
    executions.reserve(count);
    TestCase scratch;
    for (std::size_t i = 0; i < count; ++i) {
      const TestCase& test = TestCaseAt(report, i, scratch);
      executions.push_back(ExecutionOf(report, test));
    }
    entries_.reserve(entries_.size() + count);
    // Complete now: views into them stay valid.
    const std::string_view names(ids_);
    const std::string_view keys(keys_);
    for (const auto& execution : executions) {
      const auto& spans = execution.spans;
      const auto name = names.substr(spans.name, spans.name_size);
      const auto id = spans.own_key ? name : keys.substr(spans.key, spans.key_size);
      Entry& entry = Find(id);
      entry.name = name;
      if (entry.now == '.') current_.push_back(static_cast<std::size_t>(&entry - entries_.data()));
      entry.now = Combine(entry.now, execution.outcome);
      if (execution.outcome != 'S') entry.time_ms = std::max(entry.time_ms, execution.time_ms);
      entry.quarantine = std::min(entry.quarantine, execution.quarantine);
      if (execution.bug || execution.quarantined) excused_.insert(id);
      if (execution.retried_away) retried_away_.insert(id);
    }
  }

  History Compare(const std::string& commit) const;
  void JudgeStability(const Run& now, std::size_t window, const SlowerRule& rule,
                      History& history) const;
  std::vector<std::size_t> ReadyToLeave(std::size_t window, std::size_t entries) const;
  const std::vector<Run>& runs() const { return runs_; }
  void Write(const Run& run, const HistoryLimits& limits, platform::FileWriter& out) const;

 private:
  // Where a test's id (in ids_) and key (in keys_, unless the id is its own) are.
  struct Spans {
    std::size_t name = 0;
    std::size_t name_size = 0;
    bool own_key = true;
    std::size_t key = 0;
    std::size_t key_size = 0;
  };

  // What one execution adds to the history.
  struct Execution {
    Spans spans;
    char outcome = 'P';
    bool bug = false;
    bool retried_away = false;
    bool quarantined = false;
    std::int64_t time_ms = 0;
    std::size_t quarantine = SIZE_MAX;
  };

  Execution ExecutionOf(const Report& report, const TestCase& test) {
    Execution execution;
    execution.spans = AddId(report, test);
    execution.outcome = IsProblem(test.status) ? 'F' : test.status == Status::kSkipped ? 'S' : 'P';
    execution.bug = test.tagged_bug;
    execution.retried_away = test.retried_away;
    execution.time_ms = test.time_ms;
    execution.quarantined = test.quarantined;
    if (test.quarantined) {
      const std::string_view id(ids_.data() + execution.spans.name, execution.spans.name_size);
      const auto index = QuarantineOf(report.quarantine, std::string(id), FullName(test));
      if (index < report.quarantine.size()) execution.quarantine = index;
    }
    return execution;
  }

  Spans AddId(const Report& report, const TestCase& test) {
    Spans spans;
    spans.name = ids_.size();
    AppendHistoryId(report, test, ids_);
    spans.name_size = ids_.size() - spans.name;
    const std::string_view id(ids_.data() + spans.name, spans.name_size);
    spans.own_key = IsOwnKey(id);
    if (!spans.own_key) {
      spans.key = keys_.size();
      AppendKey(id, keys_);
      spans.key_size = keys_.size() - spans.key;
    }
    return spans;
  }

  // One test's line into `entry`; false when it does not hold one outcome and, with `times`, one
  // time mark per run.
  bool ParseLine(std::string_view line, bool times, Entry& entry) const {
    const auto tab = line.find('\t');
    if (tab != runs_.size() || tab + 1 >= line.size()) return false;
    entry.before = line.substr(0, tab);
    line.remove_prefix(tab + 1);
    entry.times = no_times_;
    if (times) {
      const auto end = line.find('\t');
      if (end == std::string_view::npos || end + 1 >= line.size()) return false;
      entry.times = line.substr(0, end);
      if (entry.times.size() != runs_.size()) return false;
      line.remove_prefix(end + 1);
    }
    entry.id = line;
    return true;
  }

  static std::string_view NextLine(std::string_view& text) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    return line;
  }

  // One outcome for a test that ran several times in this run.
  static char Combine(char so_far, char outcome) {
    if (so_far == '.' || so_far == 'S') return outcome;
    if ((Failing(so_far) && outcome == 'P') || (so_far == 'P' && outcome == 'F')) return 'X';
    return so_far;
  }

  // The entry of `id`, added when new. Tests mostly run in the order of the last run, so the
  // next entry of the file is tried first, and only a test out of that order costs a lookup.
  Entry& Find(std::string_view id) {
    if (next_ < file_count() && entries_[next_].id == id) return entries_[next_++];
    if (index_.empty()) {
      index_.reserve(entries_.capacity());
      for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].id, i);
    }
    const auto [it, added] = index_.emplace(id, entries_.size());
    if (added) entries_.emplace_back().id = id;
    return entries_[it->second];
  }

  std::size_t file_count() const { return runs_.empty() ? 0 : entries_.size(); }

  bool FlakyOnCommit(const Entry& test, const std::string& commit) const {
    if (commit.empty()) return false;
    for (std::size_t r = 0; r < runs_.size() && r < test.before.size(); ++r) {
      if (runs_[r].commit != commit) continue;
      const char then = test.before[r];
      if ((Failing(test.now) && then == 'P') || (test.now == 'P' && Failing(then))) return true;
    }
    return false;
  }

  std::size_t LineBytes(const Entry& test, std::size_t keep, bool skip_passes) const;
  void AppendTimes(const Entry& test, std::size_t keep, std::string& out) const;
  void Window(const Entry& test, std::size_t earlier, std::string& outcomes) const;
  std::optional<History::Slower> SlowerOf(const Entry& test, std::string_view kept,
                                          const SlowerRule& rule) const;
  std::string Header(const std::vector<Run>& all, std::size_t keep) const;

  std::vector<Run> runs_;
  std::vector<Entry> entries_;  // the file's tests, then this run's new ones
  std::unordered_map<std::string_view, std::size_t> index_;  // built only when needed
  std::size_t next_ = 0;
  std::vector<std::size_t> current_;   // this run's tests, in order
  std::string ids_;                    // this run's ids, one after the other
  std::string keys_;                   // the keys of those that are not their own
  std::deque<std::string> converted_;  // keys of a version 1 file's ids that are not their own
  std::string no_times_;               // the time marks of a version 1 or 2 file's tests
  // Known bugs and quarantined tests: never new failures, fixed or still failing.
  std::unordered_set<std::string_view> excused_;
  // Tests that failed and then passed on a later attempt (SPEC §16): flaky, never a failure.
  std::unordered_set<std::string_view> retried_away_;
};

void Add(std::vector<std::string>& list, std::size_t& count, std::string_view id) {
  if (count++ < kHistoryListCap) list.emplace_back(id);
}

History HistoryData::Compare(const std::string& commit) const {
  History history;
  if (!runs_.empty()) {
    const auto& last = runs_.back();
    history.previous = History::Previous{last.run_id, last.finished_at_ms, last.build_stable};
  }
  for (const auto index : current_) {
    const Entry& test = entries_[index];
    const char last = test.before.empty() ? '.' : test.before.back();
    if (test.now == 'X' || FlakyOnCommit(test, commit)) {
      Add(history.flaky, history.flaky_count, test.name);
    }
    if (excused_.count(test.id) != 0 || retried_away_.count(test.id) != 0) continue;
    if (Failing(test.now)) {
      Failing(last) ? Add(history.still_failing, history.still_failing_count, test.name)
                    : Add(history.new_failures, history.new_failures_count, test.name);
    } else if (test.now == 'P' && Failing(last)) {
      Add(history.fixed, history.fixed_count, test.name);
    }
  }
  return history;
}

// The outcomes of `test` in the newest `earlier` runs of the file and this one, into
// `outcomes`.
void HistoryData::Window(const Entry& test, std::size_t earlier, std::string& outcomes) const {
  outcomes.clear();
  if (test.before.size() < earlier) {
    outcomes.append(earlier - test.before.size(), '.');
    outcomes.append(test.before);
  } else {
    outcomes.append(test.before.substr(test.before.size() - earlier));
  }
  outcomes.append(1, test.now);
}

// Caps a list judged whole at kHistoryListCap, keeping the first in `better` order.
template <typename T, typename Better>
std::vector<T> Capped(std::vector<T> all, Better better) {
  std::stable_sort(all.begin(), all.end(), better);
  if (all.size() > kHistoryListCap) all.resize(kHistoryListCap);
  return all;
}

// Puts the lists of `history`: the unstable tests, most flips first, and the slower ones, most
// slowed down first, each capped.
void SetLists(std::vector<std::pair<int, std::string>> unstable,
              std::vector<History::Slower> slower, History& history) {
  history.unstable_count = unstable.size();
  const auto more_flips = [](const auto& a, const auto& b) { return a.first > b.first; };
  for (auto& [flips, id] : Capped(std::move(unstable), more_flips)) {
    history.unstable.push_back(std::move(id));
  }
  history.slower_count = slower.size();
  history.slower = Capped(std::move(slower), [](const auto& a, const auto& b) {
    // a.time / a.median > b.time / b.median, without dividing by a median of 0.
    return static_cast<double>(a.time_ms) *
               static_cast<double>(std::max<std::int64_t>(b.median_ms, 1)) >
           static_cast<double>(b.time_ms) *
               static_cast<double>(std::max<std::int64_t>(a.median_ms, 1));
  });
}

// Whether `test`, whose outcomes in the newest runs of the file are `kept`, is slower by `rule`
// than the median of its passing runs among them.
std::optional<History::Slower> HistoryData::SlowerOf(const Entry& test, std::string_view kept,
                                                     const SlowerRule& rule) const {
  if (rule.off || test.time_ms < rule.extra_ms || test.now == 'S' || kept.empty()) return {};
  const auto median = MedianPassingMs(kept, test.times.substr(test.times.size() - kept.size()));
  if (!median || !IsSlower(test.time_ms, *median, rule)) return {};
  return History::Slower{std::string(test.name), test.time_ms, *median};
}

// Sets `history`'s stability of this run's tests over the newest `window` runs, this one last
// (finished at `now`): the stability of each that did not pass (it failed, erred or was
// skipped), was unstable or slower by
// `rule`, and the lists of those. Only a test that failed in the window or took long enough is
// looked at closely: most tests of most runs pass every time.
void HistoryData::JudgeStability(const Run& now, std::size_t window, const SlowerRule& rule,
                                 History& history) const {
  const std::size_t earlier = std::min(window - 1, runs_.size());
  std::vector<std::int64_t> finished;
  for (auto r = runs_.size() - earlier; r < runs_.size(); ++r) {
    finished.push_back(runs_[r].finished_at_ms);
  }
  finished.push_back(now.finished_at_ms);
  std::vector<std::pair<int, std::string>> unstable;
  std::vector<History::Slower> slower;
  std::string outcomes;
  for (const auto index : current_) {
    const Entry& test = entries_[index];
    const auto kept =
        test.before.substr(test.before.size() - std::min(earlier, test.before.size()));
    const bool failed = Failing(test.now) || kept.find('F') != std::string_view::npos ||
                        kept.find('X') != std::string_view::npos;
    auto slow = SlowerOf(test, kept, rule);
    const bool passed = test.now == 'P';
    if (!failed && !slow && passed) continue;
    Window(test, earlier, outcomes);
    const int flips = Flips(outcomes);
    if (IsUnstable(flips)) unstable.emplace_back(flips, test.name);
    if (!passed || IsUnstable(flips) || slow) {
      history.stability.emplace(std::string(test.name), StabilityOf(outcomes, finished));
    }
    if (slow) slower.push_back(std::move(*slow));
  }
  SetLists(std::move(unstable), std::move(slower), history);
}

// The quarantine entries (of `entries`) all of whose tests in this run passed every run of a
// full `window`: ready to be left.
std::vector<std::size_t> HistoryData::ReadyToLeave(std::size_t window, std::size_t entries) const {
  enum class Seen { kNone, kSteady, kNot };
  std::vector<Seen> seen(entries, Seen::kNone);
  const bool full = runs_.size() + 1 >= window;
  const std::size_t earlier = std::min(window - 1, runs_.size());
  std::string outcomes;
  for (const auto index : current_) {
    const Entry& test = entries_[index];
    if (test.quarantine >= entries) continue;
    Window(test, earlier, outcomes);
    const bool steady = full && outcomes.find_first_not_of('P') == std::string::npos;
    auto& state = seen[test.quarantine];
    if (!steady) {
      state = Seen::kNot;
    } else if (state == Seen::kNone) {
      state = Seen::kSteady;
    }
  }
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < entries; ++i) {
    if (seen[i] == Seen::kSteady) ready.push_back(i);
  }
  return ready;
}

// The bytes of `test`'s line when the newest `keep` runs are kept; 0 when it ran in none.
std::size_t HistoryData::LineBytes(const Entry& test, std::size_t keep, bool skip_passes) const {
  const std::size_t old_kept = std::min(keep - 1, test.before.size());
  const auto before = test.before.substr(test.before.size() - old_kept);
  const bool ran = test.now != '.' || before.find_first_not_of('.') != std::string_view::npos;
  if (!ran || (skip_passes && keep == 1 && test.now == 'P')) return 0;
  return keep + 1 + keep + 1 + test.id.size() + 1;
}

// Appends the time marks of `test` in the newest `keep` runs, this one last.
void HistoryData::AppendTimes(const Entry& test, std::size_t keep, std::string& out) const {
  if (test.before.empty()) {
    out.append(keep - 1, kNoTime);  // new to the file: no time in the runs before
  } else {
    out.append(test.times.substr(test.times.size() - (keep - 1)));
  }
  out.append(1, test.now == 'P' && test.time_ms >= 0 ? TimeMark(test.time_ms) : kNoTime);
}

std::string HistoryData::Header(const std::vector<Run>& all, std::size_t keep) const {
  nlohmann::json runs = nlohmann::json::array();
  for (std::size_t r = all.size() - keep; r < all.size(); ++r) {
    runs.push_back({{"runId", all[r].run_id},
                    {"finishedAt", all[r].finished_at_ms},
                    {"buildStable", all[r].build_stable},
                    {"commit", all[r].commit},
                    {"tests", all[r].tests},
                    {"failures", all[r].failures},
                    {"durationMs", all[r].duration_ms}});
  }
  return std::string(kMagic) + "\n" +
         nlohmann::json{{"runs", runs}}.dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace) +
         "\n";
}

// Writes the file after this run to `out`, in pieces: the oldest runs dropped to keep `limits`
// (tests that ran in none of the kept runs are forgotten); when even one run is too large, only
// the tests that did not pass.
void HistoryData::Write(const Run& run, const HistoryLimits& limits,
                        platform::FileWriter& out) const {
  std::vector<Run> all = runs_;
  all.push_back(run);
  const auto bytes = [&](std::size_t keep, bool skip_passes) {
    std::size_t total = Header(all, keep).size();
    for (const auto& test : entries_) total += LineBytes(test, keep, skip_passes);
    return total;
  };
  std::size_t keep = std::min(all.size(), limits.runs);
  bool skip_passes = false;
  while (bytes(keep, skip_passes) > limits.bytes && !skip_passes) {
    if (keep > 1) {
      --keep;
    } else {
      skip_passes = true;
    }
  }
  constexpr std::size_t kPiece = 64 * 1024;
  std::string piece = Header(all, keep);
  piece.reserve(kPiece + 1024);
  const std::string never(keep, '.');
  for (const auto& test : entries_) {
    if (LineBytes(test, keep, skip_passes) == 0) continue;
    // A test the file did not know has not run in any of the runs before.
    const auto before = test.before.empty() ? std::string_view(never) : test.before;
    piece.append(before.substr(before.size() - (keep - 1)));
    piece.append(1, test.now).append(1, '\t');
    AppendTimes(test, keep, piece);
    piece.append(1, '\t').append(test.id).append(1, '\n');
    if (piece.size() >= kPiece) {
      out.Write(piece);
      piece.clear();
    }
  }
  out.Write(piece);
}

// The history file's name for `report`: `<readable name>.<hash>.<hash>.history`.
std::string HistoryFileName(const Report& report) {
  auto name = StateFileName(report.name, "history");
  name.replace(name.size() - 5, 5, ".history");  // ".json"
  return name;
}

Run ThisRun(const Report& report, const Summary& summary, const std::string& commit) {
  return {report.run.id,
          report.run.finished_at_ms,
          summary.build_stable,
          commit,
          summary.tests,
          summary.failures + summary.errors,
          report.run.finished_at_ms - report.run.started_at_ms};
}

// The runs the file keeps after this one (`before`, then `run`), into `runs`.
void KeepRecentRuns(const std::vector<Run>& before, const Run& run, const HistoryLimits& limits,
                    std::vector<Run>& runs) {
  const auto kept = std::min(before.size(), std::max<std::size_t>(limits.runs, 1) - 1);
  runs.assign(before.end() - static_cast<std::ptrdiff_t>(kept), before.end());
  runs.push_back(run);
}

}  // namespace

void RecordHistory(Report& report, const Summary& summary, const Options& options,
                   std::chrono::steady_clock::time_point deadline,
                   std::vector<std::string>& warnings, const HistoryLimits& limits) {
  HistoryLimits bounds = limits;
  if (bounds.runs == 0) bounds.runs = static_cast<std::size_t>(std::max(options.window, 1));
  std::string why;
  if (StateDirectory(options, why).empty()) return;  // none to be had: no history, silently
  const auto directory = OpenStateDirectory(options, why);
  if (!directory) {
    warnings.push_back(StateDirectoryProblem(why));
    return;
  }
  const auto name = HistoryFileName(report);
  const auto path = directory->PathOf(name);
  const auto lock = directory->Lock(name + ".lock", deadline, why, warnings);
  if (!lock) {
    warnings.push_back("cannot lock the history '" + path + "' (" + why +
                       "); the report has no history");
    return;
  }
  std::string text;
  // Twice the bound: a file written under a larger bound of an earlier version is still read.
  if (directory->Read(name, 2 * std::uint64_t{bounds.bytes}, text, why) ==
      platform::ReadOutcome::kRefused) {
    warnings.push_back("the history '" + path + "' cannot be read (" + why +
                       "); it is treated as none and replaced");
    text.clear();
  }
  HistoryData data;
  data.Reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
               TestCaseCount(report));
  if (!text.empty() && !data.Parse(text)) {
    warnings.push_back("the history '" + path + "' is corrupt; it is treated as none");
    data = HistoryData{};
    data.Reserve(TestCaseCount(report));
  }
  data.AddCurrent(report);
  const std::string commit = report.ci ? report.ci->commit_sha : std::string();
  report.history = data.Compare(commit);
  const Run run = ThisRun(report, summary, commit);
  data.JudgeStability(run, bounds.runs, options.slower, *report.history);
  report.ready_to_leave = data.ReadyToLeave(bounds.runs, report.quarantine.size());
  KeepRecentRuns(data.runs(), run, bounds, report.history->runs);
  auto writer = directory->Write(name, platform::Access::kPrivate, why);
  if (writer) {
    data.Write(run, bounds, *writer);
    // Not synced: after a crash of the machine the file may be lost, which the next run reads
    // as a corrupt history and says so; a run never waits for the disk for it.
    why = writer->Commit(false);
  }
  if (!why.empty()) {
    warnings.push_back("cannot save the history '" + path + "' (" + why +
                       "); the next run compares with an older one");
  }
}

}  // namespace gtest_webhook::detail
