// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The request headers of SPEC §6: identity, signatures, Basic Auth, then the configured ones.

#include "deliver/headers.h"

#include "gtest_webhook/signing.h"
#include "model/url.h"
#include "render/metrics/prometheus.h"

namespace gtest_webhook::detail {

std::string ReporterName(const WebhookReporter& reporter) {
  return reporter.label.empty() ? MaskUrl(reporter.url) : reporter.label;
}

std::vector<std::pair<std::string, std::string>> RequestHeaders(const WebhookReporter& reporter,
                                                                const std::string& webhook_id,
                                                                std::int64_t timestamp,
                                                                const Body& body) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", reporter.format == Format::kPrometheus
                           ? "text/plain; version=0.0.4; charset=utf-8"
                           : "application/json; charset=utf-8"},
      {"User-Agent", std::string("gtest-webhook/") + Version()},
      {"webhook-id", webhook_id},
  };
  if (!reporter.secret_key.empty()) {
    DeliverySigner signer(reporter.secret_key, webhook_id, timestamp);
    ForEachPiece(body, [&signer](std::string_view piece) { signer.Update(piece); });
    headers.emplace_back("Signature", signer.Signature());
    headers.emplace_back("webhook-timestamp", std::to_string(timestamp));
    headers.emplace_back("webhook-signature", signer.WebhookSignature());
  }
  if (!reporter.username.empty() && !reporter.password.empty()) {
    headers.emplace_back("Authorization", BasicAuthorization(reporter.username, reporter.password));
  }
  headers.insert(headers.end(), reporter.headers.begin(), reporter.headers.end());
  return headers;
}

HttpRequest RequestTarget(const WebhookReporter& reporter, const std::string& report_name,
                          bool own_group) {
  HttpRequest request;
  request.url = reporter.url;
  if (reporter.format == Format::kPrometheus) {
    auto group = PushgatewayGroupOf(reporter.url, report_name, own_group);
    if (group.is_group) request.method = "PUT";
    request.url = std::move(group.url);
  }
  return request;
}

}  // namespace gtest_webhook::detail
