// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// What a dispatch leaves behind: one stderr line per reporter, and the delivery records of
// SPEC §7.

#include "deliver/records.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "escape.h"
#include "model/text.h"
#include "model/url.h"
#include "platform/files.h"
#include "state/outbox.h"

namespace gtest_webhook::detail {
namespace {

std::string FormatSeconds(std::chrono::milliseconds elapsed) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(elapsed.count()) / 1000.0);
  return text;
}

// "the waiting report msg_… of <created> (N earlier dispatches) " for a report from the outbox;
// empty for the dispatch's own.
std::string Waited(const DeliveryResult& result) {
  if (!result.waited) return {};
  const auto earlier = result.waited->earlier_dispatches;
  return "the waiting " + DescribeWaiting(result.id, result.created_at_ms) + " (" +
         std::to_string(earlier) + (earlier == 1 ? " earlier dispatch" : " earlier dispatches") +
         ") ";
}

}  // namespace

std::string DescribeResult(const DeliveryResult& result) {
  const auto attempts =
      std::to_string(result.attempts) + (result.attempts == 1 ? " attempt" : " attempts");
  switch (result.state) {
    case DeliveryState::kDelivered:
      return "gtest-webhook: delivered " + Waited(result) + "to " + result.reporter + " (HTTP " +
             std::to_string(result.http_status) + ", " + FormatSeconds(result.elapsed) + " s, " +
             attempts + (result.reason.empty() ? "" : "; " + result.reason) + ")";
    case DeliveryState::kSkipped:
      return "gtest-webhook: skipped " + result.reporter + ": " + result.reason;
    case DeliveryState::kFailed:
      return "gtest-webhook: failed to deliver " + Waited(result) + "to " + result.reporter + ": " +
             result.reason + " (" + attempts + ", " + FormatSeconds(result.elapsed) + " s)";
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
                 {"eventType", result.waited ? result.waited->event_type : event_type},
                 {"createdAt", FormatUtc(result.created_at_ms)},
                 {"status", status},
                 {"reason", result.reason.empty() ? Json(nullptr) : Json(result.reason)},
                 {"calls", std::move(calls)}};
  if (result.waited) record["earlierDispatches"] = result.waited->earlier_dispatches;
  return record.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void DispatchProblem(DispatchResult& result, std::ostream& log, std::string line) {
  PrintLine(log, "gtest-webhook: " + line);
  result.problems.push_back(std::move(line));
}

void PrintAndRecord(DispatchResult& result, const std::string& event, const Options& options,
                    std::ostream& log, const std::vector<std::string>& notes) {
  // A warning that several parts of the dispatch met alike is said once; every reporter's own
  // line is said, even when two reporters look alike once their URLs are masked.
  LinePrinter warnings(log);
  for (const auto& note : notes) warnings.Print("gtest-webhook: " + note);
  // The waiting reports were sent first, so their lines and records come first.
  for (const auto* list : {&result.waiting, &result.deliveries}) {
    for (const auto& delivery : *list) {
      for (const auto& warning : delivery.warnings) warnings.Print("gtest-webhook: " + warning);
      PrintLine(log, DescribeResult(delivery));
    }
  }
  if (options.log_path.empty()) return;
  for (const auto* list : {&result.waiting, &result.deliveries}) {
    for (const auto& delivery : *list) {
      if (const auto why =
              platform::AppendToFile(options.log_path, DeliveryRecord(delivery, event) + '\n');
          !why.empty()) {
        DispatchProblem(result, log,
                        "GTEST_WEBHOOK_LOG: cannot append to '" + options.log_path + "': " + why);
      }
    }
  }
}

}  // namespace gtest_webhook::detail
