// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The shorthand front end: GTEST_WEBHOOK_URL and its companion variables, one reporter.

#include <optional>
#include <vector>

#include "config/reporters.h"

namespace gtest_webhook::detail {

/// The shorthand front end: the reporter GTEST_WEBHOOK_URL and its companions describe, or none
/// (then a companion set without it gets a problem line).
std::optional<ReporterDescription> ShorthandReporter(const EnvLookup& env, Problems& problems);

}  // namespace gtest_webhook::detail
