#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>

#include "gtest_webhook/delivery.h"
#include "gtest_webhook/signing.h"
#include "platform/files.h"
#include "platform/signals.h"
#include "state.h"

#ifndef GTEST_WEBHOOK_VERSION
#define GTEST_WEBHOOK_VERSION "0.0.0"
#endif

namespace gtest_webhook {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kRecordedResponseBytes = 4096;

std::string FormatSeconds(std::chrono::milliseconds elapsed) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(elapsed.count()) / 1000.0);
  return text;
}

std::string DescribeStable(bool stable) { return stable ? "stable" : "unstable"; }

// The wait before retry number `retry` (1-based): exponential, capped, from the upper half of
// the range so that concurrent runs spread out without waiting needlessly little.
std::chrono::milliseconds Backoff(const Options& options, int retry) {
  auto ceiling = options.backoff_initial;
  for (int i = 1; i < retry && ceiling < options.backoff_max; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, options.backoff_max);
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> pick(ceiling.count() / 2, ceiling.count());
  return std::chrono::milliseconds(pick(random));
}

std::string DescribeResponse(const HttpResponse& response) {
  return response.failure != TransportFailure::kNone || !response.error.empty()
             ? response.error
             : "HTTP " + std::to_string(response.status);
}

std::int64_t UnixSeconds() { return NowUnixMs() / 1000; }

using Headers = std::vector<std::pair<std::string, std::string>>;

// One attempt with `headers`, its call added to `result`'s record.
HttpResponse PostOnce(const WebhookReporter& reporter, Headers headers, const Body& payload,
                      const Options& options, std::chrono::milliseconds remaining,
                      Transport& transport, DeliveryResult& result) {
  HttpRequest request;
  request.url = reporter.url;
  request.headers = std::move(headers);
  request.body = &payload;
  request.timeout = std::min(options.timeout, remaining);
  request.connect_timeout = std::min(options.connect_timeout, request.timeout);
  request.ca_bundle = options.ca_bundle;

  DeliveryCall call;
  call.started_at_ms = NowUnixMs();
  HttpResponse response = transport.Post(request);
  call.finished_at_ms = NowUnixMs();
  call.error_message = response.error;
  call.response_status = response.status;
  call.response_body = response.body.substr(0, kRecordedResponseBytes);
  result.calls.push_back(std::move(call));
  return response;
}

// Sends until delivered, refused, out of retries or out of time. Fills `result`.
void Attempt(const WebhookReporter& reporter, const Body& payload, const Options& options,
             Transport& transport, Clock::time_point deadline, DeliveryResult& result) {
  const auto start = Clock::now();
  const auto finish = [&](DeliveryState state, std::string reason) {
    result.state = state;
    result.reason = std::move(reason);
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  };
  for (int attempt = 1;; ++attempt) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) {
      finish(DeliveryState::kFailed, attempt == 1
                                         ? "the delivery deadline passed before the first attempt"
                                         : result.reason + "; then the delivery deadline passed");
      return;
    }
    Headers headers;
    try {
      headers = RequestHeaders(reporter, result.id, UnixSeconds(), payload);  // signed now
    } catch (const std::runtime_error& error) {
      // The network module cannot be loaded to sign: say so, never send unsigned.
      finish(DeliveryState::kFailed, error.what());
      return;
    }
    const HttpResponse response =
        PostOnce(reporter, std::move(headers), payload, options, remaining, transport, result);
    result.attempts = attempt;
    result.http_status = response.status;

    if (response) {
      finish(DeliveryState::kDelivered, {});
      return;
    }
    auto why = DescribeResponse(response);
    if (!IsRetryable(response)) {
      finish(DeliveryState::kFailed, why + (response.status >= 300 && response.status < 400
                                                ? " (redirects are not followed)"
                                                : ""));
      return;
    }
    if (attempt > options.retries) {
      finish(DeliveryState::kFailed, why);
      return;
    }
    const auto wait = response.retry_after.value_or(Backoff(options, attempt));
    if (Clock::now() + wait >= deadline) {
      finish(
          DeliveryState::kFailed,
          why + (response.retry_after ? "; its Retry-After of " +
                                            std::to_string(response.retry_after->count() / 1000) +
                                            " s does not fit the delivery deadline"
                                      : "; no time is left for a retry before the deadline"));
      return;
    }
    result.reason = std::move(why);  // kept in case the deadline ends the next wait
    std::this_thread::sleep_for(wait);
  }
}

