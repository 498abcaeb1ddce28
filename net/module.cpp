// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <openssl/ssl.h>

#include "net.h"

namespace {

// See NetModule::prepare. libcurl initialises OpenSSL when the transport is made, asking for the
// configuration file and (by OpenSSL's defaults) the error strings; each is done once per
// process, so saying "none" first is what holds.
void Prepare(bool tls) {
  if (tls) return;
  OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_SSL_STRINGS |
                       OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS,
                   nullptr);
}

constexpr gtest_webhook::detail::NetModule kModule{gtest_webhook::detail::kNetModuleBuild,
                                                   &gtest_webhook::net::MakeTransport,
                                                   &gtest_webhook::net::MakeHmacSha256, &Prepare};

}  // namespace

// The module's one visible symbol, found by name (kNetModuleEntry) when the module is loaded.
extern "C" __attribute__((visibility("default"))) const gtest_webhook::detail::NetModule*
gtest_webhook_net_module_v3() {
  return &kModule;
}
