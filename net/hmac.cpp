// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/ssl.h>

#include <stdexcept>
#include <string>

#include "net.h"

namespace gtest_webhook::net {
namespace {

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct ContextDeleter {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};

class OpenSslHmac final : public detail::Mac {
 public:
  explicit OpenSslHmac(std::string_view key)
      : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)),
        context_(mac_ != nullptr ? EVP_MAC_CTX_new(mac_.get()) : nullptr) {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (context_ == nullptr ||
        EVP_MAC_init(context_.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     params) != 1) {
      throw std::runtime_error("OpenSSL provides no HMAC-SHA256");
    }
  }

  void Update(std::string_view bytes) override {
    if (bytes.empty()) return;
    if (EVP_MAC_update(context_.get(), reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size()) != 1) {
      throw std::runtime_error("OpenSSL failed to compute an HMAC");
    }
  }

  std::string Digest() override {
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    if (EVP_MAC_final(context_.get(), digest, &length, sizeof digest) != 1) {
      throw std::runtime_error("OpenSSL failed to compute an HMAC");
    }
    return {reinterpret_cast<const char*>(digest), length};
  }

 private:
  std::unique_ptr<EVP_MAC, MacDeleter> mac_;
  std::unique_ptr<EVP_MAC_CTX, ContextDeleter> context_;
};

}  // namespace

std::unique_ptr<detail::Mac> MakeHmacSha256(std::string_view key) {
  return std::make_unique<OpenSslHmac>(key);
}

// libcurl initialises OpenSSL when the transport is made, asking for the configuration file and
// (by OpenSSL's defaults) the error strings; each is done once per process, so saying "none"
// first is what holds.
void Prepare(bool tls) {
  if (tls) return;
  OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_SSL_STRINGS |
                       OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS,
                   nullptr);
}

}  // namespace gtest_webhook::net
