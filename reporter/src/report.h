#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "gtest_webhook/options.h"

namespace gtest_webhook {

/// Outcome of one test execution (the payload's testCase `status`).
enum class Status { kPassed, kFailed, kError, kSkipped };

/// Returns the payload spelling: "passed", "failed", "error" or "skipped".
const char* ToString(Status status);

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
  /// A failure outside any test (suite or environment set-up and tear-down, a crash between
  /// tests), not a test execution: never matched against `GTEST_WEBHOOK_KNOWN_BUGS`.
  bool outside_test = false;
  /// The test's `RecordProperty` values, in recording order.
  std::vector<std::pair<std::string, std::string>> properties;
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
  /// `finished`, `crashed`, `timeout` or `canceled`.
  std::string status = "finished";
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
};

/// How many ids each list of History carries at most.
inline constexpr std::size_t kHistoryListCap = 100;

/// A whole report: everything the payload is built from.
struct Report {
  std::string name;
  /// `RUN_FINISH`, `RUN_START`, `RUN_TIMEOUT`, `RUN_CANCELED` or `TEST`.
  std::string event = "RUN_FINISH";
  RunInfo run;
  std::optional<CiInfo> ci;
  /// The test executions, in order, unless `source` is set.
  std::vector<TestCase> test_cases;
  /// When set, the test executions are read from here and `test_cases` is ignored. The source
  /// sets `tagged_flaky` itself.
  std::shared_ptr<const TestCaseSource> source;
  /// What changed since the last run; none without a usable state directory.
  std::optional<History> history;
};

/// The number of test executions in `report` (from its source when it has one).
std::size_t TestCaseCount(const Report& report);

/// Execution `index` of `report`; see TestCaseSource::Get for `scratch`.
const TestCase& TestCaseAt(const Report& report, std::size_t index, TestCase& scratch);

/// The documented counters, derived from a report's test cases.
struct Summary {
  int tests = 0;
  int traces = 0;
  int expected_traces_to_pass = 0;
  int traces_passed = 0;
  int errors = 0;
  int failures = 0;
  int skip = 0;
  int bugs = 0;
  int bugs_passing = 0;
  bool build_stable = false;
};

/// The `className` of failures in a global `Environment`'s SetUp or TearDown.
inline constexpr const char* kEnvironmentClassName = "[global environment]";

/// Computes the counters of SPEC §4 from `report`.
Summary Summarize(const Report& report);

/// `Suite.Test`: the name GoogleTest filters and `GTEST_WEBHOOK_KNOWN_BUGS` match.
std::string FullName(const TestCase& test);

/// What identifies a test within a report that may merge several executables: its binary and
/// its full name (the same `Suite.Test` in two executables is two tests).
std::string TestKey(const TestCase& test);

/// The keys (see TestKey) of the tests that both passed and failed in `report` (only a repeated
/// run or merged reports can have one).
std::unordered_set<std::string> FlakyTests(const Report& report);

/// Sets `tagged_flaky` on every execution in `report.test_cases` of a test that both passed and
/// failed (a report with a source leaves this to the source).
void MarkFlaky(Report& report);

/// Produces the payload of a report piece by piece, so that it can be counted, signed, written
/// and sent without ever being held whole. Reads `report` and `summary`, which must outlive it
/// and stay unchanged; any number of streams may read one report at once.
class PayloadStream {
 public:
  /// With `test_cases` kFailed, only the entries whose status is `failed` or `error` are
  /// written, and `omittedTestCases` counts the others.
  PayloadStream(const Report& report, const Summary& summary,
                TestCases test_cases = TestCases::kAll);
  /// Appends the next piece of the payload to `out`: at least `at_least` bytes unless the
  /// payload ends first. Returns false, appending nothing, once the payload is complete.
  bool Next(std::string& out, std::size_t at_least = 64 * 1024);

