// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/stability/stability.h"

#include <algorithm>
#include <cmath>

namespace gtest_webhook::detail {
namespace {

// Follows `outcome` after `last` (`P`, `F`, or 0 for none yet); returns the flips it adds.
int Follow(char outcome, char& last) {
  int flips = 0;
  if (outcome == 'P' || outcome == 'X') {
    if (outcome == 'X' && last == 'P') ++flips;  // a failure first
    if (outcome == 'X' || last == 'F') ++flips;  // then a pass
    last = 'P';
  } else if (outcome == 'F') {
    if (last == 'P') ++flips;
    last = 'F';
  }
  return flips;
}

}  // namespace

int Flips(std::string_view outcomes) {
  int flips = 0;
  char last = 0;
  for (const char outcome : outcomes) flips += Follow(outcome, last);
  return flips;
}

History::Stability StabilityOf(std::string_view outcomes,
                               const std::vector<std::int64_t>& finished_at_ms) {
  History::Stability stability;
  stability.outcomes = std::string(outcomes);
  char last = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const char outcome = outcomes[i];
    if (outcome != 'P' && outcome != 'F' && outcome != 'X') continue;
    ++stability.runs;
    if (outcome != 'P') ++stability.failed;
    if (outcome != 'F' && i < finished_at_ms.size()) stability.last_passed_ms = finished_at_ms[i];
    stability.flips += Follow(outcome, last);
  }
  return stability;
}

namespace {

// The marks' scale (see TimeMark).
constexpr char kZero = '0';
constexpr char kLast = '~';
constexpr double kStep = 1.25;

}  // namespace

char TimeMark(std::int64_t ms) {
  if (ms <= 0) return kZero;
  const auto steps = std::lround(std::log(static_cast<double>(ms)) / std::log(kStep));
  return static_cast<char>(std::min<long>(kZero + 1 + steps, kLast));
}

std::optional<std::int64_t> MarkedMs(char mark) {
  if (mark < kZero || mark > kLast) return std::nullopt;
  if (mark == kZero) return 0;
  return std::llround(std::pow(kStep, mark - kZero - 1));
}

std::optional<std::int64_t> MedianPassingMs(std::string_view outcomes, std::string_view times) {
  std::vector<std::int64_t> passing;
  for (std::size_t run = 0; run < outcomes.size() && run < times.size(); ++run) {
    const auto ms = MarkedMs(times[run]);
    if (outcomes[run] == 'P' && ms) passing.push_back(*ms);
  }
  if (passing.size() < static_cast<std::size_t>(kLeastPassingRuns)) return std::nullopt;
  const auto middle = passing.begin() + static_cast<std::ptrdiff_t>(passing.size() / 2);
  std::nth_element(passing.begin(), middle, passing.end());
  if (passing.size() % 2 == 1) return *middle;
  const auto below = *std::max_element(passing.begin(), middle);
  return below + (*middle - below) / 2;
}

bool IsSlower(std::int64_t time_ms, std::int64_t median_ms, const SlowerRule& rule) {
  if (rule.off) return false;
  return static_cast<double>(time_ms) >= rule.factor * static_cast<double>(median_ms) &&
         time_ms - median_ms >= rule.extra_ms;
}

}  // namespace gtest_webhook::detail
