// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What a dispatch leaves behind: one stderr line per reporter, and the delivery records of
// SPEC §7.

#include <ostream>
#include <string>
#include <vector>

#include "deliver/result.h"
#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

/// The name of `reporter` in output: its label, or its masked URL.
std::string ReporterName(const WebhookReporter& reporter);

/// The one stderr line for `result`, without a trailing newline.
std::string DescribeResult(const DeliveryResult& result);

/// The delivery record of SPEC §7 for `result` as one line of JSON (no trailing newline).
std::string DeliveryRecord(const DeliveryResult& result, const std::string& event_type);

/// Prints `line` as a problem of the dispatch and keeps it in `result`.
void DispatchProblem(DispatchResult& result, std::ostream& log, std::string line);

/// Prints `notes`, then each delivery's warnings (a warning once, however often it was met) and
/// its one line, and appends its record (for `event`) to `options.log_path` when set.
void PrintAndRecord(DispatchResult& result, const std::string& event, const Options& options,
                    std::ostream& log, const std::vector<std::string>& notes = {});

}  // namespace gtest_webhook::detail
