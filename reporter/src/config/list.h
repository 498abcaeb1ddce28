// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The list front end: the entries of GTEST_WEBHOOK_REPORTERS (JSON, or @file).

#include <optional>
#include <vector>

#include "config/reporters.h"

namespace gtest_webhook::detail {

/// The list front end: one description per usable entry of GTEST_WEBHOOK_REPORTERS (its JSON,
/// or `@file`), with `${NAME}` references expanded.
std::vector<ReporterDescription> ListedReporters(const EnvLookup& env, Problems& problems);

}  // namespace gtest_webhook::detail
