// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Reads a collect file back into what its process did, including how it ended: a process killed
// by a signal, by SIGKILL or _exit(), or still running leaves a file without its end record.

#include "inputs/collect_reader.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "capture/collect_format.h"
#include "capture/test_output.h"
#include "inputs/json_fields.h"
#include "inputs/sources.h"
#include "model/phases.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;

std::optional<Status> ParseStatus(const std::string& text) {
  for (const auto status : {Status::kPassed, Status::kFailed, Status::kError, Status::kSkipped}) {
    if (text == ToString(status)) return status;
  }
  return std::nullopt;
}

class CollectReader {
 public:
  CollectReader(std::string origin, std::size_t max_message)
      : origin_(std::move(origin)), max_message_(max_message) {
    result_.finished = false;  // until the end record says otherwise
    result_.kind = InputKind::kCollect;
  }

  // The first record; false when it is not a collect file's header.
  bool Header(const json& header) {
    if (!header.is_object() || header.value("gtestWebhookCollect", 0) != 1) return false;
    auto& run = result_.report.run;
    run.id = StringField(header, "id");
    run.binary = StringField(header, "binary");
    run.host = StringField(header, "host");
    run.filter = StringField(header, "filter");
    run.started_at_ms = last_at_ = IntField(header, "startedAt");
    if (const auto shard = header.find("shard"); shard != header.end() && shard->is_object()) {
      run.shard = Shard{static_cast<int>(IntField(*shard, "index")),
                        static_cast<int>(IntField(*shard, "total"))};
    }
    pid_ = result_.pid = IntField(header, "pid");
    return true;
  }

  // Any later record; false when it is not one.
  bool Add(const json& record) {
    const auto type = StringField(record, "t");
    if (record.contains("at")) last_at_ = IntField(record, "at");
    if (type == "iteration") {
      Iteration(record);
    } else if (type == "phase") {
      Running(StringField(record, "suite"), StringField(record, "name"), true);
    } else if (type == "start") {
      Running(StringField(record, "suite"), StringField(record, "name"), false);
      running_started_ = last_at_;
      ++starts_;
    } else if (type == "part") {
      if (running_ && !running_->outside_test) {
        running_->message += running_->message.empty() ? "" : "\n\n";
        running_->message += StringField(record, "message");
      }
    } else if (type == "case") {
      return Case(record);
    } else if (type == "signal") {
      signal_ = StringField(record, "name");
    } else if (type == "exit") {
      exited_ = true;
    } else if (type == "full") {
      full_ = true;
      full_at_ = last_at_;
      full_why_ = StringField(record, "why");
    } else if (type == "end") {
      End(record);
    } else if (type == "tail") {
      tail_ = StringField(record, "output");
    } else if (type == "output" || type == "sanitizer") {
      Captured(record);
    } else {
      return false;
    }
    return true;
  }

  SourceResult Finish(bool writer_alive, const std::string& truncated) {
    SourceResult source;
    result_.origin = origin_;
    auto& run = result_.report.run;
    run.iterations = std::max(1, run.iterations);
    if (full_) {
      source.problems.push_back({origin_, DiskFull()});
      // What was lost is said; the test that was running when the disk filled is not to blame.
      if (!result_.finished && !writer_alive) {
        result_.finished = true;
        run.finished_at_ms = last_at_;
      }
    }
    if (!result_.finished) {
      run.finished_at_ms = last_at_;
      if (running_ && running_->output.empty()) running_->output = std::move(tail_);
      if (running_ && !running_->outside_test) running_->time_ms = last_at_ - running_started_;
      result_.running = std::move(running_);
      result_.ending = HowItEnded(writer_alive, truncated);
    }
    source.processes.push_back(std::move(result_));
    return source;
  }

 private:
  void Iteration(const json& record) {
    iteration_ = static_cast<int>(IntField(record, "n"));
    auto& run = result_.report.run;
    run.iterations = std::max(run.iterations, iteration_ + 1);
    if (iteration_ == 0 && record.contains("seed") && record["seed"].is_number_integer()) {
      run.random_seed = IntField(record, "seed");
    }
  }

  void Running(std::string suite, std::string name, bool outside) {
    running_.emplace();
    running_->class_name = std::move(suite);
    running_->name = std::move(name);
    running_->outside_test = outside;
    running_->iteration = iteration_;
  }

