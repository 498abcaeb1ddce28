// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What delivering a report did: each reporter's outcome, with every attempt (a delivery record's
// content, SPEC §7), and the dispatch's as a whole.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gtest_webhook::detail {

/// How one reporter's dispatch ended.
enum class DeliveryState { kDelivered, kSkipped, kFailed };

/// One HTTP attempt of a dispatch (a delivery record's `calls[]` entry).
struct DeliveryCall {
  std::int64_t started_at_ms = 0;
  std::int64_t finished_at_ms = 0;
  /// Transport error, empty when an HTTP status was received.
  std::string error_message;
  int response_status = 0;
  /// The response body, cut to 4 KiB.
  std::string response_body;
};

/// The outcome of one reporter's dispatch.
struct DeliveryResult {
  /// The dispatch id, sent as `webhook-id` (the same on every retry).
  std::string id;
  /// The reporter's label, or its masked URL.
  std::string reporter;
  DeliveryState state = DeliveryState::kFailed;
  /// Why it was skipped or failed; empty when delivered.
  std::string reason;
  /// Last HTTP status received, 0 when none.
  int http_status = 0;
  int attempts = 0;
  std::chrono::milliseconds elapsed{0};
  /// Unix milliseconds when the dispatch was created.
  std::int64_t created_at_ms = 0;
  /// Every attempt, in order.
  std::vector<DeliveryCall> calls;
  /// True when it failed for a reason the receiver did not give (no connection, a timeout, 408,
  /// 429, 5xx, the deadline): then the report is worth sending again later, from the outbox.
  bool retry_later = false;
  /// For a report sent from the outbox (SPEC §13): its own event, and how many dispatches to
  /// this reporter tried it before.
  struct Waited {
    std::string event_type;
    std::int64_t earlier_dispatches = 0;
  };
  std::optional<Waited> waited;
  /// Problems met on the way that did not stop the dispatch (state could not be saved …).
  std::vector<std::string> warnings;
  /// True unless the delivery failed.
  explicit operator bool() const { return state != DeliveryState::kFailed; }
};

/// What dispatching a report did.
struct DispatchResult {
  /// One per reporter, in configuration order.
  std::vector<DeliveryResult> deliveries;
  /// The reports from the outboxes (SPEC §13) tried before them, oldest first per reporter.
  std::vector<DeliveryResult> waiting;
  /// What else went wrong, each already printed: the output file or the delivery log could not
  /// be written, or an internal error stopped the dispatch (then `deliveries` may be empty).
  std::vector<std::string> problems;
  /// True when every reporter delivered or was skipped and nothing else went wrong.
  explicit operator bool() const {
    if (!problems.empty()) return false;
    for (const auto& delivery : deliveries) {
      if (!delivery) return false;
    }
    return true;
  }
};

}  // namespace gtest_webhook::detail
