// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Dispatching a finished report: its history, the output file, then every reporter
// concurrently, each with its `when` rule, its body and the retry policy.

#include "deliver/dispatch.h"

#include <atomic>
#include <iostream>
#include <optional>
#include <thread>

#include "assemble/complete.h"
#include "assemble/owners.h"
#include "bounds.h"
#include "deliver/bodies.h"
#include "deliver/ci/pages.h"
#include "deliver/net/net_module.h"
#include "deliver/records.h"
#include "deliver/retry.h"
#include "deliver/waiting.h"
#include "model/text.h"
#include "model/url.h"
#include "platform/files.h"
#include "platform/signals.h"
#include "render/payload.h"
#include "state/change_state.h"
#include "state/history.h"
#include "state/state_dir.h"

namespace gtest_webhook::detail {
namespace {

using Clock = std::chrono::steady_clock;

std::string DescribeStable(bool stable) { return stable ? "stable" : "unstable"; }

// The reason `reporter`'s `when` rule skips this report, or none. Opens the `when=changes`
// state into `state`, locked until the dispatch ends.
std::optional<std::string> WhenSkips(std::size_t index, const Summary& summary,
                                     const std::string& report_name, const Options& options,
                                     Clock::time_point deadline, std::optional<ChangeState>& state,
                                     DeliveryResult& result) {
  const WebhookReporter& reporter = options.reporters[index];
  if (reporter.when == When::kFails && summary.build_stable) {
    return "when=fails and the build is stable";
  }
  if (reporter.when != When::kChanges) return std::nullopt;
  state.emplace(
      ChangeState::Open(options, report_name, StateKey(options, index), deadline, result.warnings));
  const auto& last = state->last_delivered();
  if (last && *last == summary.build_stable) {
    return "when=changes and unchanged since last delivery (build " + DescribeStable(*last) + ")";
  }
  return std::nullopt;
}

// What one reporter's dispatch is about: the report and its bodies.
struct Dispatching {
  BodySource& bodies;
  const Summary& summary;
  const std::string& report_name;
  Event event;
};

// The current report, sent after the outbox's waiting reports unless one of them still fails
// (`blocked`): then it is kept behind them without another wait.
const Body* SendCurrent(std::size_t index, const Dispatching& what, const std::string& blocked,
                        const Options& options, Transport& transport, Clock::time_point deadline,
                        DeliveryResult& result) {
  const WebhookReporter& reporter = options.reporters[index];
  Sending sending;
  sending.body = &what.bodies.For(reporter);
  // A wiring test never replaces a real report's Pushgateway group, whatever the name.
  sending.own_group = what.event == Event::kTest;
  sending.report_name = sending.own_group ? "gtest-webhook test" : what.report_name;
  if (!blocked.empty()) {
    result.state = DeliveryState::kFailed;
    result.reason = "not sent: an older report to it still fails (" + blocked + ")";
    result.retry_later = true;
    return sending.body;
  }
  if (reporter.format == Format::kReport && reporter.test_cases == TestCases::kAll) {
    sending.failed_only = [&bodies = what.bodies] { return bodies.FailedOnly(); };
  }
  return SendWithRetries(reporter, sending, options, transport, deadline, result);
}

DeliveryResult DeliverOne(std::size_t index, const Dispatching& what, const Options& options,
                          Transport& transport, Clock::time_point deadline,
                          std::vector<DeliveryResult>& waiting) {
  DeliveryResult result;
  result.id = "msg_" + RandomId();
  result.reporter = ReporterName(options.reporters[index]);
  result.created_at_ms = NowUnixMs();
  // A wiring test (event TEST) neither keeps nor sends waiting reports.
  const bool uses_outbox = what.event != Event::kTest;
  std::string no_outbox;
  auto outbox = uses_outbox ? Outbox::For(options, index, no_outbox) : nullptr;
  std::string blocked;
  if (outbox && outbox->MayHoldReports()) {
    blocked = SendWaiting(*outbox, index, options, transport, deadline, waiting, result.warnings);
  }
  std::optional<ChangeState> state;
  if (auto why =
          WhenSkips(index, what.summary, what.report_name, options, deadline, state, result)) {
    result.state = DeliveryState::kSkipped;
    result.reason = std::move(*why);
    return result;
  }
  const Body* sent = SendCurrent(index, what, blocked, options, transport, deadline, result);
  // Only a delivered result is remembered: after a failure the change is sent again next run.
  if (state && result.state == DeliveryState::kDelivered) {
    state->Save(what.summary.build_stable, result.warnings);
  }
  if (uses_outbox) {
    KeepInOutbox(outbox.get(), no_outbox, *sent, ToString(what.event), what.report_name,
                 what.summary.build_stable, result);
  }
  return result;
}

// Runs `work` on a thread of its own with SIGPIPE blocked: a receiver that closes the
// connection mid-write then raises a signal pending on that thread only, which ends with it,
// instead of killing the test process.
template <typename Work>
std::thread SigpipeSafeThread(Work work) {
  return std::thread([work = std::move(work)]() mutable {
    platform::BlockSigpipeOnThisThread();
    work();
  });
}

// Runs `work(i)` for each of `count` reporters concurrently, on at most kConcurrentReporters
// threads that each take the next reporter when done with one (on this thread, shielded from
// SIGPIPE, when no thread can be had); returns when all are done. `work` must not throw.
template <typename Work>
void ForEachReporter(std::size_t count, const Work& work) {
  std::atomic<std::size_t> next{0};
  const auto take = [&work, &next, count] {
    for (auto i = next++; i < count; i = next++) work(i);
  };
  std::vector<std::thread> workers;
  const auto threads = std::min(count, kConcurrentReporters);
  workers.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    try {
      workers.push_back(SigpipeSafeThread(take));
    } catch (...) {
      break;  // the threads there are do the rest
    }
  }
  if (workers.empty()) {
    const platform::SigpipeShield shield;
    take();
  }
  for (auto& worker : workers) worker.join();
}

// What the exception in flight says, for a line.
std::string InternalError() {
  try {
    throw;
  } catch (const std::exception& error) {
    return std::string("internal error while sending: ") + error.what();
  } catch (...) {
    return "internal error while sending";
  }
}

// Before anything is signed or sent: whether TLS may be needed at all (see NetModule::prepare).
// Anything but a plain http:// URL may.
void ExpectTlsFor(const Options& options) {
  bool tls = false;
  for (const auto& reporter : options.reporters) {
    const auto url = ParseUrl(reporter.url, nullptr);
    tls = tls || !url || url->scheme != "http";
  }
  ExpectTls(tls);
}

DispatchResult DeliverFrom(const Dispatching& what, const Options& options, Transport& transport) {
  ExpectTlsFor(options);
  const auto deadline = Clock::now() + options.deadline;
  std::vector<DeliveryResult> results(options.reporters.size());
  std::vector<std::vector<DeliveryResult>> waiting(options.reporters.size());
  ForEachReporter(options.reporters.size(), [&](std::size_t i) {
    try {
      results[i] = DeliverOne(i, what, options, transport, deadline, waiting[i]);
    } catch (...) {
      results[i].reporter = ReporterName(options.reporters[i]);
      results[i].state = DeliveryState::kFailed;
      results[i].reason = InternalError();
    }
  });
  DispatchResult result;
  result.deliveries = std::move(results);
  for (auto& sent : waiting) {
    for (auto& one : sent) result.waiting.push_back(std::move(one));
  }
  return result;
}

// Sends what waits in reporter `index`'s outbox; lines for `log` go to `warnings`. Returns the
// number of files found damaged and moved aside.
std::size_t FlushOne(std::size_t index, const Options& options, Transport& transport,
                     Clock::time_point deadline, std::vector<DeliveryResult>& sent,
                     std::vector<std::string>& warnings) {
  std::string why;
  const auto outbox = Outbox::For(options, index, why);
  if (!outbox) {
    warnings.push_back("no outbox for " + ReporterName(options.reporters[index]) + ": " + why);
  } else if (outbox->MayHoldReports()) {
    SendWaiting(*outbox, index, options, transport, deadline, sent, warnings);
    return outbox->moved_aside();
  }
  return 0;
}

// A problem for every outbox that still holds reports after a flush.
void StillWaiting(const Options& options, DispatchResult& result, std::ostream& log) {
  std::string why;
  for (std::size_t i = 0; i < options.reporters.size(); ++i) {
    const auto outbox = Outbox::For(options, i, why);
    if (const auto count = outbox ? outbox->Count() : 0; count > 0) {
      DispatchProblem(result, log,
                      std::to_string(count) +
                          (count == 1 ? " report still waits" : " reports still wait") + " for " +
                          ReporterName(options.reporters[i]) + " in '" + outbox->directory() + "'");
    }
  }
  for (const auto& directory : Outbox::Strangers(options)) {
    DispatchProblem(
        result, log,
        "'" + directory +
            "' holds reports for a reporter that is not configured now (no configured URL has "
            "its hash); configure that URL again and flush, or remove the directory");
  }
}

// The `report` payload of every entry, measured in one pass that also writes the output file
// when there is one; none when neither the file nor a reporter needs it yet.
std::unique_ptr<PayloadBody> FullPayload(const Report& report, const Summary& summary,
                                         const Options& options, DispatchResult& result,
                                         std::ostream& log) {
  if (options.output_path.empty()) return nullptr;
  std::string why;
  const auto output =
      platform::FileWriter::Open(options.output_path, platform::Access::kShared, why);
  auto payload = std::make_unique<PayloadBody>(
      report, summary, TestCases::kAll,
      output ? std::function<void(std::string_view)>(
                   [&output](std::string_view piece) { output->Write(piece); })
             : nullptr);
  if (output) why = output->Commit();
  if (!why.empty()) {
    DispatchProblem(result, log,
                    "GTEST_WEBHOOK_OUTPUT: cannot write '" + options.output_path + "': " + why);
  }
  return payload;
}

}  // namespace

