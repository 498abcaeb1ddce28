// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Sending the reports that wait in a reporter's outbox (SPEC §13), before its dispatch's own
// report or from `gtest-webhook flush`, and keeping a report that could not be delivered.

#include <chrono>
#include <string>
#include <vector>

#include "deliver/result.h"
#include "gtest_webhook/options.h"
#include "gtest_webhook/transport.h"
#include "state/outbox.h"

namespace gtest_webhook::detail {

/// Sends the reports waiting in `outbox` (the outbox of reporter `index` of `options`) oldest
/// first, each with its original `webhook-id` and a fresh signature, under the outbox's lock,
/// within `deadline`. A delivered report (or one the receiver refuses) leaves the outbox; the
/// first that fails for a reason the receiver did not give stops the sending, and its reason is
/// returned, with the lock still held so that this dispatch's own report can be kept behind it.
/// Empty, with the lock dropped, when nothing is left waiting; empty too, with a warning, when
/// another process held the lock for half the time left (it is sending them). Each report
/// tried adds a result to `sent`; problems become `warnings`.
std::string SendWaiting(Outbox& outbox, std::size_t index, const Options& options,
                        Transport& transport, std::chrono::steady_clock::time_point deadline,
                        std::vector<DeliveryResult>& sent, std::vector<std::string>& warnings);

/// After `result` failed for a reason the receiver did not give, keeps `body` (the report
/// `report_name`, for `event_type`) in `outbox` and says so in `result.reason`; or says why it
/// could not be kept (`outbox` is null when there is no state directory: `no_outbox` says why).
void KeepInOutbox(Outbox* outbox, const std::string& no_outbox, const Body& body,
                  const std::string& event_type, const std::string& report_name, bool build_stable,
                  DeliveryResult& result);

}  // namespace gtest_webhook::detail
