#include "common.h"

#include <iostream>

namespace gtest_webhook::cli {

Options LoadOptions() {
  auto config = OptionsFromEnvironment();
  for (const auto& problem : config.problems) std::cerr << "gtest-webhook: " << problem << '\n';
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
