// What a dispatch leaves behind: one stderr line per reporter, and the delivery records of
// SPEC §7.

#include "dispatch/records.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "platform/files.h"

namespace gtest_webhook {
namespace {

std::string FormatSeconds(std::chrono::milliseconds elapsed) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(elapsed.count()) / 1000.0);
  return text;
}

}  // namespace

std::string DescribeResult(const DeliveryResult& result) {
  const auto attempts =
      std::to_string(result.attempts) + (result.attempts == 1 ? " attempt" : " attempts");
  switch (result.state) {
    case DeliveryState::kDelivered:
      return "gtest-webhook: delivered to " + result.reporter + " (HTTP " +
             std::to_string(result.http_status) + ", " + FormatSeconds(result.elapsed) + " s, " +
             attempts + (result.reason.empty() ? "" : "; " + result.reason) + ")";
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

namespace detail {

void DispatchProblem(DispatchResult& result, std::ostream& log, std::string line) {
  log << "gtest-webhook: " << line << '\n';
  result.problems.push_back(std::move(line));
}

void PrintAndRecord(DispatchResult& result, const std::string& event, const Options& options,
                    std::ostream& log) {
  for (const auto& delivery : result.deliveries) {
    for (const auto& warning : delivery.warnings) log << "gtest-webhook: " << warning << '\n';
    log << DescribeResult(delivery) << '\n';
  }
  if (options.log_path.empty()) return;
  for (const auto& delivery : result.deliveries) {
    if (const auto why =
            platform::AppendToFile(options.log_path, DeliveryRecord(delivery, event) + '\n');
        !why.empty()) {
      DispatchProblem(result, log,
                      "GTEST_WEBHOOK_LOG: cannot append to '" + options.log_path + "': " + why);
    }
  }
}

}  // namespace detail
}  // namespace gtest_webhook