  bool Case(const json& record) {
    const auto status = ParseStatus(StringField(record, "status"));
    if (!status) return false;
    TestCase test;
    test.class_name = StringField(record, "suite");
    test.name = StringField(record, "name");
    test.status = *status;
    test.time_ms = IntField(record, "time");
    test.message = CapMessage(StringField(record, "message"), max_message_);
    test.file = StringField(record, "file");
    test.line = static_cast<int>(IntField(record, "line"));
    test.iteration = static_cast<int>(IntField(record, "iteration"));
    test.tagged_bug = record.value("bug", false);
    test.quarantined = record.value("quarantined", false);
    test.outside_test = record.value("outside", false);
    if (const auto it = record.find("properties"); it != record.end() && it->is_array()) {
      for (const auto& pair : *it) {
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
          test.properties.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
      }
    }
    test.output = StringField(record, "output");
    // After a test, until the next starts: its suite's tear-down.
    if (!test.outside_test) {
      case_of_start_.resize(starts_ + 1, kNone);
      case_of_start_[starts_] = result_.report.test_cases.size();
      Running(test.class_name, OutsidePhaseName(false, false), true);
    }
    result_.report.test_cases.push_back(std::move(test));
    return true;
  }

  // What the test that started `test`-th wrote (SPEC §16): its output, and a sanitizer's summary
  // line, which makes it an error whose message begins with that line. The test that was running
  // when the process ended has no entry yet: it is the one the record goes to then.
  void Captured(const json& record) {
    const auto number =
        static_cast<std::size_t>(std::max<std::int64_t>(0, IntField(record, "test")));
    TestCase* test = nullptr;
    if (number < case_of_start_.size() && case_of_start_[number] != kNone) {
      test = &result_.report.test_cases[case_of_start_[number]];
    } else if (running_ && number == starts_) {
      test = &*running_;
    }
    if (test == nullptr) return;
    ApplyCaptured({StringField(record, "output"), StringField(record, "summary")}, max_message_,
                  *test);
  }

  void End(const json& record) {
    auto& run = result_.report.run;
    result_.finished = true;
    running_.reset();
    run.status =
        StringField(record, "status") == "crashed" ? RunStatus::kCrashed : RunStatus::kFinished;
    run.finished_at_ms = last_at_;
    run.iterations = static_cast<int>(IntField(record, "iterations"));
    run.disabled = static_cast<int>(IntField(record, "disabled"));
  }

  std::string DiskFull() const {
    return "the collect file could not grow at " + FormatUtc(full_at_) + " (" +
           (full_why_.empty() ? std::string("is the disk full?") : full_why_) +
           "): the results of this process after that are missing" +
           (result_.finished ? std::string() : ", and so is how it ended");
  }

  Ending HowItEnded(bool writer_alive, const std::string& truncated) const {
    Ending ending;
    if (writer_alive) {
      ending.explanation = "incomplete: process " + std::to_string(pid_) + " was still writing " +
                           origin_ + " when it was read; send the results after the tests end";
    } else if (!truncated.empty()) {
      ending.explanation = "incomplete: " + truncated;
    }
    ending.signal = signal_;
    ending.called_exit = exited_;
    return ending;
  }

  std::string origin_;
  std::size_t max_message_;
  ProcessReport result_;
  std::optional<TestCase> running_;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  // Tests started so far, and the entry of each that ended (by start number, from 1).
  std::size_t starts_ = 0;
  std::vector<std::size_t> case_of_start_;
  std::string tail_;
  std::int64_t running_started_ = 0;
  std::int64_t last_at_ = 0;
  std::int64_t pid_ = 0;
  int iteration_ = 0;
  std::string signal_;
  bool exited_ = false;
  bool full_ = false;
  std::int64_t full_at_ = 0;
  std::string full_why_;
};

}  // namespace

SourceResult ReadCollectFile(std::string_view bytes, const std::string& origin,
                             std::size_t max_message, bool writer_alive) {
  CollectReader reader(origin, max_message);
  std::vector<std::string> corrupt;
  bool header = false;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != '\n' && bytes[i] != '\0') continue;
    // Only a record that ends with its newline was written whole; one that ends in a zero was
    // torn by the end of its process.
    if (bytes[i] == '\n' && i > begin) {
      const auto record = json::parse(bytes.substr(begin, i - begin), nullptr, false);
      const bool used = header ? reader.Add(record) : (header = reader.Header(record));
      if (!used) corrupt.push_back("byte " + std::to_string(begin));
    }
    begin = i + 1;
  }
  if (!header) {
    SourceResult result;
    result.problems.push_back({origin,
                               "not a gtest-webhook collect file: its first line is "
                               "not a valid header (is it truncated?)"});
    return result;
  }
  const auto truncated = begin < bytes.size()
                             ? origin + " is truncated at byte " + std::to_string(bytes.size()) +
                                   " (its last record is cut off); later results are missing"
                             : std::string();
  auto result = reader.Finish(writer_alive, truncated);
  if (!truncated.empty()) result.notes.push_back(truncated);
  for (const auto& where : corrupt) {
    result.problems.push_back(
        {origin, "the record at " + where + " is corrupt; a result may be missing"});
  }
  return result;
}

}  // namespace gtest_webhook::detail
