// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The network module's parts (see reporter/src/deliver/net/net_module.h for what the module
// is).

#include <memory>
#include <string_view>

#include "deliver/net/net_module.h"

namespace gtest_webhook::net {

// Each is defined once for each system: libcurl and OpenSSL (curl_transport.cpp, hmac.cpp), or
// WinHTTP and BCrypt on Windows (winhttp_transport.cpp, bcrypt_hmac.cpp).

/// The transport. Throws std::runtime_error when its library cannot be initialised.
std::unique_ptr<Transport> MakeTransport();

/// HMAC-SHA256 under `key`. Throws std::runtime_error when the library provides none.
std::unique_ptr<detail::Mac> MakeHmacSha256(std::string_view key);

/// See NetModule::prepare.
void Prepare(bool tls);

}  // namespace gtest_webhook::net