DeliveryResult DeliverOne(std::size_t index, const Body& payload, const Summary& summary,
                          const std::string& report_name, const Options& options,
                          Transport& transport, Clock::time_point deadline) {
  const WebhookReporter& reporter = options.reporters[index];
  DeliveryResult result;
  result.id = "msg_" + RandomId();
  result.reporter = ReporterName(reporter);
  result.created_at_ms = NowUnixMs();
  if (reporter.when == When::kFails && summary.build_stable) {
    result.state = DeliveryState::kSkipped;
    result.reason = "when=fails and the build is stable";
    return result;
  }
  std::optional<detail::ChangeState> state;
  if (reporter.when == When::kChanges) {
    state.emplace(detail::ChangeState::Open(options, report_name, detail::StateKey(options, index),
                                            deadline, result.warnings));
    const auto& last = state->last_delivered();
    if (last && *last == summary.build_stable) {
      result.state = DeliveryState::kSkipped;
      result.reason =
          "when=changes and unchanged since last delivery (build " + DescribeStable(*last) + ")";
      return result;
    }
  }
  Attempt(reporter, payload, options, transport, deadline, result);
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

}  // namespace

std::string ReporterName(const WebhookReporter& reporter) {
  return reporter.label.empty() ? MaskUrl(reporter.url) : reporter.label;
}

std::vector<std::pair<std::string, std::string>> RequestHeaders(const WebhookReporter& reporter,
                                                                const std::string& webhook_id,
                                                                std::int64_t timestamp,
                                                                const Body& body) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/json; charset=utf-8"},
      {"User-Agent", std::string("gtest-webhook/") + Version()},
      {"webhook-id", webhook_id},
  };
  if (!reporter.secret_key.empty()) {
    DeliverySigner signer(reporter.secret_key, webhook_id, timestamp);
    ForEachPiece(body, [&signer](std::string_view piece) { signer.Update(piece); });
    headers.emplace_back("Signature", signer.Signature());
    headers.emplace_back("webhook-timestamp", std::to_string(timestamp));
    headers.emplace_back("webhook-signature", signer.WebhookSignature());
  }
  if (!reporter.username.empty() && !reporter.password.empty()) {
    headers.emplace_back("Authorization", BasicAuthorization(reporter.username, reporter.password));
  }
  headers.insert(headers.end(), reporter.headers.begin(), reporter.headers.end());
  return headers;
}

