#pragma once

// The spellings of the enumerated reporter keys: the validator reads them, ToString writes them.

#include <cstddef>

#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

/// One accepted spelling of an enumerated key and the value it stands for; the first of each
/// table is the default.
template <typename Value>
struct Choice {
  const char* spelling;
  Value value;
};

inline constexpr Choice<When> kWhens[] = {
    {"always", When::kAlways}, {"fails", When::kFails}, {"changes", When::kChanges}};
inline constexpr Choice<Format> kFormats[] = {{"report", Format::kReport},
                                              {"slack", Format::kSlack},
                                              {"teams", Format::kTeams},
                                              {"discord", Format::kDiscord},
                                              {"googlechat", Format::kGoogleChat}};
inline constexpr Choice<TestCases> kTestCases[] = {{"all", TestCases::kAll},
                                                   {"failed", TestCases::kFailed}};

/// The spelling of `value` in `choices`.
template <typename Value, std::size_t N>
const char* SpellingOf(const Choice<Value> (&choices)[N], Value value) {
  for (const auto& choice : choices) {
    if (choice.value == value) return choice.spelling;
  }
  return choices[0].spelling;
}

}  // namespace gtest_webhook::detail
