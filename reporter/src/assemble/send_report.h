// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The reports of `gtest-webhook send` (SPEC §8): result files merged into one, and of
// `gtest-webhook test`: the dummy report that checks a webhook's wiring.

#include <string>
#include <vector>

#include "inputs/discover.h"
#include "model/report.h"

namespace gtest_webhook::detail {

/// The one report of `inputs`: their processes merged (notes of the merge go to `notes`), named
/// `name` (empty: by the configuration or CompleteReport), or, when nothing else would name it
/// and the files do not name their binary, after the name the files share (the shards of one
/// binary). `configured_name` is GTEST_WEBHOOK_NAME. Inputs that say no time are sent now.
Report SendReport(Inputs inputs, const std::string& name, const std::string& configured_name,
                  std::vector<std::string>& notes);

/// The name shards' files share: the common start of their names, without the shard numbers
/// and separators after it (`unit-0.json`, `unit-1.json`: `unit`); empty when none.
std::string SharedName(const std::vector<std::string>& files);

/// The report `gtest-webhook test` sends: event TEST, one passing test case, called `name`
/// (GTEST_WEBHOOK_NAME) or "gtest-webhook test".
Report WiringTestReport(const std::string& name);

}  // namespace gtest_webhook::detail
