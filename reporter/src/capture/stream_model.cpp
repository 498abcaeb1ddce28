// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "capture/stream_model.h"

#include <cstdlib>
#include <utility>
#include <vector>

#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const std::string hex(text.substr(i + 1, 2));
      out += static_cast<char>(std::strtol(hex.c_str(), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// One protocol line: `event=Name&key=value&...`, values percent-encoded.
class Fields {
 public:
  explicit Fields(std::string_view line) {
    while (!line.empty()) {
      const auto end = line.find('&');
      const auto pair = line.substr(0, end);
      const auto equals = pair.find('=');
      if (equals != std::string_view::npos) {
        fields_.emplace_back(pair.substr(0, equals), UrlDecode(pair.substr(equals + 1)));
      }
      if (end == std::string_view::npos) break;
      line.remove_prefix(end + 1);
    }
  }
  std::string Get(std::string_view key) const {
    for (const auto& [name, value] : fields_) {
      if (name == key) return value;
    }
    return {};
  }
  // `passed=1`.
  bool Passed() const { return Get("passed") == "1"; }
  // A number such as `iteration=2` or `elapsed_time=15ms`.
  std::int64_t Number(std::string_view key) const { return std::atoll(Get(key).c_str()); }

 private:
  std::vector<std::pair<std::string_view, std::string>> fields_;
};

// The two events whose one value, a name, GoogleTest sends as it is.
constexpr std::string_view kSuiteStart = "event=TestCaseStart&name=";
constexpr std::string_view kTestStart = "event=TestStart&name=";

// GoogleTest's SUCCEED() is a test part too; it is neither a failure nor a skip.
bool IsSuccessPart(std::string_view message) {
  return message == "Succeeded" || message.rfind("Succeeded\n", 0) == 0;
}

}  // namespace

StreamModel::StreamModel(std::size_t max_message) : max_message_(max_message) {}

void StreamModel::FeedComplete(std::string& pending, std::int64_t now_ms) {
  std::size_t begin = 0;
  for (auto newline = pending.find('\n'); newline != std::string::npos;
       newline = pending.find('\n', begin)) {
    Feed(std::string_view(pending).substr(begin, newline - begin), now_ms);
    begin = newline + 1;
  }
  pending.erase(0, begin);
}

void StreamModel::Feed(std::string_view line, std::int64_t now_ms) {
  constexpr std::string_view kEvent = "event=";
  if (line.rfind(kEvent, 0) != 0) {
    // The protocol version line, or the rest of a name that holds a line feed.
    if (pending_start_) pending_start_->name.append(1, '\n').append(line);
    return;
  }
  StartPending();
  // GoogleTest sends suite and test names as they are, not percent-encoded like its other
  // values: everything after `name=` is the name, `&` and `%` included, and a line that does
  // not start an event continues it (a name may hold a line feed).
  for (const auto& [prefix, suite] : {std::pair{kSuiteStart, true}, std::pair{kTestStart, false}}) {
    if (line.rfind(prefix, 0) == 0) {
      pending_start_ = PendingStart{suite, std::string(line.substr(prefix.size())), now_ms};
      return;
    }
  }
  const Fields fields(line);
  const auto event = fields.Get("event");
  if (event == "TestProgramStart") {
    started_ = true;
    report_.run.started_at_ms = now_ms;
    phase_started_ms_ = now_ms;
  } else if (event == "TestIterationStart") {
    iteration_ = static_cast<int>(fields.Number("iteration"));
    report_.run.iterations = iteration_ + 1;
    iteration_first_ = report_.test_cases.size();
    phases_.EnvironmentSetUpStarted();
    phase_started_ms_ = now_ms;
  } else if (event == "TestPartResult") {
    AddPart(fields.Get("file"), static_cast<int>(fields.Number("line")), fields.Get("message"));
  } else if (event == "TestEnd") {
    EndTest(fields.Passed(), fields.Number("elapsed_time"));
  } else if (event == "TestCaseEnd") {
    EndSuite(fields.Passed(), now_ms);
  } else if (event == "TestIterationEnd") {
    EndIteration(fields.Passed(), now_ms);
  } else if (event == "TestProgramEnd") {
    FlushOutside(now_ms);
    finished_ = true;
    report_.run.finished_at_ms = now_ms;
  } else if (event == kCollectAnnouncement) {
    announced_ = fields.Get("id");
  }
}

void StreamModel::StartPending() {
  if (!pending_start_) return;
  auto start = std::move(*pending_start_);
  pending_start_.reset();
  if (start.suite) {
    StartSuite(std::move(start.name), start.at_ms);
  } else {
    StartTest(std::move(start.name), start.at_ms);
  }
}

void StreamModel::StartSuite(std::string name, std::int64_t now_ms) {
  FlushOutside(now_ms);  // the environment's set-up
  phases_.EnvironmentTearDownStarted();
  phases_.SuiteStarted(std::move(name));
  suite_first_ = report_.test_cases.size();
  phase_started_ms_ = now_ms;
}

void StreamModel::StartTest(std::string name, std::int64_t now_ms) {
  if (!phases_.suite_ran_tests()) FlushOutside(now_ms);  // the suite's set-up
  phases_.TestStarted();
  running_.emplace();
  running_->class_name = phases_.suite();
  running_->name = std::move(name);
  running_->iteration = iteration_;
  running_started_ms_ = now_ms;
  running_failed_ = false;
}

void StreamModel::AddPart(const std::string& file, int line, const std::string& raw) {
  const auto message = FailureText(raw);
  if (IsSuccessPart(message)) return;
  // GoogleTest's failures always say something; a skip without a reason, and the skip it
  // records for each test of a suite whose set-up failed, say nothing; before 1.12 a skip
  // says "Skipped" first.
  const auto reason = SkipText(message);
  const bool said_skipped = reason.size() != message.size();  // only GoogleTest 1.10 says so
  releases_before_1_11_ = releases_before_1_11_ || said_skipped;
  const bool skip = reason.empty() || said_skipped;
  if (!running_) {
    if (skip) {
      outside_.AddSkip(file, line, message);
    } else {
      outside_.AddFailure(file, line, message);
    }
    return;
  }
  if (skip) {
    if (!reason.empty()) AppendPartText(running_->message, file, line, reason);
    return;
  }
  running_failed_ = true;
  if (IsUncaughtException(file, message)) running_->status = Status::kError;
  AppendPartText(running_->message, file, line, message);
}

void StreamModel::EndTest(bool passed, std::int64_t elapsed_ms) {
  if (!running_) return;
  TestCase test = std::move(*running_);
  running_.reset();
  test.time_ms = elapsed_ms;
  if (passed) {
    test.status = Status::kPassed;
    test.message.clear();
  } else if (!running_failed_) {
    test.status = Status::kSkipped;
  } else if (test.status != Status::kError) {
    // Failed, or skipped with a reason: SettleSkipped decides once the suite or the iteration
    // ends.
    test.status = Status::kFailed;
  }
  test.message = CapMessage(std::move(test.message), max_message_);
  report_.test_cases.push_back(std::move(test));
}

void StreamModel::EndSuite(bool passed, std::int64_t now_ms) {
  FlushOutside(now_ms);  // the suite's tear-down, or its set-up when no test ran
  if (passed) SettleSkipped(suite_first_);
  phases_.SuiteEnded();
  phase_started_ms_ = now_ms;
}

void StreamModel::EndIteration(bool passed, std::int64_t now_ms) {
  FlushOutside(now_ms);  // the environment's tear-down, or its set-up when no suite ran
  if (passed) SettleSkipped(iteration_first_);
}

void StreamModel::FlushOutside(std::int64_t now_ms) {
  auto [class_name, phase] = phases_.Now();
  auto entry = outside_.Take(std::move(class_name), std::move(phase), iteration_,
                             now_ms - phase_started_ms_, max_message_);
  if (entry) report_.test_cases.push_back(std::move(*entry));
}

void StreamModel::SettleSkipped(std::size_t first) {
  for (auto i = first; i < report_.test_cases.size(); ++i) {
    auto& entry = report_.test_cases[i];
    if (entry.status != Status::kFailed && entry.status != Status::kError) continue;
    if (entry.outside_test) {
      passed_outside_.push_back(i);  // decided in Result: GoogleTest 1.10's "passed" ignores these
    } else {
      entry.status = Status::kSkipped;
    }
  }
}

void StreamModel::SettleOutside() {
  // A suite or iteration that GoogleTest reported passed had only skips outside its tests,
  // except in GoogleTest 1.10, whose "passed" ignores failures outside tests (and whose skips
  // always said "Skipped", so those never reached here).
  for (const auto i : passed_outside_) {
    if (!releases_before_1_11_) report_.test_cases[i].status = Status::kSkipped;
  }
  passed_outside_.clear();
}

ProcessReport StreamModel::Result(std::int64_t now_ms) {
  StartPending();
  SettleOutside();
  ProcessReport result;
  result.finished = finished_;
  result.ending.streamed = true;
  if (started_ && !finished_) {
    if (running_) {
      result.running = std::move(running_);
      result.running->time_ms = now_ms - running_started_ms_;
      running_.reset();
    } else {
      // Stopped outside any test: the phase it was in, with what it reported there so far.
      auto [class_name, phase] = phases_.Now();
      result.running =
          outside_.Take(class_name, phase, iteration_, now_ms - phase_started_ms_, max_message_);
      if (!result.running) {
        result.running.emplace();
        result.running->class_name = std::move(class_name);
        result.running->name = std::move(phase);
        result.running->outside_test = true;
        result.running->iteration = iteration_;
      }
    }
    report_.run.finished_at_ms = now_ms;
  }
  result.report = std::move(report_);
  result.report.run.iterations = std::max(1, result.report.run.iterations);
  return result;
}

}  // namespace gtest_webhook::detail
