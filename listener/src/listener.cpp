#include "gtest_webhook/listener.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>

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

}  // namespace

struct Listener::State {
  bool from_environment = true;
  Options options;
  std::shared_ptr<Transport> transport;

  bool active = false;
  pid_t pid = 0;
  TestFilter known_bugs{""};
  Report report;
  int iteration = 0;

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
    entry.time_ms = MillisSince(phase_start);
    entry.status = Status::kError;
    entry.message = CapMessage(std::move(message), options.max_message);
    entry.file = std::move(file);
    entry.line = line;
    entry.iteration = iteration;
    report.test_cases.push_back(std::move(entry));
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
    report.run.id = RandomId();
    report.run.started_at_ms = NowUnixMs();
    report.run.shard = ShardFromEnvironment(ProcessEnvironment());
    report.run.filter = GTEST_FLAG_GET(filter);
    report.run.disabled = unit_test.reportable_disabled_test_count();
  }

  void StartIteration(const ::testing::UnitTest& unit_test, int number) {
    iteration = number;
    report.run.iterations = number + 1;
    // GoogleTest moves to a new seed after every iteration; the first one reproduces the run.
    if (number == 0 && GTEST_FLAG_GET(shuffle)) report.run.random_seed = unit_test.random_seed();
    // One allocation per iteration instead of doubling: a doubling vector briefly holds its
    // old and new arrays, which for 200,000 tests is most of the peak memory we add.
    report.test_cases.reserve(report.test_cases.size() +
                              static_cast<std::size_t>(unit_test.test_to_run_count()) + 8);
  }

  void AddTest(const ::testing::TestInfo& info) {
    const ::testing::TestResult& result = *info.result();
    TestCase entry;
    entry.class_name = info.test_suite_name();
    entry.name = info.name();
    entry.time_ms = result.elapsed_time();
    entry.file = info.file() != nullptr ? info.file() : "";
    entry.line = info.line();
    entry.iteration = iteration;
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
      entry.message = CapMessage(std::move(entry.message), options.max_message);
    } else if (result.Skipped()) {
      entry.status = Status::kSkipped;
    }
    entry.tagged_bug =
        !known_bugs.empty() && known_bugs.Matches(entry.class_name + '.' + entry.name);
    for (int i = 0; i < result.test_property_count(); ++i) {
      const auto& property = result.GetTestProperty(i);
      entry.properties.emplace_back(property.key(), property.value());
    }
    report.test_cases.push_back(std::move(entry));
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
