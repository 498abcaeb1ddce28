// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "deliver/retry.h"

#include <atomic>
#include <limits>
#include <optional>
#include <random>
#include <thread>

#include "bounds.h"
#include "deliver/headers.h"
#include "model/text.h"
#include "platform/files.h"

namespace gtest_webhook::detail {

bool IsRetryable(const HttpResponse& response) {
  switch (response.failure) {
    case TransportFailure::kConnection:
    case TransportFailure::kTimeout:
      return true;
    case TransportFailure::kTls:
    case TransportFailure::kLocal:
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

namespace {

using Clock = std::chrono::steady_clock;

// How often a wait between attempts looks whether deliveries were cut.
constexpr std::chrono::milliseconds kCutoffCheck{50};

constexpr std::size_t kRecordedResponseBytes = 4096;

std::string DescribeResponse(const HttpResponse& response) {
  if (response.failure != TransportFailure::kNone || !response.error.empty()) return response.error;
  auto status = "HTTP " + std::to_string(response.status);
  if (response.status == 410) return status + " (Gone: the endpoint no longer exists)";
  if (response.status >= 300 && response.status < 400) {
    return status + " (redirects are not followed)";
  }
  return status;
}

using Headers = std::vector<std::pair<std::string, std::string>>;

// The headers of an attempt, signed now for its timestamp; none, with `why`, when the network
// module cannot be loaded to sign: then nothing is sent unsigned.
std::optional<Headers> SignedHeaders(const WebhookReporter& reporter, const std::string& id,
                                     const Body& body, std::string& why) {
  try {
    return RequestHeaders(reporter, id, NowUnixMs() / 1000, body);
  } catch (const std::runtime_error& error) {
    why = error.what();
    return std::nullopt;
  }
}

// The steady-clock time by which every delivery of this process ends (CutDeliveries), in
// nanoseconds since the clock's epoch; the largest value while none is set.
std::atomic<std::int64_t> g_cutoff{std::numeric_limits<std::int64_t>::max()};

// True once CutDeliveries's time has come.
bool PastCutoff() { return Clock::now() >= DeliveryCutoff(); }

// Waits `wait`, or less when deliveries are cut.
void Pause(std::chrono::milliseconds wait) {
  const auto until = std::min(Clock::now() + wait, DeliveryCutoff());
  for (auto now = Clock::now(); now < until; now = Clock::now()) {
    std::this_thread::sleep_for(std::min<Clock::duration>(until - now, kCutoffCheck));
  }
}

// Why the CA bundle `path` cannot be used for an https attempt; empty when it can (a regular
// file of reasonable size: a device or FIFO given as the bundle must not hang the attempt).
std::string CaBundleProblem(const std::string& url, const std::string& path) {
  if (path.empty() || url.rfind("https:", 0) != 0) return {};
  std::string bytes;
  std::string why;
  if (platform::ReadRegularFile(path, kCaBundleBytes, bytes, why) == platform::ReadOutcome::kRead) {
    return {};
  }
  return "GTEST_WEBHOOK_CA_BUNDLE '" + path + "' cannot be used (" + why + ")";
}

// The time left until `deadline`, in milliseconds: a Retry-After of years compared with it
// does not overflow the clock's nanoseconds.
std::chrono::milliseconds Until(Clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
}

// One attempt with `body`, its call added to `result`'s record.
HttpResponse PostOnce(const WebhookReporter& reporter, const Sending& sending, Headers headers,
                      const Body& body, const Options& options, std::chrono::milliseconds remaining,
                      Transport& transport, DeliveryResult& result) {
  HttpRequest request = RequestTarget(reporter, sending.report_name, sending.own_group);
  request.headers = std::move(headers);
  request.body = &body;
  request.timeout = std::min(options.timeout, remaining);
  request.connect_timeout = std::min(options.connect_timeout, request.timeout);
  request.ca_bundle = options.ca_bundle;
  request.abandon = PastCutoff;

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

// Why no time is left for another attempt after `response`, or empty when there is.
std::string NoTimeForRetry(const HttpResponse& response, std::chrono::milliseconds wait,
                           Clock::time_point deadline) {
  if (wait < Until(deadline)) {
    return {};
  }
  if (!response.retry_after) return "; no time is left for a retry before the deadline";
  return "; its Retry-After of " + std::to_string(response.retry_after->count() / 1000) +
         " s does not fit the delivery deadline";
}

// Fails `result` when this machine cannot make the request at all (its CA bundle cannot be
// used): a problem of this machine, so the report waits until it is fixed.
bool CannotSendFromHere(const WebhookReporter& reporter, const Options& options,
                        DeliveryResult& result) {
  auto local = CaBundleProblem(reporter.url, options.ca_bundle);
  if (local.empty()) return false;
  result.state = DeliveryState::kFailed;
  result.reason = std::move(local);
  result.retry_later = true;
  return true;
}

}  // namespace

Clock::time_point DeliveryCutoff() { return Clock::time_point(Clock::duration(g_cutoff.load())); }

std::chrono::milliseconds Backoff(const Options& options, int retry) {
  auto ceiling = options.backoff_initial;
  for (int i = 1; i < retry && ceiling < options.backoff_max; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, options.backoff_max);
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> pick(ceiling.count() / 2, ceiling.count());
  return std::chrono::milliseconds(pick(random));
}

const Body* SendWithRetries(const WebhookReporter& reporter, const Sending& sending,
                            const Options& options, Transport& transport,
                            Clock::time_point deadline, DeliveryResult& result) {
  const auto start = Clock::now();
  if (CannotSendFromHere(reporter, options, result)) return sending.body;
  const Body* body = sending.body;
  // `later`: failed for a reason the receiver did not give, so worth sending again later.
  const auto finish = [&](DeliveryState state, std::string reason, bool later = true) {
    result.state = state;
    result.reason = std::move(reason);
    result.retry_later = state == DeliveryState::kFailed && later;
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return body;
  };
  std::string fallback;  // what the full payload met, once the failed-only one is sent instead
  for (int attempt = 1;; ++attempt) {
    deadline = std::min(deadline, DeliveryCutoff());
    const auto remaining = Until(deadline);
    if (remaining.count() <= 0) {
      return finish(DeliveryState::kFailed,
                    attempt == 1 ? "the delivery deadline passed before the first attempt"
                                 : result.reason + "; then the delivery deadline passed");
    }
    std::string why;
    auto headers = SignedHeaders(reporter, result.id, *body, why);
    if (!headers) return finish(DeliveryState::kFailed, why);
    const HttpResponse response = PostOnce(reporter, sending, std::move(*headers), *body, options,
                                           remaining, transport, result);
    result.attempts = attempt;
    result.http_status = response.status;
    if (response) {
      return finish(DeliveryState::kDelivered,
                    fallback.empty() ? "" : "sent the failed-only payload after HTTP 413");
    }
    why = DescribeResponse(response);
    if (response.status == 413 && fallback.empty() && sending.failed_only) {
      // The receiver's body limit: one more attempt with the failed test cases only.
      if (const Body* smaller = sending.failed_only()) {
        body = smaller;
        fallback = why + " for the full payload; then ";
        result.reason = why;
        continue;
      }
    }
    why = fallback + why;
    // The failed-only attempt after a 413 is one more, not one of the retries.
    const int retries_used = attempt - 1 - (fallback.empty() ? 0 : 1);
    if (!IsRetryable(response) || retries_used >= options.retries) {
      return finish(DeliveryState::kFailed, why,
                    IsRetryable(response) || response.status >= 500 ||
                        response.failure == TransportFailure::kLocal);
    }
    const auto wait = response.retry_after.value_or(Backoff(options, attempt));
    if (const auto late = NoTimeForRetry(response, wait, deadline); !late.empty()) {
      return finish(DeliveryState::kFailed, why + late);
    }
    result.reason = std::move(why);  // kept in case the deadline ends the next wait
    Pause(wait);
  }
}

void CutDeliveries(std::chrono::steady_clock::time_point until) {
  const auto wanted = until.time_since_epoch().count();
  auto current = g_cutoff.load();
  while (wanted < current && !g_cutoff.compare_exchange_weak(current, wanted)) {
  }
}

}  // namespace gtest_webhook::detail
