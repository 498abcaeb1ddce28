// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What the CI around a run tells: its provider, commit, branch and links, and GoogleTest's
// sharding, read from the environment.

#include <optional>

#include "gtest_webhook/options.h"
#include "model/report.h"

namespace gtest_webhook::detail {

/// Detects the CI provider from `env` and applies the `GTEST_WEBHOOK_COMMIT_SHA` and
/// `GTEST_WEBHOOK_TARGET_URL` overrides from `options`. `std::nullopt` outside CI without
/// overrides.
std::optional<CiInfo> DetectCi(const EnvLookup& env, const Options& options);

/// GoogleTest's sharding from `GTEST_TOTAL_SHARDS` and `GTEST_SHARD_INDEX`, by GoogleTest's own
/// rule: both set, total > 1, and the index in range.
std::optional<Shard> ShardFromEnvironment(const EnvLookup& env);

}  // namespace gtest_webhook::detail
