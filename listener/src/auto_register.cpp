// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Linked into a test binary through `gtest_webhook::auto` (an object library, so the linker keeps
// this file even in fully static builds). At start-up it appends the listener when the
// environment asks for reporting; otherwise it does nothing at all.
//
// Only getenv() runs here: configuration is parsed, and problems are printed, when the test
// program starts, where death-test children can be recognised.

#include "gtest_webhook/listener.h"

namespace {

[[maybe_unused]] const bool kRegistered = [] {
  try {
    return gtest_webhook::install();
  } catch (...) {
    return false;
  }
}();

}  // namespace

/// What a link line names to pull this file out of a static library (pkg-config's
/// `-Wl,-u,gtest_webhook_auto_registration`, where no object file can be named).
extern "C" const bool gtest_webhook_auto_registration = kRegistered;
