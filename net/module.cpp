// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "net.h"

// The module's one exported symbol: a DLL's export on Windows, the one visible symbol elsewhere.
#if defined(_WIN32)
#define GTEST_WEBHOOK_NET_EXPORT __declspec(dllexport)
#else
#define GTEST_WEBHOOK_NET_EXPORT __attribute__((visibility("default")))
#endif

namespace {

constexpr gtest_webhook::detail::NetModule kModule{
    gtest_webhook::detail::kNetModuleBuild, &gtest_webhook::net::MakeTransport,
    &gtest_webhook::net::MakeHmacSha256, &gtest_webhook::net::Prepare};

}  // namespace

// Found by name (kNetModuleEntry) when the module is loaded.
extern "C" GTEST_WEBHOOK_NET_EXPORT const gtest_webhook::detail::NetModule*
gtest_webhook_net_module_v3() {
  return &kModule;
}
