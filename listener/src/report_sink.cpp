// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <iostream>
#include <unordered_map>
#include <unordered_set>

#include "model/phases.h"
#include "model/summary.h"
#include "model/text.h"
#include "platform/signals.h"
#include "sinks.h"

namespace gtest_webhook::detail {

void FillTestCase(const ::testing::TestInfo& info, int iteration, TestTags tags,
                  std::size_t max_message, const std::string& binary, TestCase& entry) {
  const ::testing::TestResult& result = *info.result();
  entry.class_name = info.test_suite_name();
  entry.name = info.name();
  entry.binary = binary;
  entry.time_ms = result.elapsed_time();
  entry.file = info.file() != nullptr ? info.file() : "";
  entry.line = info.line();
  entry.iteration = iteration;
  entry.status = result.Failed()    ? Status::kFailed
                 : result.Skipped() ? Status::kSkipped
                                    : Status::kPassed;
  entry.message.clear();
  entry.tagged_bug = tags.bug;
  entry.quarantined = tags.quarantined;
  entry.tagged_flaky = false;
  entry.outside_test = false;
  for (int i = 0; i < result.total_part_count() && entry.status != Status::kPassed; ++i) {
    const auto& part = result.GetTestPartResult(i);
    const char* file = part.file_name() != nullptr ? part.file_name() : "";
    // A failed test says what failed; a skipped one why it was skipped, when it said so.
    if (entry.status == Status::kSkipped) {
      const auto reason = SkipText(part.message());
      if (part.skipped() && !reason.empty()) {
        AppendPartText(entry.message, file, part.line_number(), reason);
      }
    } else if (part.failed()) {
      if (IsUncaughtException(file, part.message())) entry.status = Status::kError;
      AppendPartText(entry.message, file, part.line_number(), part.message());
    }
  }
  entry.message = CapMessage(std::move(entry.message), max_message);
  entry.properties.clear();
  for (int i = 0; i < result.test_property_count(); ++i) {
    const auto& property = result.GetTestProperty(i);
    entry.properties.emplace_back(property.key(), property.value());
  }
}

namespace {

// The report's test cases, read from GoogleTest's own results when the payload is produced
// instead of being copied as each test ends: one pointer per execution. GoogleTest clears
// results when an iteration of --gtest_repeat starts, so the executions of earlier iterations
// (and entries outside tests) are kept as copies.
class GoogleTestCases final : public TestCaseSource {
 public:
  GoogleTestCases(std::size_t max_message, std::string binary)
      : max_message_(max_message), binary_(std::move(binary)) {}

  std::size_t size() const override { return entries_.size(); }

  const TestCase& Get(std::size_t index, TestCase& scratch) const override {
    const Entry& entry = entries_[index];
    if (entry.info == nullptr) return kept_[entry.kept];
    FillTestCase(*entry.info, entry.iteration, entry.tags, max_message_, binary_, scratch);
    scratch.tagged_flaky = !flaky_.empty() && flaky_.count(IdOf(scratch)) != 0;
    scratch.output.clear();
    ApplyCaptured(index, scratch);
    return scratch;
  }

  void Reserve(std::size_t more) { entries_.reserve(entries_.size() + more); }

  void AddLive(const ::testing::TestInfo& info, int iteration, TestTags tags) {
    tests_.push_back(static_cast<std::uint32_t>(entries_.size()));
    entries_.push_back({&info, 0, iteration, tags});
  }

  // What the `test`-th test started wrote.
  void AddCaptured(std::uint32_t test, const CapturedOutput& captured) {
    if (test == 0 || test > tests_.size()) return;
    const auto index = tests_[test - 1];
    captured_[index] = captured;
    Entry& entry = entries_[index];
    if (entry.info == nullptr) ApplyCaptured(index, kept_[entry.kept]);
  }

  void AddKept(TestCase test) {
    entries_.push_back(
        {nullptr, static_cast<std::uint32_t>(kept_.size()), test.iteration, TestTags{}});
    kept_.push_back(std::move(test));
  }