DispatchResult Deliver(const Body& payload, const Summary& summary, const std::string& report_name,
                       const Options& options, Transport& transport, Event event) {
  SameBody bodies(payload);
  return DeliverFrom({bodies, summary, report_name, event}, options, transport);
}

DispatchResult Dispatch(const Report& report, const Options& options, Transport& transport,
                        std::ostream& log) {
  try {
    return Dispatch(report, Summarize(report), options, transport, log);
  } catch (...) {
    DispatchResult result;
    DispatchProblem(result, log, "internal error while reporting; the test results are unaffected");
    return result;
  }
}

DispatchResult Dispatch(const Report& report, const Summary& summary, const Options& options,
                        Transport& transport, std::ostream& log,
                        const std::vector<std::string>& notes) {
  DispatchResult result;
  try {
    // The payload is never held whole: one pass measures it (and writes the output file), then
    // each reporter signs and sends its format's body from passes of its own.
    RenderedBodies bodies(report, summary, FullPayload(report, summary, options, result, log));
    std::vector<std::string> problems;
    WriteCiPages(report, summary, options, std::cout, problems);
    for (auto& problem : problems) DispatchProblem(result, log, std::move(problem));
    auto delivered = DeliverFrom({bodies, summary, report.name, report.event}, options, transport);
    result.deliveries = std::move(delivered.deliveries);
    result.waiting = std::move(delivered.waiting);
    PrintAndRecord(result, ToString(report.event), options, log, notes);
  } catch (...) {
    DispatchProblem(result, log, "internal error while reporting; the test results are unaffected");
  }
  log.flush();
  return result;
}