bool IsRetryable(const HttpResponse& response) {
  switch (response.failure) {
    case TransportFailure::kConnection:
    case TransportFailure::kTimeout:
      return true;
    case TransportFailure::kTls:
    case TransportFailure::kOther:
      return false;
    case TransportFailure::kNone:
      break;
  }
  switch (response.status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

std::string DescribeResult(const DeliveryResult& result) {
  const auto attempts =
      std::to_string(result.attempts) + (result.attempts == 1 ? " attempt" : " attempts");
  switch (result.state) {
    case DeliveryState::kDelivered:
      return "gtest-webhook: delivered to " + result.reporter + " (HTTP " +
             std::to_string(result.http_status) + ", " + FormatSeconds(result.elapsed) + " s, " +
             attempts + ")";
    case DeliveryState::kSkipped:
      return "gtest-webhook: skipped " + result.reporter + ": " + result.reason;
    case DeliveryState::kFailed:
      return "gtest-webhook: failed to deliver to " + result.reporter + ": " + result.reason +
             " (" + attempts + ", " + FormatSeconds(result.elapsed) + " s)";
  }
  return {};
}

std::string DeliveryRecord(const DeliveryResult& result, const std::string& event_type) {
  using Json = nlohmann::ordered_json;
  Json calls = Json::array();
  for (const auto& call : result.calls) {
    calls.push_back(
        {{"startedAt", FormatUtc(call.started_at_ms)},
         {"finishedAt", FormatUtc(call.finished_at_ms)},
         {"errorMessage", call.error_message.empty() ? Json(nullptr) : Json(call.error_message)},
         {"responseStatus", call.response_status == 0 ? Json(nullptr) : Json(call.response_status)},
         {"responseBody", call.response_status == 0 ? Json(nullptr) : Json(call.response_body)}});
  }
  const char* status = result.state == DeliveryState::kDelivered ? "SUCCEEDED"
                       : result.state == DeliveryState::kSkipped ? "SKIPPED"
                                                                 : "FAILED";
  Json record = {{"id", result.id},
                 {"reporter", result.reporter},
                 {"eventType", event_type},
                 {"createdAt", FormatUtc(result.created_at_ms)},
                 {"status", status},
                 {"reason", result.reason.empty() ? Json(nullptr) : Json(result.reason)},
                 {"calls", std::move(calls)}};
  return record.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::vector<DeliveryResult> Deliver(const Body& payload, const Summary& summary,
                                    const std::string& report_name, const Options& options,
                                    Transport& transport) {
  const auto deadline = Clock::now() + options.deadline;
  std::vector<DeliveryResult> results(options.reporters.size());
  std::vector<std::thread> workers;
  workers.reserve(options.reporters.size());
  for (std::size_t i = 0; i < options.reporters.size(); ++i) {
    auto work = [&, i] {
      try {
        results[i] = DeliverOne(i, payload, summary, report_name, options, transport, deadline);
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

DispatchResult::operator bool() const {
  if (!problems.empty()) return false;
  for (const auto& delivery : deliveries) {
    if (!delivery) return false;
  }
  return true;
}

namespace {

void Problem(DispatchResult& result, std::ostream& log, std::string line) {
  log << "gtest-webhook: " << line << '\n';
  result.problems.push_back(std::move(line));
}

// Appends each reporter's delivery record to `options.log_path`.
void RecordDeliveries(DispatchResult& result, const Report& report, const Options& options,
                      std::ostream& log) {
  if (options.log_path.empty()) return;
  for (const auto& delivery : result.deliveries) {
    if (const auto why =
            platform::AppendToFile(options.log_path, DeliveryRecord(delivery, report.event) + '\n');
        !why.empty()) {
      Problem(result, log,
              "GTEST_WEBHOOK_LOG: cannot append to '" + options.log_path + "': " + why);
    }
  }
}

}  // namespace

DispatchResult Dispatch(const Report& report, const Options& options, Transport& transport,
                        std::ostream& log) {
  DispatchResult result;
  try {
    // The payload is never held whole: one pass measures it (and writes the output file), then
    // each reporter signs and sends it from passes of its own.
    std::string why;
    std::unique_ptr<platform::FileWriter> output;
    if (!options.output_path.empty()) {
      output = platform::FileWriter::Open(options.output_path, 0644, why);
    }
    const PayloadBody payload(
        report, output ? std::function<void(std::string_view)>(
                             [&output](std::string_view piece) { output->Write(piece); })
                       : nullptr);
    if (output) why = output->Commit();
    if (!why.empty()) {
      Problem(result, log,
              "GTEST_WEBHOOK_OUTPUT: cannot write '" + options.output_path + "': " + why);
    }
    result.deliveries = Deliver(payload, payload.summary(), report.name, options, transport);
    for (const auto& delivery : result.deliveries) {
      for (const auto& warning : delivery.warnings) log << "gtest-webhook: " << warning << '\n';
      log << DescribeResult(delivery) << '\n';
    }
    RecordDeliveries(result, report, options, log);
  } catch (...) {
    Problem(result, log, "internal error while reporting; the test results are unaffected");
  }
  log.flush();
  return result;
}

DispatchResult FinishAndDispatch(Report& report, const Options& options, std::ostream& log,
                                 Transport* transport) {
  try {
    CompleteReport(report, options);
    if (transport != nullptr) return Dispatch(report, options, *transport, log);
    const auto curl = MakeCurlTransport();
    return Dispatch(report, options, *curl, log);
  } catch (...) {
    DispatchResult result;
    Problem(result, log, "internal error while reporting; the test results are unaffected");
    return result;
  }
}

const char* Version() { return GTEST_WEBHOOK_VERSION; }

}  // namespace gtest_webhook
