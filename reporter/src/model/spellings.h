// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The spellings of enumerated values in payloads and configuration: one table per enum, read
// both ways (the first entry of a table is the default).

#include <cstddef>
#include <optional>
#include <string_view>

namespace gtest_webhook::detail {

/// One accepted spelling of an enumerated value and the value it stands for.
template <typename Value>
struct Choice {
  const char* spelling;
  Value value;
};

/// The spelling of `value` in `choices`; the first one when it has none.
template <typename Value, std::size_t N>
const char* SpellingOf(const Choice<Value> (&choices)[N], Value value) {
  for (const auto& choice : choices) {
    if (choice.value == value) return choice.spelling;
  }
  return choices[0].spelling;
}

/// The value spelled exactly `text` in `choices`; `std::nullopt` when none is.
template <typename Value, std::size_t N>
std::optional<Value> ValueSpelled(const Choice<Value> (&choices)[N], std::string_view text) {
  for (const auto& choice : choices) {
    if (text == choice.spelling) return choice.value;
  }
  return std::nullopt;
}

}  // namespace gtest_webhook::detail
