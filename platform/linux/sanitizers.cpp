// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The sanitizers' hook on Linux: a weak reference, which the linker or the loader binds to the
// runtime where a sanitizer's is linked (statically, as Clang does, or as a shared library, as
// GCC does), and leaves null elsewhere.

#include "platform/signals.h"

// The sanitizers' documented hook for "about to end the process"
// (sanitizer/common_interface_defs.h), present only in a sanitizer build.
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the runtime's name
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace gtest_webhook::platform {

bool SanitizerRuntimePresent() { return &__sanitizer_set_death_callback != nullptr; }

void RecordSanitizerLastWords(void (*hook)()) {
  if (&__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(hook);
}

}  // namespace gtest_webhook::platform
