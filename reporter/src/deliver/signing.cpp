// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "gtest_webhook/signing.h"

#include <array>
#include <stdexcept>

#include "deliver/net/net_module.h"

namespace gtest_webhook {

HmacSha256::HmacSha256(std::string_view key) {
  std::string why;
  const detail::NetModule* net = detail::Net(why);
  if (net == nullptr) throw std::runtime_error(why);
  mac_ = net->make_hmac_sha256(key);
}

HmacSha256::~HmacSha256() = default;

void HmacSha256::Update(std::string_view bytes) { mac_->Update(bytes); }

std::string HmacSha256::Digest() { return mac_->Digest(); }

namespace {

std::string SignatureFromDigest(const std::string& digest) { return "sha256=" + Hex(digest); }

std::string WebhookSignatureFromDigest(const std::string& digest) {
  return "v1," + Base64Encode(digest);
}

// The Standard Webhooks MAC signs "id.timestamp." and then the body.
void AddWebhookPrefix(HmacSha256& mac, std::string_view id, std::int64_t timestamp) {
  mac.Update(std::string(id) + "." + std::to_string(timestamp) + ".");
}

}  // namespace

DeliverySigner::DeliverySigner(const std::string& secret, std::string_view id,
                               std::int64_t timestamp)
    : plain_(SecretKeys(secret).at(0)) {
  for (const auto& key : SecretKeys(secret)) {
    // Configuration refuses a whsec_ secret that is not base64, so the key is always there.
    standard_.push_back(std::make_unique<HmacSha256>(StandardWebhooksKey(key).value_or(key)));
    AddWebhookPrefix(*standard_.back(), id, timestamp);
  }
}

void DeliverySigner::Update(std::string_view piece) {
  plain_.Update(piece);
  for (auto& mac : standard_) mac->Update(piece);
}

std::string DeliverySigner::Signature() { return SignatureFromDigest(plain_.Digest()); }

std::string DeliverySigner::WebhookSignature() {
  std::string signatures;
  for (auto& mac : standard_) {
    if (!signatures.empty()) signatures += ' ';
    signatures += WebhookSignatureFromDigest(mac->Digest());
  }
  return signatures;
}

std::vector<std::string> SecretKeys(const std::string& secret) {
  std::vector<std::string> keys;
  std::size_t pos = 0;
  while (true) {
    const auto begin = secret.find_first_not_of(" \t\r\n", pos);
    if (begin == std::string::npos) break;
    pos = secret.find_first_of(" \t\r\n", begin);
    keys.push_back(secret.substr(begin, pos == std::string::npos ? pos : pos - begin));
    if (pos == std::string::npos) break;
  }
  if (keys.empty()) keys.push_back(secret);
  return keys;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) {
    hex += kHex[byte >> 4U];
    hex += kHex[byte & 0xFU];
  }
  return hex;
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  HmacSha256 mac(key);
  mac.Update(message);
  return Hex(mac.Digest());
}

std::string SignatureHeaderValue(std::string_view secret, std::string_view body) {
  HmacSha256 mac(secret);
  mac.Update(body);
  return SignatureFromDigest(mac.Digest());
}

std::optional<std::string> StandardWebhooksKey(const std::string& secret) {
  const std::string prefix = "whsec_";
  if (secret.compare(0, prefix.size(), prefix) != 0) return secret;
  return Base64Decode(secret.substr(prefix.size()));
}

std::string StandardWebhooksSignature(std::string_view key, std::string_view id,
                                      std::int64_t timestamp, std::string_view body) {
  HmacSha256 mac(key);
  AddWebhookPrefix(mac, id, timestamp);
  mac.Update(body);
  return WebhookSignatureFromDigest(mac.Digest());
}

std::string BasicAuthorization(const std::string& username, const std::string& password) {
  return "Basic " + Base64Encode(username + ":" + password);
}

namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The 6-bit value of each base64 character; -1 for the others (padding included).
constexpr std::array<signed char, 256> Base64Values() {
  std::array<signed char, 256> values{};
  for (auto& value : values) value = -1;
  for (int i = 0; i < 64; ++i)
    values[static_cast<unsigned char>(kBase64[i])] = static_cast<signed char>(i);
  return values;
}

}  // namespace

std::string Base64Encode(const std::string& bytes) {
  std::string text;
  text.reserve(4 * ((bytes.size() + 2) / 3));
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const auto left = bytes.size() - i;
    std::uint32_t group = static_cast<unsigned char>(bytes[i]) << 16U;
    if (left > 1) group |= static_cast<unsigned char>(bytes[i + 1]) << 8U;
    if (left > 2) group |= static_cast<unsigned char>(bytes[i + 2]);
    text += kBase64[(group >> 18U) & 63U];
    text += kBase64[(group >> 12U) & 63U];
    text += left > 1 ? kBase64[(group >> 6U) & 63U] : '=';
    text += left > 2 ? kBase64[group & 63U] : '=';
  }
  return text;
}

std::optional<std::string> Base64Decode(const std::string& text) {
  static constexpr auto kValues = Base64Values();
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  const auto padding = text.size() - text.find_last_not_of('=') - 1;
  if (padding > 2) return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  std::uint32_t group = 0;
  const auto digits = text.size() - padding;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int value = i < digits ? kValues[static_cast<unsigned char>(text[i])] : 0;
    if (value < 0) return std::nullopt;
    group = (group << 6U) | static_cast<std::uint32_t>(value);
    if (i % 4 == 3) {
      bytes += static_cast<char>((group >> 16U) & 0xFFU);
      bytes += static_cast<char>((group >> 8U) & 0xFFU);
      bytes += static_cast<char>(group & 0xFFU);
      group = 0;
    }
  }
  bytes.resize(bytes.size() - padding);  // the padding stands for no bytes
  return bytes;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  // Every byte is looked at, whatever the earlier ones were.
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference = static_cast<unsigned char>(difference | (a[i] ^ b[i]));
  }
  return difference == 0;
}

}  // namespace gtest_webhook
