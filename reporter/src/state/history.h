// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// History across runs (SPEC §12): per report name, in the state directory, the outcome of every
// test over its recent runs, from which each report learns what changed since the last one.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// The bounds of one report name's history file.
struct HistoryLimits {
  /// Runs kept, this one included: the window that stability is judged over (SPEC §19); the
  /// oldest is dropped first. 0 takes `Options::window`.
  std::size_t runs = 0;
  /// Bytes the file may take; past them, the oldest runs are dropped until it fits.
  std::size_t bytes = 8U << 20U;
};

/// Reads the history of `report.name`, sets `report.history` from it (with the recent runs,
/// this one last), and adds this run (whose counters are `summary`) to it, under a lock that
/// concurrent runs sharing the state directory wait for (at most until `deadline`). Problems
/// become `warnings`: a corrupt history is treated as none, and without a usable state
/// directory the report has no history. Judges the stability of this run's tests over the
/// window (SPEC §19) and which quarantine entries are ready to be left (`report.ready_to_leave`).
void RecordHistory(Report& report, const Summary& summary, const Options& options,
                   std::chrono::steady_clock::time_point deadline,
                   std::vector<std::string>& warnings, const HistoryLimits& limits = {});

}  // namespace gtest_webhook::detail