 private:
  enum class Stage { kHead, kEntries, kTail, kDone };
  const Report& report_;
  const Summary& summary_;
  TestCases test_cases_;
  Stage stage_ = Stage::kHead;
  std::size_t next_ = 0;
  std::size_t written_ = 0;
  std::size_t omitted_ = 0;
  TestCase scratch_;
};

/// The id of `test` in `report`'s history: `binary:Suite.Test` when the report covers several
/// executables, `Suite.Test` otherwise.
std::string HistoryId(const Report& report, const TestCase& test);

/// Appends HistoryId(`report`, `test`) to `out`, without a string of its own.
void AppendHistoryId(const Report& report, const TestCase& test, std::string& out);

/// True for the statuses that make a build unstable: `failed` and `error`.
bool IsProblem(Status status);

/// Serialises the payload: the documented keys first, then `event`, `run`, `ci`,
/// `omittedTestCases` and `history`. The result
/// is always valid UTF-8; these are exactly the bytes to sign and send.
std::string SerializePayload(const Report& report);

/// Matches "Suite.Test" names against GoogleTest filter patterns (`A.*:B.c-B.d`): `*` and `?`
/// wildcards, `:` between patterns, and an optional `-` starting negative patterns.
class TestFilter {
 public:
  /// Parses `patterns`; an empty string matches nothing.
  explicit TestFilter(const std::string& patterns);
  /// True when `full_name` matches a positive pattern and no negative one.
  bool Matches(const std::string& full_name) const;
  /// True when no positive pattern was given.
  bool empty() const { return positive_.empty(); }

 private:
  std::vector<std::string> positive_;
  std::vector<std::string> negative_;
};

/// True when a failure GoogleTest reported at `file` (empty: "unknown file") with `message` is
/// its report of an uncaught C++ exception, which the payload calls an "error".
bool IsUncaughtException(std::string_view file, std::string_view message);

/// Keeps at most `max_bytes` of `message`: its head and tail around a marker saying how many
/// bytes were cut, never splitting a UTF-8 sequence. Shorter messages are returned unchanged.
std::string CapMessage(std::string message, std::size_t max_bytes);

/// Detects the CI provider from `env` and applies the `GTEST_WEBHOOK_COMMIT_SHA` and
/// `GTEST_WEBHOOK_TARGET_URL` overrides from `options`. `std::nullopt` outside CI without
/// overrides.
std::optional<CiInfo> DetectCi(const EnvLookup& env, const Options& options);

/// GoogleTest's sharding from `GTEST_TOTAL_SHARDS` and `GTEST_SHARD_INDEX`, by GoogleTest's own
/// rule: both set, total > 1, and the index in range.
std::optional<Shard> ShardFromEnvironment(const EnvLookup& env);

/// The default report name: `binary`, plus ` [shard i/n]` when sharded.
std::string DefaultReportName(const std::string& binary, const std::optional<Shard>& shard);

/// Fills what every report needs before it is sent: a `run.id` if it has none, the `ci` object
/// (detected from the process environment with the overrides of `options`), `run.binaries`,
/// the name (`options.name`, else DefaultName's rule) when it has none, and the `taggedBug`
/// (from `options.known_bugs`) and `taggedFlaky` flags of `report.test_cases` (a report with a
/// source leaves those to the source).
void CompleteReport(Report& report, const Options& options);

/// The milliseconds of a test's duration given in seconds (GoogleTest's `time`, JUnit's, our own
/// payload's): rounded, 0 for what is no duration (negative, not a number, infinite), and at most
/// a century, so that no input's number can overflow a time.
std::int64_t MillisecondsOf(double seconds);

/// The same for a duration's text: "0.25", or GoogleTest JSON's "0.25s"; 0 when it is none.
std::int64_t MillisecondsOf(const char* text);

/// Milliseconds since the Unix epoch, now.
std::int64_t NowUnixMs();

/// Formats Unix milliseconds as UTC ISO 8601 with milliseconds: `2026-11-23T09:40:00.123Z`.
std::string FormatUtc(std::int64_t unix_ms);

/// A random identifier: 32 lowercase hex digits.
std::string RandomId();

}  // namespace gtest_webhook
