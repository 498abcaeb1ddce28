// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The report as one self-contained HTML page (SPEC §18), for a CI artifact that people open in a
// browser, offline: the verdict, the counts, a chart of the recent runs, the failures with their
// message, output and owners, flaky and new failures, and the slowest tests.

#include <cstddef>
#include <string>

#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// Failures shown whole (message and output) on the page at most; the rest are counted.
inline constexpr std::size_t kPageFailures = 100;

/// The page of `report`, whose counters are `summary`. It loads nothing from anywhere (inline
/// CSS and SVG, no script, a Content-Security-Policy that forbids any request), and everything
/// it shows of the report is escaped.
std::string HtmlPage(const Report& report, const Summary& summary);

}  // namespace gtest_webhook::detail
