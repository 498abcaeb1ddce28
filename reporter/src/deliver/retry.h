// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The retry policy of SPEC §6: which answers are worth another attempt, how long to wait, and
// the attempts of one reporter's dispatch within the run's deadline.

#include <chrono>
#include <functional>
#include <string>

#include "deliver/result.h"
#include "gtest_webhook/options.h"
#include "gtest_webhook/transport.h"

namespace gtest_webhook::detail {

/// True when an attempt that ended with `response` is worth retrying: connection failures,
/// timeouts, 408, 429, 500, 502, 503 and 504.
bool IsRetryable(const HttpResponse& response);

/// Ends every delivery of this process by `until` at the latest, sooner than its deadline: an
/// attempt in flight is abandoned then, no later one starts, and what fails for it is kept in the
/// outbox. For `gtest-webhook run` asked to stop while it delivers.
void CutDeliveries(std::chrono::steady_clock::time_point until);

/// What one reporter is sent: its body, and for a `report` payload of every entry, the
/// failed-only payload that one more attempt sends after a `413` (nullptr when there is none).
struct Sending {
  const Body* body = nullptr;
  /// The name of the report the body is of (a Pushgateway group holds it).
  std::string report_name;
  /// A wiring test: a Pushgateway group it writes is its own, whatever the URL names.
  bool own_group = false;
  std::function<const Body*()> failed_only;
};

/// The time by which every delivery of this process ends (see CutDeliveries); the clock's
/// largest time while deliveries are not cut.
std::chrono::steady_clock::time_point DeliveryCutoff();

/// The wait before retry number `retry` (1-based): exponential from `options.backoff_initial`,
/// capped at `options.backoff_max`, drawn from the upper half of the range (jitter).
std::chrono::milliseconds Backoff(const Options& options, int retry);

/// Sends until delivered, refused, out of retries or out of time; fills `result` (its `id` is
/// the `webhook-id` sent). Returns the body of the last attempt.
const Body* SendWithRetries(const WebhookReporter& reporter, const Sending& sending,
                            const Options& options, Transport& transport,
                            std::chrono::steady_clock::time_point deadline, DeliveryResult& result);

}  // namespace gtest_webhook::detail