  // Copies the results of the iteration that ended: GoogleTest clears them before the next.
  void KeepLive() {
    for (auto& entry : entries_) {
      if (entry.info == nullptr) continue;
      repeated_ = true;
      TestCase test;
      FillTestCase(*entry.info, entry.iteration, entry.tags, max_message_, binary_, test);
      ApplyCaptured(static_cast<std::size_t>(&entry - entries_.data()), test);
      entry.kept = static_cast<std::uint32_t>(kept_.size());
      entry.info = nullptr;
      kept_.push_back(std::move(test));
    }
  }

  // Only a repeated run can have flaky tests.
  bool repeated() const { return repeated_; }

  // Tags every execution of the tests in `flaky` (see FlakyTests). Call once, at the end.
  void SetFlaky(TestIdSet flaky) {
    flaky_ = std::move(flaky);
    for (auto& test : kept_) test.tagged_flaky = flaky_.count(IdOf(test)) != 0;
  }

 private:
  void ApplyCaptured(std::size_t index, TestCase& test) const {
    if (captured_.empty()) return;
    if (const auto it = captured_.find(index); it != captured_.end()) {
      detail::ApplyCaptured(it->second, max_message_, test);
    }
  }

  struct Entry {
    const ::testing::TestInfo* info;  // nullptr: kept_[kept]
    std::uint32_t kept;
    int iteration;
    TestTags tags;
  };

  std::size_t max_message_;
  std::string binary_;
  bool repeated_ = false;
  std::vector<Entry> entries_;
  std::vector<TestCase> kept_;
  TestIdSet flaky_;
  // What tests wrote, by entry, for those that did not pass or had a sanitizer's report.
  std::unordered_map<std::size_t, CapturedOutput> captured_;
  // The entry of each test started, in order.
  std::vector<std::uint32_t> tests_;
};

class ReportSink final : public Sink {
 public:
  ReportSink(const Options& options, std::shared_ptr<Transport> transport, std::string binary)
      : options_(options),
        transport_(std::move(transport)),
        cases_(std::make_shared<GoogleTestCases>(options.max_message, std::move(binary))) {}

  void IterationStarted(int iteration, std::optional<std::int64_t> /*seed*/) override {
    iteration_ = iteration;
    // One allocation per iteration instead of doubling.
    cases_->Reserve(
        static_cast<std::size_t>(::testing::UnitTest::GetInstance()->test_to_run_count()) + 8);
  }
  void PhaseStarted(const std::string& /*class_name*/, const std::string& /*phase*/) override {}
  void TestStarted(const ::testing::TestInfo& /*info*/) override {}
  void TestFailed(const ::testing::TestPartResult& /*part*/) override {}
  void TestEnded(const ::testing::TestInfo& info, TestTags tags) override {
    cases_->AddLive(info, iteration_, tags);
  }
  void Captured(std::uint32_t test, const CapturedOutput& captured) override {
    cases_->AddCaptured(test, captured);
  }
  void Outside(TestCase entry) override { cases_->AddKept(std::move(entry)); }
  void IterationEnded(bool another_follows) override {
    if (another_follows) cases_->KeepLive();
  }

  void Finish(Report& report) override {
    report.source = cases_;
    if (cases_->repeated()) cases_->SetFlaky(FlakyTests(report));
    std::cout.flush();
    // Our lines must not end a test binary whose standard error is a closed pipe: its exit
    // status is its own.
    const platform::SigpipeShield shield;
    FinishAndDispatch(report, options_, std::cerr, transport_.get());
  }

 private:
  const Options& options_;
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<GoogleTestCases> cases_;
  int iteration_ = 0;
};

}  // namespace

std::unique_ptr<Sink> MakeReportSink(const Options& options, std::shared_ptr<Transport> transport,
                                     std::string binary) {
  return std::make_unique<ReportSink>(options, std::move(transport), std::move(binary));
}

}  // namespace gtest_webhook::detail
