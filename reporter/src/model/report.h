// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The report: what one run (or a whole build) did, test by test, and what is known of the run,
// its CI and its history. Plain data and what derives from it alone; no I/O.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

/// Outcome of one test execution (the payload's testCase `status`).
enum class Status { kPassed, kFailed, kError, kSkipped };

/// Returns the payload spelling: "passed", "failed", "error" or "skipped".
const char* ToString(Status status);

/// How the run ended (the payload's `run.status`).
enum class RunStatus { kFinished, kCrashed, kTimeout, kCanceled };

/// Returns the payload spelling: "finished", "crashed", "timeout" or "canceled".
const char* ToString(RunStatus status);

/// The status spelled `text`; `std::nullopt` when it is none of them.
std::optional<RunStatus> ParseRunStatus(std::string_view text);

/// Why the report is sent (the payload's `event`).
enum class Event { kRunFinish, kRunStart, kRunTimeout, kRunCanceled, kTest };

/// Returns the payload spelling: "RUN_FINISH", "RUN_START", "RUN_TIMEOUT", "RUN_CANCELED" or
/// "TEST".
const char* ToString(Event event);

/// The event spelled `text`; `std::nullopt` when it is none of them.
std::optional<Event> ParseEvent(std::string_view text);

/// One testCase entry: a test execution, or a failure outside any test.
struct TestCase {
  /// Test suite name (`MathTest`, `Inst/ParamSuite`), or a marker for the global environment.
  std::string class_name;
  /// Test name (`Adds`, `Works/0`), or the phase for failures outside tests.
  std::string name;
  /// The test executable's file name; empty when the input does not say (payload `null`).
  std::string binary;
  /// Duration in milliseconds.
  std::int64_t time_ms = 0;
  /// `kFailed` maps to error type "failure", `kError` to "error".
  Status status = Status::kPassed;
  /// For a failure or error: every failure of the execution, each with its `file:line`. For a
  /// skipped entry: why it was skipped (the payload's `skipReason`), empty when nobody said.
  /// Empty when passed.
  std::string message;
  /// Source file of the test (or of the first failure outside tests); may be empty.
  std::string file;
  /// Source line, 0 when unknown.
  int line = 0;
  /// Zero-based iteration of `--gtest_repeat`.
  int iteration = 0;
  /// The test matches `GTEST_WEBHOOK_KNOWN_BUGS`.
  bool tagged_bug = false;
  /// The same test both passed and failed in this run.
  bool tagged_flaky = false;
  /// The test matches an entry of `GTEST_WEBHOOK_QUARANTINE` (SPEC §19): its failure counts in
  /// `quarantinedFailures`, never in `failures` or `errors`.
  bool quarantined = false;
  /// Which attempt at the test this is (SPEC §16): 1, or 2, 3 … for the runs of a test that
  /// failed again in a later process (`run --retry-failed`, `ctest --repeat until-pass`).
  int attempt = 1;
  /// A failed attempt of a test whose later attempt passed: it counts in `flaky`, not in
  /// `failures` or `errors`.
  bool retried_away = false;
  /// A later attempt at the same test follows this one: the counts, chat messages, the summary,
  /// annotations and metrics take each test once, by its last attempt (SPEC §16).
  bool superseded = false;
  /// A failure outside any test (suite or environment set-up and tear-down, a crash between
  /// tests), not a test execution: never matched against `GTEST_WEBHOOK_KNOWN_BUGS`.
  bool outside_test = false;
  /// The test's `RecordProperty` values, in recording order.
  std::vector<std::pair<std::string, std::string>> properties;
  /// What the test wrote to stdout and stderr, its last GTEST_WEBHOOK_MAX_OUTPUT bytes (a
  /// sanitizer's report: its head and tail); empty when nothing was captured (payload `null`).
  /// Only entries that did not pass have it.
  std::string output;
};

/// GoogleTest sharding of this run.
struct Shard {
  int index = 0;
  int total = 1;
};

