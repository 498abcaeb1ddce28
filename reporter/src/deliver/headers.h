// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The request headers of one attempt (SPEC §6): identity, signatures, Basic Auth, extras.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gtest_webhook/options.h"
#include "gtest_webhook/transport.h"

namespace gtest_webhook::detail {

/// Builds the request headers for one attempt of `reporter`: content type, user agent,
/// `webhook-id`; with a secret key `Signature`, `webhook-timestamp` (`timestamp`, Unix seconds)
/// and `webhook-signature`; with credentials `Authorization`; then the configured extra
/// headers. `body` is the exact bytes that will be sent; it is read once, for both signatures.
std::vector<std::pair<std::string, std::string>> RequestHeaders(const WebhookReporter& reporter,
                                                                const std::string& webhook_id,
                                                                std::int64_t timestamp,
                                                                const Body& body);

/// Where and how one attempt of `reporter` sends the report named `report_name`: a `prometheus`
/// reporter's Pushgateway group gets the report name in its grouping key and is replaced whole
/// (PUT), so that a test that no longer fails leaves no series behind; with `own_group` (a
/// wiring test) whatever `report` the URL names is replaced by `report_name`. Every other
/// reporter POSTs to its URL.
HttpRequest RequestTarget(const WebhookReporter& reporter, const std::string& report_name,
                          bool own_group);

}  // namespace gtest_webhook::detail
