// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/selection/gtest_args.h"

namespace gtest_webhook::detail {
namespace {

// GoogleTest's flags that take a value, which Abseil's flags may read from the next argument.
bool TakesValue(std::string_view name) {
  for (const std::string_view flag :
       {"filter", "output", "color", "death_test_style", "flagfile", "random_seed", "repeat",
        "stack_trace_depth", "stream_result_to", "internal_run_death_test"}) {
    if (name == flag) return true;
  }
  return false;
}

}  // namespace

std::optional<GtestFlag> GtestFlagAt(const std::vector<std::string>& arguments, std::size_t index) {
  if (index >= arguments.size()) return std::nullopt;
  std::string_view argument = arguments[index];
  bool prefixed = false;
  for (const std::string_view prefix : {"--gtest_", "-gtest_", "/gtest_"}) {
    if (argument.substr(0, prefix.size()) == prefix) {
      argument.remove_prefix(prefix.size());
      prefixed = true;
      break;
    }
  }
  if (!prefixed || argument.empty()) return std::nullopt;
  GtestFlag flag;
  const auto equals = argument.find('=');
  flag.name = std::string(argument.substr(0, equals));
  if (equals != std::string_view::npos) {
    flag.value = std::string(argument.substr(equals + 1));
  } else if (TakesValue(flag.name) && index + 1 < arguments.size()) {
    flag.value = arguments[index + 1];
    flag.arguments = 2;
  }
  return flag;
}

std::vector<std::string> GtestFlagValues(const std::vector<std::string>& arguments,
                                         std::string_view name) {
  std::vector<std::string> values;
  for (std::size_t i = 1; i < arguments.size();) {
    auto flag = GtestFlagAt(arguments, i);
    if (flag && flag->name == name && flag->value) values.push_back(std::move(*flag->value));
    i += flag ? flag->arguments : 1;
  }
  return values;
}

std::optional<std::string> LastGtestFlag(const std::vector<std::string>& arguments,
                                         std::string_view name) {
  auto values = GtestFlagValues(arguments, name);
  if (values.empty()) return std::nullopt;
  return std::move(values.back());
}

bool HasGtestFlag(const std::vector<std::string>& arguments, std::string_view name) {
  for (std::size_t i = 1; i < arguments.size();) {
    const auto flag = GtestFlagAt(arguments, i);
    if (flag && flag->name == name) return true;
    i += flag ? flag->arguments : 1;
  }
  return false;
}

}  // namespace gtest_webhook::detail
