#pragma once

// Delivering a report (SPEC §6, §7): the bodies a report is sent as, each reporter's outcome and
// record, and the one way every report leaves (FinishAndDispatch). Internal to gtest-webhook;
// integrations use gtest_webhook/transport.h and gtest_webhook/options.h.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gtest_webhook/options.h"
#include "gtest_webhook/transport.h"
#include "report.h"

namespace gtest_webhook {

/// A body already in memory; views `bytes`, which must outlive it.
class StringBody final : public Body {
 public:
  explicit StringBody(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::unique_ptr<BodyReader> Open() const override;

 private:
  std::string_view bytes_;
};

/// A report's payload: the bytes of `SerializePayload(report)` (or, with `test_cases` kFailed,
/// of its failed-only form), produced piece by piece on each read. `report` must outlive it and
/// stay unchanged. Construction makes one pass to learn the size, giving each piece to `also`
/// (to write the payload to a file on the way) when set.
class PayloadBody final : public Body {
 public:
  explicit PayloadBody(const Report& report, TestCases test_cases = TestCases::kAll,
                       const std::function<void(std::string_view)>& also = nullptr);
  /// The same, with the report's counters already computed.
  PayloadBody(const Report& report, const Summary& summary, TestCases test_cases,
              const std::function<void(std::string_view)>& also = nullptr);
  std::uint64_t size() const override { return size_; }
  std::unique_ptr<BodyReader> Open() const override;
  const Summary& summary() const { return summary_; }

 private:
  const Report& report_;
  TestCases test_cases_;
  Summary summary_;
  std::uint64_t size_ = 0;
};

/// A body that owns its bytes (a rendered chat message).
class OwnedBody final : public Body {
 public:
  explicit OwnedBody(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::unique_ptr<BodyReader> Open() const override;
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

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

/// Returns `url` with everything that may carry a secret replaced by `***`: userinfo, the query,
/// the fragment, and every path segment after the first.
std::string MaskUrl(const std::string& url);

/// The name of `reporter` in output: its label, or its masked URL.
std::string ReporterName(const WebhookReporter& reporter);

/// The one stderr line for `result`, without a trailing newline.
std::string DescribeResult(const DeliveryResult& result);

/// The delivery record of SPEC §7 for `result` as one line of JSON (no trailing newline).
std::string DeliveryRecord(const DeliveryResult& result, const std::string& event_type);

/// Builds the request headers for one attempt of `reporter`: content type, user agent,
/// `webhook-id`; with a secret key `Signature`, `webhook-timestamp` (`timestamp`, Unix seconds)
/// and `webhook-signature`; with credentials `Authorization`; then the configured extra
/// headers. `body` is the exact bytes that will be sent; it is read once, for both signatures.
std::vector<std::pair<std::string, std::string>> RequestHeaders(const WebhookReporter& reporter,
                                                                const std::string& webhook_id,
                                                                std::int64_t timestamp,
                                                                const Body& body);

/// True when an attempt that ended with `response` is worth retrying: connection failures,
/// timeouts, 408, 429, 500, 502, 503 and 504.
bool IsRetryable(const HttpResponse& response);

/// Ends every delivery of this process by `until` at the latest, sooner than its deadline: an
/// attempt in flight is abandoned then, no later one starts, and what fails for it is kept in the
/// outbox. For `gtest-webhook run` asked to stop while it delivers.
void CutDeliveries(std::chrono::steady_clock::time_point until);

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
  explicit operator bool() const;
};

/// Sends `payload` (the report called `report_name`, for `event`) to every reporter of
/// `options` whose `when` rule fires for `summary`, concurrently, retrying within
/// `options.deadline`, after the reports waiting in each reporter's outbox; keeps the
/// `when=changes` state and the outbox. Prints nothing. Never throws.
DispatchResult Deliver(const Body& payload, const Summary& summary, const std::string& report_name,
                       const Options& options, Transport& transport,
                       const std::string& event = "RUN_FINISH");

/// Dispatches a finished report: serialises `report`, writes `options.output_path` if set,
/// delivers to every reporter and prints one line per reporter (and per problem) to `log`.
/// Never throws.
DispatchResult Dispatch(const Report& report, const Options& options, Transport& transport,
                        std::ostream& log);

/// `gtest-webhook flush` (SPEC §13): sends the reports waiting in the outbox of every reporter of
/// `options`, concurrently per reporter, oldest first, within `options.deadline`, and prints
/// their lines and records like Dispatch. Each outbox that still holds reports afterwards (and
/// each outbox of a reporter that is not configured) is a problem. Never throws.
DispatchResult FlushOutboxes(const Options& options, Transport& transport, std::ostream& log);

/// The one way every report leaves, whatever produced it (the listener, `gtest-webhook run` or
/// `send`): completes `report` (CompleteReport: id, CI, name, known bugs, flaky tests) and
/// dispatches it through `transport`, or libcurl when that is null. Never throws.
DispatchResult FinishAndDispatch(Report& report, const Options& options, std::ostream& log,
                                 Transport* transport = nullptr);

}  // namespace gtest_webhook
