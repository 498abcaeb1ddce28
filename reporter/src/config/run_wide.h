// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The run-wide settings: every variable but the reporters'.

#include <string>
#include <vector>

#include "config/text.h"
#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

/// Reads the run-wide settings (every variable but the reporters') into `options`.
void ReadRunWide(const EnvLookup& env, Options& options, Problems& problems);

/// The run-wide variables, in the order they are read.
std::vector<std::string> RunWideVariables();

}  // namespace gtest_webhook::detail
