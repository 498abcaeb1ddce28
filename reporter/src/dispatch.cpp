#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "gtest_webhook/delivery.h"

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

// Decides whether `reporter` fires; returns the reason when it does not.
std::string SkipReason(const WebhookReporter& reporter, const Summary& summary) {
  if (reporter.when == When::kFails && summary.build_stable) {
    return "when=fails and the build is stable";
  }
  return {};
}

DeliveryResult DeliverOne(const WebhookReporter& reporter, const std::string& payload,
                          const Summary& summary, const Options& options, Transport& transport,
                          Clock::time_point deadline) {
  DeliveryResult result;
  result.id = "msg_" + RandomId();
  result.reporter = ReporterName(reporter);
  result.created_at_ms = NowUnixMs();
  if (auto reason = SkipReason(reporter, summary); !reason.empty()) {
    result.state = DeliveryState::kSkipped;
    result.reason = std::move(reason);
    return result;
  }
  const auto start = Clock::now();
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - start);
  if (remaining.count() <= 0) {
    result.reason = "the delivery deadline had passed before the first attempt";
    return result;
  }
  HttpRequest request;
  request.url = reporter.url;
  request.headers = RequestHeaders(reporter, result.id);
  request.body = payload;
  request.timeout = std::min(options.timeout, remaining);
  request.connect_timeout = std::min(options.connect_timeout, request.timeout);
  request.ca_bundle = options.ca_bundle;

  DeliveryCall call;
  call.started_at_ms = NowUnixMs();
  const HttpResponse response = transport.Post(request);
  call.finished_at_ms = NowUnixMs();
  call.error_message = response.error;
  call.response_status = response.status;
  call.response_body = response.body.substr(0, kRecordedResponseBytes);
  result.calls.push_back(std::move(call));
  result.attempts = 1;
  result.http_status = response.status;
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  if (response) {
    result.state = DeliveryState::kDelivered;
  } else {
    result.state = DeliveryState::kFailed;
    result.reason =
        response.error.empty() ? "HTTP " + std::to_string(response.status) : response.error;
  }
  return result;
}

// Runs `work` on a thread of its own with SIGPIPE blocked: a receiver that closes the
// connection mid-write then raises a signal pending on that thread only, which ends with it,
// instead of killing the test process.
template <typename Work>
std::thread SigpipeSafeThread(Work work) {
  return std::thread([work = std::move(work)]() mutable {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
    work();
  });
}

// Writes `bytes` to `path` through a temporary file and a rename, so that readers never see a
// half-written payload. Returns an empty string or what went wrong.
std::string WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const auto temp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return std::strerror(errno);
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const int saved = errno;
  if (std::fclose(file) != 0 || !written) {
    std::remove(temp.c_str());
    return std::strerror(written ? errno : saved);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    std::remove(temp.c_str());
    return std::strerror(rename_errno);
  }
  return {};
}

// Appends one line with a single write(2) on an O_APPEND descriptor, so that records of
// concurrent test binaries never interleave.
std::string AppendLine(const std::string& path, std::string line) {
  line += '\n';
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::strerror(errno);
  const auto written = ::write(fd, line.data(), line.size());
  const int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()))
    return written < 0 ? std::strerror(saved) : "short write";
  return {};
}

}  // namespace

std::string ReporterName(const WebhookReporter& reporter) {
  return reporter.label.empty() ? MaskUrl(reporter.url) : reporter.label;
}

std::vector<std::pair<std::string, std::string>> RequestHeaders(const WebhookReporter& reporter,
                                                                const std::string& webhook_id) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/json; charset=utf-8"},
      {"User-Agent", std::string("gtest-webhook/") + Version()},
      {"webhook-id", webhook_id},
  };
  headers.insert(headers.end(), reporter.headers.begin(), reporter.headers.end());
  return headers;
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

std::vector<DeliveryResult> Deliver(const std::string& payload, const Summary& summary,
                                    const Options& options, Transport& transport) {
  const auto deadline = Clock::now() + options.deadline;
  std::vector<DeliveryResult> results(options.reporters.size());
  std::vector<std::thread> workers;
  workers.reserve(options.reporters.size());
  for (std::size_t i = 0; i < options.reporters.size(); ++i) {
    auto work = [&, i] {
      try {
        results[i] =
            DeliverOne(options.reporters[i], payload, summary, options, transport, deadline);
      } catch (...) {
        results[i].reporter = ReporterName(options.reporters[i]);
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

std::vector<DeliveryResult> Dispatch(const Report& report, const Options& options,
                                     Transport& transport, std::ostream& log) {
  std::vector<DeliveryResult> results;
  try {
    const std::string payload = SerializePayload(report);
    if (!options.output_path.empty()) {
      if (const auto why = WriteFileAtomically(options.output_path, payload); !why.empty()) {
        log << "gtest-webhook: GTEST_WEBHOOK_OUTPUT: cannot write '" << options.output_path
            << "': " << why << '\n';
      }
    }
    results = Deliver(payload, Summarize(report), options, transport);
    for (const auto& result : results) {
      log << DescribeResult(result) << '\n';
      if (!options.log_path.empty()) {
        if (const auto why = AppendLine(options.log_path, DeliveryRecord(result, report.event));
            !why.empty()) {
          log << "gtest-webhook: GTEST_WEBHOOK_LOG: cannot append to '" << options.log_path
              << "': " << why << '\n';
        }
      }
    }
    log.flush();
  } catch (...) {
    log << "gtest-webhook: internal error while reporting; the test results are unaffected\n";
  }
  return results;
}

const char* Version() { return GTEST_WEBHOOK_VERSION; }

}  // namespace gtest_webhook
