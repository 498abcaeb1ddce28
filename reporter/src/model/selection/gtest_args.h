// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// GoogleTest's flags in a command line, read once and one way. GoogleTest itself takes
// `--gtest_NAME=VALUE` (and `--gtest_NAME` for a boolean); built with Abseil's flags it also
// takes `-gtest_NAME=VALUE` and the value of a flag that has one as the next argument; and it
// treats `-gtest_NAME` and `/gtest_NAME` it does not know as a request for its help. What it
// could take as a flag is read as one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gtest_webhook::detail {

/// One GoogleTest flag of a command line.
struct GtestFlag {
  /// Its name without the prefix: `filter`, `output`, `list_tests`.
  std::string name;
  /// Its value; none for a flag written without one.
  std::optional<std::string> value;
  /// The arguments it takes: 2 when its value is the next argument.
  std::size_t arguments = 1;
};

/// The GoogleTest flag at `arguments[index]`; none when it is not one.
std::optional<GtestFlag> GtestFlagAt(const std::vector<std::string>& arguments, std::size_t index);

/// The value of the last flag `name` among `arguments` after the program's (`arguments[0]`);
/// none when no such flag has a value.
std::optional<std::string> LastGtestFlag(const std::vector<std::string>& arguments,
                                         std::string_view name);

/// The values of every flag `name` among `arguments` after the program's, in order.
std::vector<std::string> GtestFlagValues(const std::vector<std::string>& arguments,
                                         std::string_view name);

/// Whether any of `arguments` after the program's is the flag `name`.
bool HasGtestFlag(const std::vector<std::string>& arguments, std::string_view name);

}  // namespace gtest_webhook::detail
