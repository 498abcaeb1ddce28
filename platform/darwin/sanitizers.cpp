// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The sanitizers' hook on macOS: Apple's linker binds no weak reference to a symbol it cannot
// find, and a sanitizer's runtime is a library that only a sanitizer build loads, so the hook is
// looked up among the loaded images when it is first needed.

#include <dlfcn.h>

#include "platform/signals.h"

namespace gtest_webhook::platform {
namespace {

using SetDeathCallback = void (*)(void (*)());

SetDeathCallback DeathCallbackSetter() {
  static const auto setter =
      reinterpret_cast<SetDeathCallback>(::dlsym(RTLD_DEFAULT, "__sanitizer_set_death_callback"));
  return setter;
}

}  // namespace

bool SanitizerRuntimePresent() { return DeathCallbackSetter() != nullptr; }

void RecordSanitizerLastWords(void (*hook)()) {
  if (const auto setter = DeathCallbackSetter()) setter(hook);
}

}  // namespace gtest_webhook::platform
