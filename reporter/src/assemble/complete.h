// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What every report needs before it leaves, whatever made it: an id, its CI, its name and the
// tags of known bugs and flaky tests.

#include <optional>
#include <string>

#include "gtest_webhook/options.h"
#include "model/report.h"

namespace gtest_webhook::detail {

/// The default report name: `binary`, plus ` [shard i/n]` when sharded.
std::string DefaultReportName(const std::string& binary, const std::optional<Shard>& shard);

/// Fills what every report needs before it is sent: a `run.id` if it has none, the `ci` object
/// (detected from the process environment with the overrides of `options`), `run.binaries`,
/// the name (`options.name`, else DefaultName's rule) when it has none, and the `taggedBug`
/// (from `options.known_bugs`) and `taggedFlaky` flags of `report.test_cases` (a report with a
/// source leaves those to the source).
void CompleteReport(Report& report, const Options& options);

/// The default name of a report that has no name of its own (SPEC §10): the one binary's name
/// (with its shard when it is one shard); for several binaries, one that stays the same from
/// build to build of a CI job (its repository and job), else the binaries' names; `gtest` when
/// nothing is known.
std::string DefaultName(const Report& report);

}  // namespace gtest_webhook::detail
