// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "deliver/waiting.h"

#include <algorithm>

#include "deliver/records.h"
#include "deliver/retry.h"
#include "render/body.h"
#include "state/change_state.h"
#include "state/state_dir.h"

namespace gtest_webhook::detail {
namespace {

// A delivered report is the last delivered for when=changes too: a later report of the same
// name is a change only against it.
void RememberDelivered(const WaitingReport& report, std::size_t index, const Options& options,
                       std::chrono::steady_clock::time_point deadline,
                       std::vector<std::string>& warnings) {
  if (options.reporters[index].when != When::kChanges) return;
  auto state =
      ChangeState::Open(options, report.report_name, StateKey(options, index), deadline, warnings);
  state.Save(report.build_stable, warnings);
}

// Tries one waiting report, whose bytes are `body`; true when it left the outbox (delivered, or
// refused for good).
bool SendOne(Outbox& outbox, const WaitingReport& waiting, const Body& body, std::size_t index,
             const Options& options, Transport& transport,
             std::chrono::steady_clock::time_point deadline, DeliveryResult& result) {
  const WebhookReporter& reporter = options.reporters[index];
  result.id = waiting.id;
  result.reporter = ReporterName(reporter);
  result.created_at_ms = waiting.created_at_ms;
  result.waited =
      DeliveryResult::Waited{waiting.event_type, outbox.dispatch() - waiting.first_dispatch};
  Sending sending;
  sending.body = &body;
  sending.report_name = waiting.report_name;
  SendWithRetries(reporter, sending, options, transport, deadline, result);
  if (result.state == DeliveryState::kDelivered) {
    outbox.Remove(waiting, result.warnings);
    RememberDelivered(waiting, index, options, deadline, result.warnings);
    return true;
  }
  if (result.retry_later) return false;
  outbox.Remove(waiting, result.warnings);
  result.reason += "; the receiver refused it, so it left the outbox";
  return true;
}

}  // namespace

std::string SendWaiting(Outbox& outbox, std::size_t index, const Options& options,
                        Transport& transport, std::chrono::steady_clock::time_point deadline,
                        std::vector<DeliveryResult>& sent, std::vector<std::string>& warnings) {
  std::string why;
  // Another process that holds the lock is sending these reports: wait for it at most half the
  // time left, so that this dispatch's own report still has the other half.
  const auto now = std::chrono::steady_clock::now();
  deadline = std::min(deadline, DeliveryCutoff());
  if (!outbox.Lock(now + (std::max(deadline, now) - now) / 2, why, warnings)) {
    warnings.push_back("cannot lock the outbox '" + outbox.directory() + "' (" + why +
                       "); its waiting reports are left to the process that holds it");
    return {};
  }
  for (const auto& waiting : outbox.Waiting(warnings)) {
    std::string bytes;
    if (!outbox.ReadBody(waiting, bytes, why)) {
      // One unreadable file holds up neither the others nor this dispatch's report.
      warnings.push_back("cannot send the waiting " +
                         DescribeWaiting(waiting.id, waiting.created_at_ms) + ": " + why);
      continue;
    }
    const OwnedBody body(std::move(bytes));
    DeliveryResult result;
    const bool left = SendOne(outbox, waiting, body, index, options, transport, deadline, result);
    if (!left) {
      auto why_blocked = result.reason;
      result.reason += "; it stays in the outbox";
      sent.push_back(std::move(result));
      return why_blocked;
    }
    sent.push_back(std::move(result));
  }
  outbox.Unlock();
  return {};
}

void KeepInOutbox(Outbox* outbox, const std::string& no_outbox, const Body& body,
                  const std::string& event_type, const std::string& report_name, bool build_stable,
                  DeliveryResult& result) {
  if (!result.retry_later) return;
  std::string why = no_outbox;
  WaitingReport kept;
  kept.id = result.id;
  kept.created_at_ms = result.created_at_ms;
  kept.event_type = event_type;
  kept.report_name = report_name;
  kept.build_stable = build_stable;
  if (outbox != nullptr && outbox->Keep(body, kept, why, result.warnings)) {
    result.reason += "; kept in the outbox for the next dispatch or gtest-webhook flush";
  } else {
    result.reason += "; it cannot be kept in the outbox (" + why + ")";
  }
}

}  // namespace gtest_webhook::detail
