// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <string>
#include <vector>

#include "gtest_webhook/options.h"

namespace gtest_webhook::cli {

/// Exit codes shared by every verb.
inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;
inline constexpr int kUsage = 2;

/// Each verb takes the arguments after its name and returns the process exit code.
int Run(const std::vector<std::string>& args);
int Send(const std::vector<std::string>& args);
int Test(const std::vector<std::string>& args);
int Flush(const std::vector<std::string>& args);
int Verify(const std::vector<std::string>& args);

/// Prints `message` as a usage error for `verb` and returns kUsage.
int UsageError(const std::string& verb, const std::string& message);

/// The options from the environment, with one line on stderr per configuration problem.
Options LoadOptions();

/// Prints a verb's help `text` on standard output and returns kOk.
int PrintHelp(const char* text);

/// True when `args` ask for help.
bool WantsHelp(const std::vector<std::string>& args);

}  // namespace gtest_webhook::cli
