#include "common.h"

#include <filesystem>
#include <iostream>

#include "print.h"

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

bool WantsHelp(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--") return false;
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

}  // namespace gtest_webhook::cli