/// The payload's `run` object.
struct RunInfo {
  std::string id;
  /// Unix time in milliseconds.
  std::int64_t started_at_ms = 0;
  std::int64_t finished_at_ms = 0;
  RunStatus status = RunStatus::kFinished;
  /// The one executable's file name; empty when the report merges several (payload `null`).
  std::string binary;
  /// Every distinct executable the report covers, in order of first appearance.
  std::vector<std::string> binaries;
  /// How many test processes the report covers.
  int processes = 1;
  std::string host;
  std::optional<Shard> shard;
  int iterations = 0;
  std::optional<std::int64_t> random_seed;
  std::string filter;
  int disabled = 0;
};

/// The payload's `ci` object; absent outside CI.
struct CiInfo {
  /// `github-actions`, `gitlab-ci`, `jenkins`, `circleci`, `buildkite`, `azure-pipelines`;
  /// empty when only overrides are set.
  std::string provider;
  std::string commit_sha;
  std::string branch;
  std::string build_url;
  std::string target_url;
  std::string repository;
  std::string build_id;
  std::string job;
  /// Where the repository's files are shown at the commit (GitHub `…/blob/<sha>`, GitLab
  /// `…/-/blob/<sha>`), for links to `file:line`; empty when CI does not tell. Not in the payload.
  std::string blob_url;
};

/// Test cases kept outside `Report::test_cases`, such as GoogleTest's own results, which the
/// listener reads when the payload is produced instead of copying every one of them. Entries
/// are read by several threads at once; `Get` must not change anything that others read.
class TestCaseSource {
 public:
  virtual ~TestCaseSource() = default;
  /// The number of entries.
  virtual std::size_t size() const = 0;
  /// Entry `index`: either filled into `scratch` (whose buffers are reused from call to call)
  /// or a reference to an entry the source keeps. Valid until the next call with `scratch`.
  virtual const TestCase& Get(std::size_t index, TestCase& scratch) const = 0;
};

/// What changed since the last run of the same report name (SPEC §12): the payload's `history`.
struct History {
  /// The last run of this report name.
  struct Previous {
    std::string run_id;
    std::int64_t finished_at_ms = 0;
    bool build_stable = false;
  };
  /// None on the first run.
  std::optional<Previous> previous;
  /// One run of this report name as the history keeps it.
  struct Run {
    std::string run_id;
    std::int64_t finished_at_ms = 0;
    bool build_stable = false;
    std::string commit;
    /// The run's `tests`, and its `failures` plus `errors` (0 in runs of older histories).
    int tests = 0;
    int failures = 0;
    std::int64_t duration_ms = 0;
  };
  /// The recent runs of this report name, oldest first and this run last, as many as the
  /// history keeps: what charts of stability over time draw. Not in the payload.
  std::vector<Run> runs;
  /// Test ids (`binary:Suite.Test` in reports of several executables, `Suite.Test` otherwise),
  /// each list cut to kHistoryListCap; the counts beside them are the full numbers.
  std::vector<std::string> new_failures;
  std::vector<std::string> fixed;
  std::vector<std::string> still_failing;
  std::vector<std::string> flaky;
  std::size_t new_failures_count = 0;
  std::size_t fixed_count = 0;
  std::size_t still_failing_count = 0;
  std::size_t flaky_count = 0;
  /// A test's outcomes over the window (SPEC §19).
  struct Stability {
    /// Runs in the window that ran it (skipped runs aside), this one included.
    int runs = 0;
    /// Of those, the runs in which it failed (a run it failed and then passed on a retry
    /// included).
    int failed = 0;
    /// Changes from passing to failing or back, from run to run and within a run's retries.
    int flips = 0;
    /// `finishedAt` of its last run that it passed; none when it passed in none of the window.
    std::optional<std::int64_t> last_passed_ms;
    /// One character per run of the window, oldest first: `P` passed, `F` failed, `X` failed
    /// and then passed, `S` skipped, `.` not run. Not in the payload: what a page draws.
    std::string outcomes;
  };
  /// The stability of every test of this run that did not pass or is in a list below, by id.
  std::unordered_map<std::string, Stability> stability;
  /// Tests with at least two flips in the window, most flips first.
  std::vector<std::string> unstable;
  std::size_t unstable_count = 0;
  /// A test that took much longer than it usually does (GTEST_WEBHOOK_SLOWER).
  struct Slower {
    std::string id;
    std::int64_t time_ms = 0;
    /// The median of its passing runs in the window before this one.
    std::int64_t median_ms = 0;
  };
  std::vector<Slower> slower;
  std::size_t slower_count = 0;
};

