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

/// `url` with the report name added to its grouping key (`/report@base64/<base64url name>`)
/// when it is a Pushgateway group (its path holds `/metrics/job/`) that has no `report` label
/// yet; `url` itself otherwise.
std::string PushgatewayGroupUrl(std::string_view url, std::string_view report_name);

}  // namespace gtest_webhook::detail
