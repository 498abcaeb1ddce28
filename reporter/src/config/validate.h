// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The one validator both front ends' descriptions go through.

#include <optional>
#include <vector>

#include "config/reporters.h"

namespace gtest_webhook::detail {

/// The one validator: the reporter `description` describes, or none when it must be dropped.
/// Every problem becomes a line naming the variable or field.
std::optional<WebhookReporter> ValidateReporter(const ReporterDescription& description,
                                                Problems& problems);

}  // namespace gtest_webhook::detail
