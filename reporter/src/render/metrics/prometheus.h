// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The Prometheus text exposition (format 0.0.4) of a report, for a Pushgateway (SPEC §18), and
// the Pushgateway group a report name is pushed to.

#include <cstddef>
#include <string>
#include <string_view>

#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// How many `gtest_webhook_test_failed` series a report has at most.
inline constexpr std::size_t kMaxFailedTestSeries = 1000;

/// The report's metrics, each with `# HELP` and `# TYPE`, values as in the payload (`summary`).
std::string RenderPrometheus(const Report& report, const Summary& summary);

/// Where a push of the report goes.
struct PushgatewayGroup {
  std::string url;
  /// `url` is a Pushgateway group, which each push replaces whole (PUT), so that a test that no
  /// longer fails leaves no series behind.
  bool is_group = false;
};

/// `url`'s Pushgateway group for the report `report_name`, when `url` is a group (its path holds
/// `/metrics/job/`): the report name, made valid UTF-8, added to the grouping key
/// (`/report@base64/<base64url name>`) when the key has no `report` label. With `own_group` (a
/// wiring test), a `report` label the URL has is replaced by `report_name`: it never writes
/// into a real report's group. Any other `url` is no group, and stays as it is.
PushgatewayGroup PushgatewayGroupOf(std::string_view url, std::string_view report_name,
                                    bool own_group = false);

}  // namespace gtest_webhook::detail
