#pragma once

// The retry policy of SPEC §6: which answers are worth another attempt, how long to wait, and
// the attempts of one reporter's dispatch within the run's deadline.

#include <chrono>

#include "delivery.h"

namespace gtest_webhook::detail {

/// What one reporter is sent: its body, and for a `report` payload of every entry, the
/// failed-only payload that one more attempt sends after a `413` (nullptr when there is none).
struct Sending {
  const Body* body = nullptr;
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
