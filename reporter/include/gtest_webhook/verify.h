// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Checking the signature of a request a receiver got (SPEC §6), as `gtest-webhook verify` does:
// for receivers written in C++, and for the command.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gtest_webhook {

/// What checking a signature found.
struct SignatureVerdict {
  bool valid = false;
  /// Why it is not valid, for a message; empty when it is.
  std::string why_not;
};

/// `text` as Unix seconds written as Standard Webhooks senders write them: decimal digits, no
/// sign, spaces or leading zeros, at most 12 (the signature covers the number as written).
std::optional<std::int64_t> ParseUnixSeconds(std::string_view text);

/// Checks a `Signature` header value (`sha256=<hex>`) against `body` under `secret`, in constant
/// time. Throws std::runtime_error when OpenSSL cannot be loaded.
SignatureVerdict VerifySignatureHeader(std::string_view secret, const std::string& signature,
                                       std::string_view body);

/// Checks the Standard Webhooks headers webhook-id (`id`), webhook-timestamp (`timestamp`) and
/// webhook-signature (`signatures`: one or more space-separated `v1,…` values, each compared, so
/// that the time taken does not say which one matched) against `body` under `secret`, the
/// timestamp at most `tolerance_seconds` from `now_seconds`. `std::nullopt` when `secret` starts
/// with `whsec_` and the rest is not base64: a wrong key, not a wrong request. Throws
/// std::runtime_error when OpenSSL cannot be loaded.
std::optional<SignatureVerdict> VerifyStandardWebhook(
    const std::string& secret, std::string_view id, std::string_view timestamp,
    const std::string& signatures, std::string_view body, std::int64_t now_seconds,
    std::int64_t tolerance_seconds);

/// The signature headers of a received request, empty when absent.
struct SignatureHeaders {
  std::string signature;          // Signature
  std::string id;                 // webhook-id
  std::string timestamp;          // webhook-timestamp
  std::string webhook_signature;  // webhook-signature
};

/// Checks `headers` by the scheme they carry: Standard Webhooks when `webhook_signature` is set
/// (the timestamp at most `tolerance_seconds` from the system clock's now), else `Signature`.
/// `std::nullopt` as VerifyStandardWebhook says. Throws std::runtime_error when OpenSSL cannot
/// be loaded.
std::optional<SignatureVerdict> VerifySignatures(const std::string& secret,
                                                 const SignatureHeaders& headers,
                                                 std::string_view body,
                                                 std::int64_t tolerance_seconds);

}  // namespace gtest_webhook
