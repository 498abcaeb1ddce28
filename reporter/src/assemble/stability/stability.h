// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Stability across runs (SPEC §19), judged from what the history keeps of one test: its outcome
// in each run of the window (`P` passed, `F` failed, `X` failed and then passed on a retry, `S`
// skipped, `.` not run), oldest first, and the times of its passing runs. Pure functions; the
// history (state/) reads and writes what they judge.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/report.h"

namespace gtest_webhook::detail {

/// The changes from passing to failing and back in `outcomes`: an `X` run is a failure followed
/// by a pass; skipped and missing runs change nothing.
int Flips(std::string_view outcomes);

/// Whether a test with these outcomes is unstable: at least two flips.
inline bool IsUnstable(int flips) { return flips >= 2; }

/// The stability of a test whose outcomes over the window are `outcomes`, the run of
/// `outcomes[i]` having finished at `finished_at_ms[i]` (as many as `outcomes`).
History::Stability StabilityOf(std::string_view outcomes,
                               const std::vector<std::int64_t>& finished_at_ms);

/// A time as the history keeps it, one character per run: `0` for 0 ms, then each next character
/// 1.25 times the one before from `1` (1 ms) to `~` (about 8 hours, and every longer time), so
/// that a window of 100 runs of 20,000 tests stays well within the history's bound. Within an
/// eighth of the time: enough to tell a test three times slower.
char TimeMark(std::int64_t ms);

/// The time `mark` stands for, in milliseconds; none for kNoTime or a character that is no mark.
std::optional<std::int64_t> MarkedMs(char mark);

/// The mark of a run without a time: one the test did not pass.
inline constexpr char kNoTime = '.';

/// The median time of the passing runs among `outcomes`, whose time marks `times` holds (one per
/// run, as many as `outcomes`); none when fewer than kLeastPassingRuns passing runs have a time.
std::optional<std::int64_t> MedianPassingMs(std::string_view outcomes, std::string_view times);

/// The fewest passing runs with a time that a median is taken from.
inline constexpr int kLeastPassingRuns = 3;

/// Whether a test that took `time_ms` in this run, against a median of `median_ms`, is slower
/// by `rule`.
bool IsSlower(std::int64_t time_ms, std::int64_t median_ms, const SlowerRule& rule);

}  // namespace gtest_webhook::detail
