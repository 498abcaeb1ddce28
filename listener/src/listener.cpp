#include "gtest_webhook/listener.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <unordered_set>

namespace gtest_webhook {
namespace {

using Clock = std::chrono::steady_clock;

// The listener that reports for this process: the first one to see the program start. Others
// (auto-registration plus an explicit `install()`, say) stay silent, so exactly one report goes
// out per run.
std::atomic<const void*> g_reporting_listener{nullptr};
std::atomic<bool> g_installed{false};

bool IsDeathTestChild() {
  // Set only in the child that a "threadsafe" death test re-executes; "fast" children are
  // forked and never reach OnTestProgramEnd, and the pid check covers them besides.
  return !GTEST_FLAG_GET(internal_run_death_test).empty();
}

// GoogleTest's words for an exception that escaped code outside any test, after which it
// abandons the whole run.
bool IsRunAbandoned(const ::testing::TestPartResult& part) {
  return part.file_name() == nullptr &&
         std::string(part.message()).find("thrown in auxiliary test code") != std::string::npos;
}

void AppendFailure(std::string& message, const ::testing::TestPartResult& part) {
  if (!message.empty()) message += "\n\n";
  message += part.file_name() != nullptr ? part.file_name() : "unknown file";
  if (part.line_number() >= 0) {
    message += ':';
    message += std::to_string(part.line_number());
  }
  message += '\n';
  message += part.message();
}

std::string BinaryName() {
  char path[4096];
  const auto length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return "gtest";
  std::string name(path, static_cast<std::size_t>(length));
  const std::string deleted = " (deleted)";
  if (name.size() > deleted.size() &&
      name.compare(name.size() - deleted.size(), deleted.size(), deleted) == 0) {
    name.resize(name.size() - deleted.size());
  }
  const auto slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// The report's test cases, read from GoogleTest's own results when the payload is produced
// instead of being copied as each test ends: the listener keeps one pointer per execution.
// GoogleTest clears results when an iteration of --gtest_repeat starts, so the executions of
// earlier iterations (and failures outside tests) are kept as copies.
class GoogleTestCases final : public TestCaseSource {
 public:
  explicit GoogleTestCases(std::size_t max_message) : max_message_(max_message) {}

  std::size_t size() const override { return entries_.size(); }

  const TestCase& Get(std::size_t index, TestCase& scratch) const override {
    const Entry& entry = entries_[index];
    if (entry.info == nullptr) return kept_[entry.kept];
    Fill(*entry.info, entry.tagged_bug, scratch);
    scratch.tagged_flaky = !flaky_.empty() && flaky_.count(FullName(scratch)) != 0;
    return scratch;
  }

  void Reserve(std::size_t more) { entries_.reserve(entries_.size() + more); }

  // A test of the current iteration ended.
  void AddLive(const ::testing::TestInfo& info, bool tagged_bug) {
    entries_.push_back({&info, 0, tagged_bug});
  }

  // A failure outside any test, or anything else that GoogleTest does not keep.
  void AddKept(TestCase test) {
    entries_.push_back({nullptr, static_cast<std::uint32_t>(kept_.size()), false});
    kept_.push_back(std::move(test));
  }

  // The iteration that the tests added from now on belong to.
  void SetIteration(int iteration) { iteration_ = iteration; }

  // Copies the current iteration's results: GoogleTest clears them before the next one starts.
  void KeepLive() {
    for (auto& entry : entries_) {
      if (entry.info == nullptr) continue;
      repeated_ = true;
      TestCase test;
      Fill(*entry.info, entry.tagged_bug, test);
      entry.kept = static_cast<std::uint32_t>(kept_.size());
      entry.info = nullptr;
      kept_.push_back(std::move(test));
    }
  }

  // Whether an earlier iteration's results were kept: only a repeated run has flaky tests.
  bool repeated() const { return repeated_; }

  // The iteration that the tests added from now on belong to.
  int iteration() const { return iteration_; }

  // Tags every execution of the tests in `flaky` (see FlakyTests). Call once, after the last
  // test.
  void SetFlaky(std::unordered_set<std::string> flaky) {
    flaky_ = std::move(flaky);
    for (auto& test : kept_) test.tagged_flaky = flaky_.count(FullName(test)) != 0;
  }

 private:
  struct Entry {
    const ::testing::TestInfo* info;  // nullptr: kept_[kept]
    std::uint32_t kept;
    bool tagged_bug;
  };

  void Fill(const ::testing::TestInfo& info, bool tagged_bug, TestCase& entry) const {
    const ::testing::TestResult& result = *info.result();
    entry.class_name = info.test_suite_name();
    entry.name = info.name();
    entry.time_ms = result.elapsed_time();
    entry.file = info.file() != nullptr ? info.file() : "";
    entry.line = info.line();
    entry.iteration = iteration_;
    entry.status = Status::kPassed;
    entry.message.clear();
    entry.tagged_bug = tagged_bug;
    entry.tagged_flaky = false;
    if (result.Failed()) {
      entry.status = Status::kFailed;
      for (int i = 0; i < result.total_part_count(); ++i) {
        const auto& part = result.GetTestPartResult(i);
        if (!part.failed()) continue;
        if (IsUncaughtException(part.file_name() != nullptr ? part.file_name() : "",
                                part.message())) {
          entry.status = Status::kError;
        }
        AppendFailure(entry.message, part);
      }
      entry.message = CapMessage(std::move(entry.message), max_message_);
    } else if (result.Skipped()) {
      entry.status = Status::kSkipped;
    }
    entry.properties.clear();
    for (int i = 0; i < result.test_property_count(); ++i) {
      const auto& property = result.GetTestProperty(i);
      entry.properties.emplace_back(property.key(), property.value());
    }
  }

  std::size_t max_message_;
  int iteration_ = 0;
  bool repeated_ = false;  // an earlier iteration's results were kept
  std::vector<Entry> entries_;
  std::vector<TestCase> kept_;
  std::unordered_set<std::string> flaky_;
};

}  // namespace

struct Listener::State {
  bool from_environment = true;
  Options options;
  std::shared_ptr<Transport> transport;

