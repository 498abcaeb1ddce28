// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The report as a Markdown summary (SPEC §17), for GitHub's job summary ($GITHUB_STEP_SUMMARY)
// or any page that renders CommonMark with GitHub's tables.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// The summary of `report` (whose counters are `summary`): stable or not, the counts, what
/// changed since the last run, the flaky tests, and a table of the failures with the first
/// telling line of each message and its owners, each linked to its `file:line` at the commit
/// when CI tells where the repository's files are. At most `max_bytes`: the failures that do
/// not fit are one "and N more" line, which says so when the file's other reports (`held`
/// bytes, GitHub showing at most 1 MiB of the whole file) are why. Empty when not even the
/// counts fit.
std::string StepSummary(const Report& report, const Summary& summary, std::size_t max_bytes,
                        std::uint64_t held = 0);

/// The link to `path` (relative to the repository's root) at `line` (0: none) below `blob_url`,
/// its characters percent-encoded where a URL or Markdown needs it; empty when `blob_url` is no
/// http(s) URL (it comes from CI variables: LinkDestination).
std::string SourceLink(const std::string& blob_url, std::string_view path, int line);

}  // namespace gtest_webhook::detail
