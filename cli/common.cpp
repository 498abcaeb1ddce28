// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <filesystem>
#include <iostream>

#include "escape.h"
#include "verbs.h"

namespace gtest_webhook::cli {

Options LoadOptions() {
  auto config = OptionsFromProcessEnvironment();
  for (const auto& problem : config.problems) {
    detail::PrintLine(std::cerr, "gtest-webhook: " + problem);
  }
  std::error_code unknown;  // a working directory that is gone: paths stay as given
  ResolvePaths(config.options, std::filesystem::current_path(unknown).string());
  return std::move(config.options);
}

int UsageError(const std::string& verb, const std::string& message) {
  detail::PrintLine(std::cerr, "gtest-webhook " + verb + ": " + message + "; see gtest-webhook " +
                                   verb + " --help");
  return kUsage;
}

int PrintHelp(const char* text) {
  std::cout << text;
  return kOk;
}

bool WantsHelp(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--") return false;
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

}  // namespace gtest_webhook::cli