  bool active = false;
  pid_t pid = 0;
  TestFilter known_bugs{""};
  Report report;
  std::shared_ptr<GoogleTestCases> tests;

  std::string suite;
  bool suite_ran_tests = false;
  // The global environment's phase, for failures reported outside tests and suites.
  const char* environment_phase = "outside any test";
  Clock::time_point phase_start = Clock::now();

  // Failures can be reported from any thread; GoogleTest serialises OnTestPartResult calls,
  // but not against the main thread's OnTestStart/OnTestEnd.
  std::mutex mutex;
  bool in_test = false;
  std::string outside_message;
  std::string outside_file;
  int outside_line = 0;

  // Records failures reported outside any test (suite or environment set-up and tear-down) as
  // an entry of their own, so that they are counted and never lost.
  void FlushOutside(const std::string& class_name, const char* phase) {
    std::string message;
    std::string file;
    int line = 0;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (outside_message.empty()) return;
      message.swap(outside_message);
      file.swap(outside_file);
      line = outside_line;
    }
    TestCase entry;
    entry.class_name = class_name;
    entry.name = phase;
    entry.outside_test = true;
    entry.time_ms = MillisSince(phase_start);
    entry.status = Status::kError;
    entry.message = CapMessage(std::move(message), options.max_message);
    entry.file = std::move(file);
    entry.line = line;
    entry.iteration = tests->iteration();
    tests->AddKept(std::move(entry));
  }

  void Start(const ::testing::UnitTest& unit_test) {
    if (IsDeathTestChild()) return;
    const void* expected = nullptr;
    if (!g_reporting_listener.compare_exchange_strong(expected, this)) return;
    if (from_environment) {
      auto config = OptionsFromEnvironment();
      for (const auto& problem : config.problems) std::cerr << "gtest-webhook: " << problem << '\n';
      options = std::move(config.options);
    }
    if (options.disabled || (options.reporters.empty() && options.output_path.empty())) return;
    active = true;
    pid = ::getpid();
    known_bugs = TestFilter(options.known_bugs);
    tests = std::make_shared<GoogleTestCases>(options.max_message);
    report.source = tests;
    report.run.id = RandomId();
    report.run.started_at_ms = NowUnixMs();
    report.run.shard = ShardFromEnvironment(ProcessEnvironment());
    report.run.filter = GTEST_FLAG_GET(filter);
    report.run.disabled = unit_test.reportable_disabled_test_count();
  }

  void StartIteration(const ::testing::UnitTest& unit_test, int number) {
    tests->SetIteration(number);
    report.run.iterations = number + 1;
    // GoogleTest moves to a new seed after every iteration; the first one reproduces the run.
    if (number == 0 && GTEST_FLAG_GET(shuffle)) report.run.random_seed = unit_test.random_seed();
    // One allocation per iteration instead of doubling.
    tests->Reserve(static_cast<std::size_t>(unit_test.test_to_run_count()) + 8);
  }

  void AddTest(const ::testing::TestInfo& info) {
    const bool tagged_bug =
        !known_bugs.empty() &&
        known_bugs.Matches(std::string(info.test_suite_name()) + '.' + info.name());
    tests->AddLive(info, tagged_bug);
  }

