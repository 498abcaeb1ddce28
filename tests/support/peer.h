// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Tests that check gtest-webhook against a real peer (a server, a validator, another test
// framework) skip where the peer is not installed, on a developer's machine. In CI (`CI=true`),
// whose install step must have brought every peer, a missing one fails the test instead: a broken
// install step can never turn the real-peer checks into green skips.

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

namespace gtest_webhook::testing {

/// Whether the suite runs in CI, where every peer must be there.
inline bool PeersRequired() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::strcmp(ci, "true") == 0;
}

}  // namespace gtest_webhook::testing

/// Ends the current test because a peer is missing (`why` says which and how to install it): a
/// skip, or in CI a failure.
#define GTEST_WEBHOOK_PEER_MISSING(why)                                                          \
  do {                                                                                           \
    if (::gtest_webhook::testing::PeersRequired()) FAIL() << "a peer is missing in CI: " << why; \
    GTEST_SKIP() << why;                                                                         \
  } while (false)
