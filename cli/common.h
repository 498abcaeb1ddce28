#pragma once

#include <string>
#include <vector>

#include "gtest_webhook/options.h"

namespace gtest_webhook::cli {

/// The options from the environment, with one line on stderr per configuration problem.
Options LoadOptions();

/// True when `args` ask for help.
bool WantsHelp(const std::vector<std::string>& args);

}  // namespace gtest_webhook::cli
