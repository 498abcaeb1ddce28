// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// GTEST_WEBHOOK_COLLECT_DIR: each result is appended to a file of this process's own as it
// happens, into memory the kernel keeps (platform::AppendFile), so that a process that dies in
// any way leaves every test it finished; a fatal signal or exit() is recorded on the way out.

#include <iostream>
#include <mutex>
#include <vector>

#include "capture/collect_format.h"
#include "capture/stream_model.h"
#include "escape.h"
#include "model/phases.h"
#include "model/text.h"
#include "platform/files.h"
#include "platform/net.h"
#include "platform/signals.h"
#include "sinks.h"

namespace gtest_webhook::detail {
namespace {

class CollectSink;

// The sink whose file a fatal signal or exit() is recorded in; set while one is open.
std::atomic<CollectSink*> g_collecting{nullptr};

// Decimal digits of `value` into `buffer` (at least 21 bytes), without allocating.
std::string_view Digits(std::int64_t value, char* buffer) {
  char* end = buffer + 21;
  char* at = end;
  do {
    *--at = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && at > buffer);
  return {at, static_cast<std::size_t>(end - at)};
}

class CollectSink final : public Sink {
 public:
  CollectSink(const Options& options, std::unique_ptr<platform::AppendFile> file,
              std::string binary)
      : options_(options), file_(std::move(file)), binary_(std::move(binary)) {
    for (const int* signal = platform::FatalSignals(); *signal != 0; ++signal) {
      signal_records_.emplace_back(*signal,
                                   SignalRecordPrefix(*signal, platform::SignalName(*signal)));
    }
    exit_record_ = ExitRecordPrefix();
    g_collecting = this;
    platform::RecordFatalSignals(&CollectSink::OnSignal);
    platform::RecordExit(&CollectSink::OnExit);
  }

  void IterationStarted(int iteration, std::optional<std::int64_t> seed) override {
    iteration_ = iteration;
    Write([&](std::string& out) { AppendIterationRecord(out, iteration, seed); });
  }
  void PhaseStarted(const std::string& class_name, const std::string& phase) override {
    Write([&](std::string& out) { AppendPhaseRecord(out, class_name, phase); });
  }
  void TestStarted(const ::testing::TestInfo& info) override {
    Write([&](std::string& out) {
      AppendStartRecord(out, info.test_suite_name(), info.name(), NowUnixMs());
    });
  }
  void TestFailed(const ::testing::TestPartResult& part) override {
    // Kept as it happens: if the test then crashes, its report still says what failed first.
    std::string text;
    AppendPartText(text, part.file_name() != nullptr ? part.file_name() : "", part.line_number(),
                   part.message());
    Write([&](std::string& out) { AppendPartRecord(out, text); });
  }
  void TestEnded(const ::testing::TestInfo& info, TestTags tags) override {
    Write([&](std::string& out) {
      FillTestCase(info, iteration_, tags, options_.max_message, binary_, scratch_);
      AppendCaseRecord(out, scratch_);
    });
  }
  // Sanitizer reports in tests that passed are recorded here by the copier of the output when
  // the process ends, since LeakSanitizer reports after the end; so are kept outputs when the
  // process never gets to its end.
  void Captured(std::uint32_t test, const CapturedOutput& captured) override {
    Write([&](std::string& out) {
      AppendOutputRecord(out, test, captured.summary, captured.output);
    });
  }
  std::string RecordFile() const override { return file_->path(); }
  void Outside(TestCase entry) override {
    Write([&](std::string& out) { AppendCaseRecord(out, entry); });
  }
  void IterationEnded(bool /*another_follows*/) override {}

  void Finish(Report& report) override {
    Write(
        [&](std::string& out) {
          AppendEndRecord(out, report.run.status, report.run.finished_at_ms, report.run.iterations,
                          report.run.disabled);
        },
        true);
    platform::RecordFatalSignals(nullptr);
    platform::RecordExit(nullptr);
    g_collecting = nullptr;
    file_->Close();
  }

