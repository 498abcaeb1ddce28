// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The network module's parts (see reporter/src/deliver/net/net_module.h for what the module
// is).

#include <memory>
#include <string_view>

#include "deliver/net/net_module.h"

namespace gtest_webhook::net {

/// The libcurl transport. Throws std::runtime_error when libcurl cannot be initialised.
std::unique_ptr<Transport> MakeTransport();

/// HMAC-SHA256 under `key` from OpenSSL. Throws std::runtime_error when OpenSSL provides none.
std::unique_ptr<detail::Mac> MakeHmacSha256(std::string_view key);

}  // namespace gtest_webhook::net