/// How many ids each list of History carries at most.
inline constexpr std::size_t kHistoryListCap = 100;

/// A whole report: everything the payload is built from.
struct Report {
  std::string name;
  Event event = Event::kRunFinish;
  RunInfo run;
  std::optional<CiInfo> ci;
  /// The test executions, in order, unless `source` is set.
  std::vector<TestCase> test_cases;
  /// When set, the test executions are read from here and `test_cases` is ignored. The source
  /// sets `tagged_flaky` itself.
  std::shared_ptr<const TestCaseSource> source;
  /// What changed since the last run; none without a usable state directory.
  std::optional<History> history;
  /// The repository's root (SPEC §17): the CI's workspace or the git top-level; what links and
  /// annotations make paths relative to. Empty when unknown.
  std::string repository_root;
  /// The owners (from CODEOWNERS) of each `file` of an entry that did not pass; see OwnersOf.
  std::unordered_map<std::string, std::vector<std::string>> owners;
  /// The quarantine file's entries (SPEC §19), and where the file is; empty without one.
  std::vector<QuarantineEntry> quarantine;
  std::string quarantine_file;
  /// The entries of `quarantine` whose tests passed every run of a full window, by index.
  std::vector<std::size_t> ready_to_leave;
};

/// Whether `test` counts: it is the last attempt at its test, or its only execution. A failed
/// attempt that a later one retried away never counts (SPEC §16).
inline bool IsLastAttempt(const TestCase& test) { return !test.superseded && !test.retried_away; }

/// The number of test executions in `report` (from its source when it has one).
std::size_t TestCaseCount(const Report& report);

/// Execution `index` of `report`; see TestCaseSource::Get for `scratch`.
const TestCase& TestCaseAt(const Report& report, std::size_t index, TestCase& scratch);

/// The `className` of failures in a global `Environment`'s SetUp or TearDown.
inline constexpr const char* kEnvironmentClassName = "[global environment]";

/// The `className` of entries about gtest-webhook's inputs rather than about a test: a file that
/// could not be read, a shard that is missing, a process that ended before GoogleTest started.
inline constexpr const char* kInputsClassName = "[gtest-webhook]";

/// `Suite.Test`: the name GoogleTest filters and `GTEST_WEBHOOK_KNOWN_BUGS` match.
std::string FullName(const TestCase& test);

/// Which test an execution is of, in a report that may merge several executables: its binary
/// (empty when the input does not say), its suite and its name. The same `Suite.Test` in two
/// executables is two tests. Flaky tags, attempts and JUnit's cases all take "the same test" to
/// mean equal ids.
struct TestId {
  std::string binary;
  std::string suite;
  std::string name;
};
bool operator==(const TestId& a, const TestId& b);
inline bool operator!=(const TestId& a, const TestId& b) { return !(a == b); }
struct TestIdHash {
  std::size_t operator()(const TestId& id) const noexcept;
};
using TestIdSet = std::unordered_set<TestId, TestIdHash>;

/// The id of `test`.
TestId IdOf(const TestCase& test);

/// One execution of a test in one iteration of `--gtest_repeat`: what the attempts at it share
/// (SPEC §16), whichever process ran them.
struct AttemptKey {
  TestId test;
  int iteration = 0;
};
bool operator==(const AttemptKey& a, const AttemptKey& b);
struct AttemptKeyHash {
  std::size_t operator()(const AttemptKey& key) const noexcept;
};

/// The owners of `test`'s file (SPEC §17): those of `report.owners`, none when it has none.
const std::vector<std::string>& OwnersOf(const Report& report, const TestCase& test);

/// True for the statuses that make a build unstable: `failed` and `error`.
bool IsProblem(Status status);

}  // namespace gtest_webhook::detail
