#include "gtest_webhook/signing.h"

#include <openssl/core_names.h>

#include <algorithm>
#include <stdexcept>

#include "libraries.h"

namespace gtest_webhook {

HmacSha256::HmacSha256(std::string_view key) {
  const auto& crypto = detail::Crypto();
  auto* mac = crypto.mac_fetch(nullptr, "HMAC", nullptr);
  auto* context = mac != nullptr ? crypto.mac_ctx_new(mac) : nullptr;
  mac_ = mac;
  context_ = context;
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {crypto.param_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                               crypto.param_end()};
  if (context == nullptr ||
      crypto.mac_init(context, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                      params) != 1) {
    crypto.mac_ctx_free(context);
    crypto.mac_free(mac);
    throw std::runtime_error("OpenSSL provides no HMAC-SHA256");
  }
}

HmacSha256::~HmacSha256() {
  const auto& crypto = detail::Crypto();
  crypto.mac_ctx_free(static_cast<EVP_MAC_CTX*>(context_));
  crypto.mac_free(static_cast<EVP_MAC*>(mac_));
}

void HmacSha256::Update(std::string_view bytes) {
  if (bytes.empty()) return;
  if (detail::Crypto().mac_update(static_cast<EVP_MAC_CTX*>(context_),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  bytes.size()) != 1) {
    throw std::runtime_error("OpenSSL failed to compute an HMAC");
  }
}

std::string HmacSha256::Digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  if (detail::Crypto().mac_final(static_cast<EVP_MAC_CTX*>(context_), digest, &length,
                                 sizeof digest) != 1) {
    throw std::runtime_error("OpenSSL failed to compute an HMAC");
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

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
    // Configuration refuses a whsec_ secret that is not base64, so the key is always there.
    : plain_(secret), standard_(StandardWebhooksKey(secret).value_or(secret)) {
  AddWebhookPrefix(standard_, id, timestamp);
}

void DeliverySigner::Update(std::string_view piece) {
  plain_.Update(piece);
  standard_.Update(piece);
}

std::string DeliverySigner::Signature() { return SignatureFromDigest(plain_.Digest()); }

std::string DeliverySigner::WebhookSignature() {
  return WebhookSignatureFromDigest(standard_.Digest());
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

std::string Base64Encode(const std::string& bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length = detail::Crypto().encode_block(
      reinterpret_cast<unsigned char*>(text.data()),
      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(length));
  return text;
}

std::optional<std::string> Base64Decode(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  const auto padding = text.size() - text.find_last_not_of('=') - 1;
  if (padding > 2) return std::nullopt;
  if (!std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(padding),
                   [](char c) { return kAlphabet.find(c) != std::string::npos; })) {
    return std::nullopt;
  }
  std::string bytes(text.size() / 4 * 3, '\0');
  const int length = detail::Crypto().decode_block(
      reinterpret_cast<unsigned char*>(bytes.data()),
      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (length < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  bytes.resize(static_cast<std::size_t>(length) - padding);
  return bytes;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && detail::Crypto().crypto_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gtest_webhook
