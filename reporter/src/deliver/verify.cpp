// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "gtest_webhook/verify.h"

#include <chrono>
#include <sstream>

#include "gtest_webhook/signing.h"

namespace gtest_webhook {

std::optional<std::int64_t> ParseUnixSeconds(std::string_view text) {
  if (text.empty() || text.size() > 12 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::int64_t seconds = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds;
}

SignatureVerdict VerifySignatureHeader(std::string_view secret, const std::string& signature,
                                       std::string_view body) {
  if (ConstantTimeEquals(signature, SignatureHeaderValue(secret, body))) return {true, {}};
  return {false, "the Signature does not match the body"};
}

std::optional<SignatureVerdict> VerifyStandardWebhook(
    const std::string& secret, std::string_view id, std::string_view timestamp,
    const std::string& signatures, std::string_view body, std::int64_t now_seconds,
    std::int64_t tolerance_seconds) {
  const auto key = StandardWebhooksKey(secret);
  if (!key) return std::nullopt;
  const auto seconds = ParseUnixSeconds(timestamp);
  if (!seconds) {
    return SignatureVerdict{false,
                            "webhook-timestamp is not Unix seconds written in decimal digits"};
  }
  // Both at most 12 digits (now is a clock's): the difference cannot overflow.
  const auto off = now_seconds > *seconds ? now_seconds - *seconds : *seconds - now_seconds;
  if (off > tolerance_seconds) {
    return SignatureVerdict{false, "webhook-timestamp is " + std::to_string(off) +
                                       " s from now, more than the tolerance of " +
                                       std::to_string(tolerance_seconds) + " s"};
  }
  const auto expected = StandardWebhooksSignature(*key, id, *seconds, body);
  std::istringstream candidates(signatures);
  bool valid = false;
  for (std::string candidate; candidates >> candidate;) {
    valid = ConstantTimeEquals(candidate, expected) || valid;
  }
  if (valid) return SignatureVerdict{true, {}};
  return SignatureVerdict{false, "no webhook-signature matches the body"};
}

std::optional<SignatureVerdict> VerifySignatures(const std::string& secret,
                                                 const SignatureHeaders& headers,
                                                 std::string_view body,
                                                 std::int64_t tolerance_seconds) {
  if (headers.webhook_signature.empty()) {
    return VerifySignatureHeader(secret, headers.signature, body);
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return VerifyStandardWebhook(secret, headers.id, headers.timestamp, headers.webhook_signature,
                               body, now, tolerance_seconds);
}

}  // namespace gtest_webhook
