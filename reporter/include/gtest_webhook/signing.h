// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gtest_webhook {

namespace detail {
class Mac;
}  // namespace detail

/// HMAC-SHA256 computed over a message given in pieces, so that a payload produced piece by
/// piece is signed without ever being held whole.
class HmacSha256 {
 public:
  /// Starts a MAC under `key`. Throws std::runtime_error when OpenSSL cannot provide one, or
  /// the network module that brings it cannot be loaded.
  explicit HmacSha256(std::string_view key);
  ~HmacSha256();
  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;
  /// Adds `bytes` to the message.
  void Update(std::string_view bytes);
  /// The 32-byte digest of everything added. Call once.
  std::string Digest();

 private:
  std::unique_ptr<detail::Mac> mac_;
};

/// Both signatures of one delivery attempt, computed in a single pass over a body given in
/// pieces: `Signature` under the first secret key, and Standard Webhooks v1 over
/// `id.timestamp.body` under each key (see SecretKeys and StandardWebhooksKey), so that a
/// receiver that rotates its secret accepts either during the change-over.
class DeliverySigner {
 public:
  DeliverySigner(const std::string& secret, std::string_view id, std::int64_t timestamp);
  /// Adds the next piece of the body.
  void Update(std::string_view piece);
  /// The `Signature` value, `sha256=<hex>`. Call once, after the last piece.
  std::string Signature();
  /// The `webhook-signature` value: `v1,<base64>` per key, separated by spaces. Call once,
  /// after the last piece.
  std::string WebhookSignature();

 private:
  HmacSha256 plain_;
  std::vector<std::unique_ptr<HmacSha256>> standard_;
};

/// The keys of a `secretKey`: one, or several separated by white space (secret rotation).
std::vector<std::string> SecretKeys(const std::string& secret);

/// Lowercase hex of `bytes`.
std::string Hex(std::string_view bytes);

/// Lowercase hex HMAC-SHA256 of `message` under `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

/// The `Signature` header value for `body`: `sha256=<lowercase hex HMAC-SHA256(secret, body)>`.
std::string SignatureHeaderValue(std::string_view secret, std::string_view body);

/// The Standard Webhooks signing key of `secret`: for a secret that starts with `whsec_`, the
/// base64-decoded rest; otherwise the secret's own bytes. `std::nullopt` when a `whsec_` secret
/// is not valid base64.
std::optional<std::string> StandardWebhooksKey(const std::string& secret);

/// The Standard Webhooks v1 `webhook-signature` value: `v1,<base64 HMAC-SHA256(key,
/// id + "." + timestamp + "." + body)>`, with `key` from `StandardWebhooksKey`.
std::string StandardWebhooksSignature(std::string_view key, std::string_view id,
                                      std::int64_t timestamp, std::string_view body);

/// The `Authorization` header value for HTTP Basic Auth.
std::string BasicAuthorization(const std::string& username, const std::string& password);

/// Standard base64 with padding.
std::string Base64Encode(const std::string& bytes);

/// Decodes standard base64 with padding; `std::nullopt` when `text` is not valid base64.
std::optional<std::string> Base64Decode(const std::string& text);

/// Compares in time that depends only on the lengths, never on where the bytes differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace gtest_webhook