  // Sends the report. Reads nothing from the UnitTest, so that it can also run from
  // OnTestPartResult when GoogleTest abandons the run.
  void Finish() {
    if (!active || ::getpid() != pid) return;
    active = false;
    FlushOutside(kEnvironmentClassName, environment_phase);
    report.run.finished_at_ms = NowUnixMs();
    report.run.binary = BinaryName();
    report.name = options.name.empty() ? DefaultReportName(report.run.binary, report.run.shard)
                                       : options.name;
    if (tests->repeated()) tests->SetFlaky(FlakyTests(report));
    CompleteReport(report, options);
    if (!transport) transport = MakeCurlTransport();
    std::cout.flush();
    Dispatch(report, options, *transport, std::cerr);
  }
};

// Every callback is a no-throw boundary: a reporting problem must never become a test problem.
#define GTEST_WEBHOOK_GUARDED(body) \
  try {                             \
    body;                           \
  } catch (...) {                   \
  }

Listener::Listener() : state_(std::make_unique<State>()) {}

Listener::Listener(Options options, std::shared_ptr<Transport> transport)
    : state_(std::make_unique<State>()) {
  state_->from_environment = false;
  state_->options = std::move(options);
  state_->transport = std::move(transport);
}

Listener::~Listener() {
  const void* self = state_.get();
  g_reporting_listener.compare_exchange_strong(self, nullptr);
}

void Listener::OnTestProgramStart(const ::testing::UnitTest& unit_test) {
  GTEST_WEBHOOK_GUARDED(state_->Start(unit_test));
}

void Listener::OnTestIterationStart(const ::testing::UnitTest& unit_test, int iteration) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->StartIteration(unit_test, iteration));
}

void Listener::OnEnvironmentsSetUpStart(const ::testing::UnitTest& /*unit_test*/) {
  state_->phase_start = Clock::now();
  state_->environment_phase = "SetUp";
}

void Listener::OnEnvironmentsSetUpEnd(const ::testing::UnitTest& /*unit_test*/) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->FlushOutside(kEnvironmentClassName, "SetUp"));
  state_->environment_phase = "outside any test";
}

void Listener::OnTestSuiteStart(const ::testing::TestSuite& test_suite) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->suite = test_suite.name());
  state_->suite_ran_tests = false;
  state_->phase_start = Clock::now();
}

void Listener::OnTestStart(const ::testing::TestInfo& test_info) {
  if (!state_->active) return;
  if (!state_->suite_ran_tests) {
    GTEST_WEBHOOK_GUARDED(state_->FlushOutside(test_info.test_suite_name(), "SetUpTestSuite"));
    state_->suite_ran_tests = true;
  }
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->in_test = true;
}

void Listener::OnTestPartResult(const ::testing::TestPartResult& result) {
  // Called with GoogleTest's lock held: read only `result`, never the UnitTest.
  if (!state_->active || !result.failed()) return;
  GTEST_WEBHOOK_GUARDED({
    std::lock_guard<std::mutex> lock(state_->mutex);
    // Failures inside a test are read from its TestResult when it ends.
    if (state_->in_test) return;
    if (state_->outside_message.empty()) {
      state_->outside_file = result.file_name() != nullptr ? result.file_name() : "";
      state_->outside_line = result.line_number() > 0 ? result.line_number() : 0;
    }
    AppendFailure(state_->outside_message, result);
  });
  if (IsRunAbandoned(result)) {
    // An exception escaped a global environment (or a listener): GoogleTest stops the run here
    // and never calls OnTestProgramEnd, so this is the last chance to report.
    state_->report.run.status = "crashed";
    GTEST_WEBHOOK_GUARDED(state_->Finish());
  }
}

void Listener::OnTestEnd(const ::testing::TestInfo& test_info) {
  if (!state_->active) return;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->in_test = false;
  }
  GTEST_WEBHOOK_GUARDED(state_->AddTest(test_info));
  state_->phase_start = Clock::now();
}

void Listener::OnTestSuiteEnd(const ::testing::TestSuite& test_suite) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->FlushOutside(
      test_suite.name(), state_->suite_ran_tests ? "TearDownTestSuite" : "SetUpTestSuite"));
}

void Listener::OnEnvironmentsTearDownStart(const ::testing::UnitTest& /*unit_test*/) {
  state_->phase_start = Clock::now();
  state_->environment_phase = "TearDown";
}

void Listener::OnEnvironmentsTearDownEnd(const ::testing::UnitTest& /*unit_test*/) {
  if (!state_->active) return;
  GTEST_WEBHOOK_GUARDED(state_->FlushOutside(kEnvironmentClassName, "TearDown"));
  state_->environment_phase = "outside any test";
}

void Listener::OnTestIterationEnd(const ::testing::UnitTest& /*unit_test*/, int iteration) {
  if (!state_->active) return;
  // Another iteration follows (a negative count repeats forever): keep this one's results.
  const int repeat = GTEST_FLAG_GET(repeat);
  if (repeat < 0 || iteration + 1 < repeat) GTEST_WEBHOOK_GUARDED(state_->tests->KeepLive());
}

void Listener::OnTestProgramEnd(const ::testing::UnitTest& /*unit_test*/) {
  GTEST_WEBHOOK_GUARDED(state_->Finish());
}

bool install() {
  try {
    if (g_installed.exchange(true)) return true;
    if (!EnvironmentRequestsReporting()) {
      g_installed = false;
      return false;
    }
    ::testing::UnitTest::GetInstance()->listeners().Append(new Listener());
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace gtest_webhook
