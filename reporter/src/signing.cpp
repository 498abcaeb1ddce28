#include "gtest_webhook/signing.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <algorithm>

namespace gtest_webhook {
namespace {

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

// Only if OpenSSL's MAC provider is unavailable: the one-shot HMAC over a copy.
std::string HmacSha256Fallback(std::string_view key, const std::string& content) {
  return "v1," + Base64Encode(HmacSha256(key, content));
}

}  // namespace

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char byte : HmacSha256(key, message)) {
    hex += kHex[byte >> 4U];
    hex += kHex[byte & 0xFU];
  }
  return hex;
}

std::string SignatureHeaderValue(std::string_view secret, std::string_view body) {
  return "sha256=" + HmacSha256Hex(secret, body);
}

std::optional<std::string> StandardWebhooksKey(const std::string& secret) {
  const std::string prefix = "whsec_";
  if (secret.compare(0, prefix.size(), prefix) != 0) return secret;
  return Base64Decode(secret.substr(prefix.size()));
}

std::string StandardWebhooksSignature(std::string_view key, std::string_view id,
                                      std::int64_t timestamp, std::string_view body) {
  // HMAC over "id.timestamp.body" in three updates: the body is never copied.
  const std::string prefix = std::string(id) + "." + std::to_string(timestamp) + ".";
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* context = mac != nullptr ? EVP_MAC_CTX_new(mac) : nullptr;
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0), OSSL_PARAM_END};
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  const bool ok = context != nullptr &&
                  EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()),
                               key.size(), params) == 1 &&
                  EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(prefix.data()),
                                 prefix.size()) == 1 &&
                  EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(body.data()),
                                 body.size()) == 1 &&
                  EVP_MAC_final(context, digest, &length, sizeof digest) == 1;
  EVP_MAC_CTX_free(context);
  EVP_MAC_free(mac);
  if (!ok) return HmacSha256Fallback(key, prefix + std::string(body));
  return "v1," + Base64Encode(std::string(reinterpret_cast<const char*>(digest), length));
}

std::string BasicAuthorization(const std::string& username, const std::string& password) {
  return "Basic " + Base64Encode(username + ":" + password);
}

std::string Base64Encode(const std::string& bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
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
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                     reinterpret_cast<const unsigned char*>(text.data()),
                                     static_cast<int>(text.size()));
  if (length < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  bytes.resize(static_cast<std::size_t>(length) - padding);
  return bytes;
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gtest_webhook
