// Dispatching a finished report: its history, the output file, then every reporter
// concurrently, each with its `when` rule, its body and the retry policy.

#include <optional>
#include <thread>

#include "delivery.h"
#include "dispatch/bodies.h"
#include "dispatch/records.h"
#include "dispatch/retry.h"
#include "history.h"
#include "platform/files.h"
#include "platform/signals.h"
#include "state.h"

#ifndef GTEST_WEBHOOK_VERSION
#define GTEST_WEBHOOK_VERSION "0.0.0"
#endif

namespace gtest_webhook {
namespace {

using Clock = std::chrono::steady_clock;

std::string DescribeStable(bool stable) { return stable ? "stable" : "unstable"; }

// The reason `reporter`'s `when` rule skips this report, or none. Opens the `when=changes`
// state into `state`, locked until the dispatch ends.
std::optional<std::string> WhenSkips(std::size_t index, const Summary& summary,
                                     const std::string& report_name, const Options& options,
                                     Clock::time_point deadline,
                                     std::optional<detail::ChangeState>& state,
                                     DeliveryResult& result) {
  const WebhookReporter& reporter = options.reporters[index];
  if (reporter.when == When::kFails && summary.build_stable) {
    return "when=fails and the build is stable";
  }
  if (reporter.when != When::kChanges) return std::nullopt;
  state.emplace(detail::ChangeState::Open(options, report_name, detail::StateKey(options, index),
                                          deadline, result.warnings));
  const auto& last = state->last_delivered();
  if (last && *last == summary.build_stable) {
    return "when=changes and unchanged since last delivery (build " + DescribeStable(*last) + ")";
  }
  return std::nullopt;
}

DeliveryResult DeliverOne(std::size_t index, detail::BodySource& bodies, const Summary& summary,
                          const std::string& report_name, const Options& options,
                          Transport& transport, Clock::time_point deadline) {
  const WebhookReporter& reporter = options.reporters[index];
  DeliveryResult result;
  result.id = "msg_" + RandomId();
  result.reporter = ReporterName(reporter);
  result.created_at_ms = NowUnixMs();
  std::optional<detail::ChangeState> state;
  if (auto why = WhenSkips(index, summary, report_name, options, deadline, state, result)) {
    result.state = DeliveryState::kSkipped;
    result.reason = std::move(*why);
    return result;
  }
  detail::Sending sending;
  sending.body = &bodies.For(reporter);
  if (reporter.format == Format::kReport && reporter.test_cases == TestCases::kAll) {
    sending.failed_only = [&bodies] { return bodies.FailedOnly(); };
  }
  detail::SendWithRetries(reporter, sending, options, transport, deadline, result);
  // Only a delivered result is remembered: after a failure the change is sent again next run.
  if (state && result.state == DeliveryState::kDelivered) {
    state->Save(summary.build_stable, result.warnings);
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

std::vector<DeliveryResult> DeliverFrom(detail::BodySource& bodies, const Summary& summary,
                                        const std::string& report_name, const Options& options,
                                        Transport& transport) {
  const auto deadline = Clock::now() + options.deadline;
  std::vector<DeliveryResult> results(options.reporters.size());
  std::vector<std::thread> workers;
  workers.reserve(options.reporters.size());
  for (std::size_t i = 0; i < options.reporters.size(); ++i) {
    auto work = [&, i] {
      try {
        results[i] = DeliverOne(i, bodies, summary, report_name, options, transport, deadline);
      } catch (const std::exception& error) {
        results[i].reporter = ReporterName(options.reporters[i]);
        results[i].state = DeliveryState::kFailed;
        results[i].reason = std::string("internal error while sending: ") + error.what();
      } catch (...) {
        results[i].reporter = ReporterName(options.reporters[i]);
        results[i].state = DeliveryState::kFailed;
        results[i].reason = "internal error while sending";
      }
    };
    try {
      workers.push_back(SigpipeSafeThread(work));
    } catch (...) {
      work();  // No thread to be had: deliver on this one.
    }
  }
  for (auto& worker : workers) worker.join();
  return results;
}

// The `report` payload of every entry, measured in one pass that also writes the output file
// when there is one; none when neither the file nor a reporter needs it yet.
std::unique_ptr<PayloadBody> FullPayload(const Report& report, const Summary& summary,
                                         const Options& options, DispatchResult& result,
                                         std::ostream& log) {
  if (options.output_path.empty()) return nullptr;
  std::string why;
  const auto output = platform::FileWriter::Open(options.output_path, 0644, why);
  auto payload = std::make_unique<PayloadBody>(
      report, summary, TestCases::kAll,
      output ? std::function<void(std::string_view)>(
                   [&output](std::string_view piece) { output->Write(piece); })
             : nullptr);
  if (output) why = output->Commit();
  if (!why.empty()) {
    detail::DispatchProblem(
        result, log, "GTEST_WEBHOOK_OUTPUT: cannot write '" + options.output_path + "': " + why);
  }
  return payload;
}

}  // namespace

std::vector<DeliveryResult> Deliver(const Body& payload, const Summary& summary,
                                    const std::string& report_name, const Options& options,
                                    Transport& transport) {
  detail::SameBody bodies(payload);
  return DeliverFrom(bodies, summary, report_name, options, transport);
}

DispatchResult::operator bool() const {
  if (!problems.empty()) return false;
  for (const auto& delivery : deliveries) {
    if (!delivery) return false;
  }
  return true;
}

DispatchResult Dispatch(const Report& report, const Options& options, Transport& transport,
                        std::ostream& log) {
  try {
    return detail::Dispatch(report, Summarize(report), options, transport, log);
  } catch (...) {
    DispatchResult result;
    detail::DispatchProblem(result, log,
                            "internal error while reporting; the test results are unaffected");
    return result;
  }
}

DispatchResult detail::Dispatch(const Report& report, const Summary& summary,
                                const Options& options, Transport& transport, std::ostream& log) {
  DispatchResult result;
  try {
    // The payload is never held whole: one pass measures it (and writes the output file), then
    // each reporter signs and sends its format's body from passes of its own.
    detail::RenderedBodies bodies(report, summary,
                                  FullPayload(report, summary, options, result, log));
    result.deliveries = DeliverFrom(bodies, summary, report.name, options, transport);
    detail::PrintAndRecord(result, report.event, options, log);
  } catch (...) {
    detail::DispatchProblem(result, log,
                            "internal error while reporting; the test results are unaffected");
  }
  log.flush();
  return result;
}

DispatchResult FinishAndDispatch(Report& report, const Options& options, std::ostream& log,
                                 Transport* transport) {
  try {
    CompleteReport(report, options);
    const Summary summary = Summarize(report);
    if (report.event != "TEST") {
      std::vector<std::string> warnings;
      detail::RecordHistory(report, summary.build_stable, options,
                            Clock::now() + options.deadline / 4, warnings);
      for (const auto& warning : warnings) log << "gtest-webhook: " << warning << '\n';
    }
    if (transport != nullptr) return detail::Dispatch(report, summary, options, *transport, log);
    const auto curl = MakeCurlTransport();
    return detail::Dispatch(report, summary, options, *curl, log);
  } catch (...) {
    DispatchResult result;
    detail::DispatchProblem(result, log,
                            "internal error while reporting; the test results are unaffected");
    return result;
  }
}

const char* Version() { return GTEST_WEBHOOK_VERSION; }

}  // namespace gtest_webhook