 private:
  // Formats one record and appends it. The file cannot grow when the disk is full: then a
  // record in the space kept in reserve says so, and nothing more is written but the `last`
  // record (the end), which goes in that reserve too, so that a reader knows the process
  // finished rather than crashed.
  template <typename Format>
  void Write(Format format, bool last = false) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (full_ && !last) return;
    record_.clear();
    format(record_);
    if (full_) {
      file_->AppendReserved(record_);
      return;
    }
    if (file_->Append(record_)) return;
    full_ = true;
    const auto unwritten = record_;
    record_.clear();
    AppendFullRecord(record_, NowUnixMs(), file_->why());
    file_->AppendReserved(record_);
    if (last) file_->AppendReserved(unwritten);
    const platform::SigpipeShield shield;
    PrintLine(std::cerr, "gtest-webhook: GTEST_WEBHOOK_COLLECT_DIR: " + file_->path() +
                             " cannot grow (" + file_->why() +
                             "); later results of this process are lost");
  }

  static void OnSignal(int signal) {
    CollectSink* sink = g_collecting.load();
    if (sink == nullptr) return;
    for (const auto& [number, prefix] : sink->signal_records_) {
      if (number != signal) continue;
      char digits[24];
      sink->file_->AppendReserved(prefix, Digits(platform::NowUnixMsSignalSafe(), digits), "}");
    }
  }

  static void OnExit() {
    CollectSink* sink = g_collecting.load();
    if (sink == nullptr) return;
    char digits[24];
    sink->file_->AppendReserved(sink->exit_record_, Digits(platform::NowUnixMsSignalSafe(), digits),
                                "}");
  }

  const Options& options_;
  std::unique_ptr<platform::AppendFile> file_;
  std::string binary_;
  std::vector<std::pair<int, std::string>> signal_records_;
  std::string exit_record_;
  std::mutex mutex_;  // test parts may come from any thread
  std::string record_;
  TestCase scratch_;
  int iteration_ = 0;
  bool full_ = false;
};

// Under `gtest-webhook run`, which follows GoogleTest's result stream of every process, says on
// this process's stream that its results are in a collect file, so that the run reads them
// there (exact, and crash-safe) and does not count the process twice.
void AnnounceToRun(const std::string& id) {
  const auto stream = ProcessEnvironment()("GTEST_WEBHOOK_RUN_STREAM");
  if (!stream || stream->empty()) return;
  platform::WriteOnConnectionTo(*stream,
                                "event=" + std::string(kCollectAnnouncement) + "&id=" + id + "\n");
}

}  // namespace

std::unique_ptr<Sink> MakeCollectSink(const Options& options, const Report& report) {
  CollectHeader header;
  header.id = report.run.id;
  header.binary = report.run.binary;
  header.host = report.run.host;
  header.pid = platform::ProcessId();
  header.started_at_ms = report.run.started_at_ms;
  header.shard = report.run.shard;
  header.filter = report.run.filter;
  std::string first;
  AppendHeaderRecord(first, header);
  // Unique among concurrent processes and across machines: binary, pid and the random id.
  const auto name = header.binary + "-" + std::to_string(header.pid) + "-" +
                    header.id.substr(0, 8) + ".gtest-webhook.jsonl";
  std::string why;
  const auto directory =
      platform::Directory::Open(options.collect_dir, platform::DirectoryUse::kBuild, why);
  auto file = directory ? platform::AppendFile::Create(*directory, name, first, why) : nullptr;
  if (!file) {
    const platform::SigpipeShield shield;
    PrintLine(std::cerr, "gtest-webhook: GTEST_WEBHOOK_COLLECT_DIR: cannot create a file in '" +
                             options.collect_dir + "' (" + why +
                             "); the results of this process are not collected");
    return nullptr;
  }
  auto sink = std::make_unique<CollectSink>(options, std::move(file), header.binary);
  AnnounceToRun(header.id);
  return sink;
}

}  // namespace gtest_webhook::detail