DispatchResult FinishAndDispatch(Report& report, const Options& options, std::ostream& log,
                                 Transport* transport) {
  try {
    CompleteReport(report, options);
    std::vector<std::string> notes;
    if (report.event != Event::kTest) AssignOwners(report, options, ProcessEnvironment(), notes);
    const Summary summary = Summarize(report);
    if (report.event != Event::kTest) {
      RecordHistory(report, summary, options, Clock::now() + options.deadline / 4, notes);
    }
    if (transport != nullptr) {
      return Dispatch(report, summary, options, *transport, log, notes);
    }
    const auto curl = MakeCurlTransport();
    return Dispatch(report, summary, options, *curl, log, notes);
  } catch (...) {
    DispatchResult result;
    DispatchProblem(result, log, "internal error while reporting; the test results are unaffected");
    return result;
  }
}

DispatchResult FlushOutboxes(const Options& options, Transport& transport, std::ostream& log) {
  DispatchResult result;
  try {
    ExpectTlsFor(options);
    const auto deadline = Clock::now() + options.deadline;
    const auto count = options.reporters.size();
    std::vector<std::vector<DeliveryResult>> sent(count);
    std::vector<std::vector<std::string>> warnings(count);
    std::vector<std::size_t> damaged(count, 0);
    ForEachReporter(count, [&](std::size_t i) {
      try {
        damaged[i] = FlushOne(i, options, transport, deadline, sent[i], warnings[i]);
      } catch (...) {
        warnings[i].push_back(InternalError());
      }
    });
    std::vector<std::string> notes;
    for (std::size_t i = 0; i < count; ++i) {
      notes.insert(notes.end(), warnings[i].begin(), warnings[i].end());
      for (auto& one : sent[i]) result.waiting.push_back(std::move(one));
    }
    PrintAndRecord(result, "", options, log, notes);
    StillWaiting(options, result, log);
    for (std::size_t i = 0; i < count; ++i) {
      if (damaged[i] == 0) continue;
      DispatchProblem(result, log,
                      std::to_string(damaged[i]) + " file(s) in the outbox of " +
                          ReporterName(options.reporters[i]) +
                          " were not waiting reports and were moved aside (*.corrupt); "
                          "the reports they held are not sent");
    }
  } catch (...) {
    DispatchProblem(result, log, "internal error while flushing the outbox");
  }
  log.flush();
  return result;
}

}  // namespace gtest_webhook::detail
