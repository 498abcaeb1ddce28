// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// HMAC-SHA256 on Windows from BCrypt (Cryptography API: Next Generation), the system's own.

#include <windows.h>
// windows.h first: bcrypt.h uses its types.
#include <bcrypt.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "net.h"

namespace gtest_webhook::net {
namespace {

bool Succeeded(NTSTATUS status) { return status >= 0; }

// The provider, opened once per process and never closed (closing it would be work at exit).
BCRYPT_ALG_HANDLE Provider() {
  static const BCRYPT_ALG_HANDLE provider = [] {
    BCRYPT_ALG_HANDLE opened = nullptr;
    if (!Succeeded(BCryptOpenAlgorithmProvider(&opened, BCRYPT_SHA256_ALGORITHM, nullptr,
                                               BCRYPT_ALG_HANDLE_HMAC_FLAG))) {
      return BCRYPT_ALG_HANDLE{nullptr};
    }
    return opened;
  }();
  if (provider == nullptr) throw std::runtime_error("BCrypt provides no HMAC-SHA256");
  return provider;
}

class BcryptHmac final : public detail::Mac {
 public:
  explicit BcryptHmac(std::string_view key) {
    // BCrypt takes the key as it is; a key longer than a block is hashed first, as HMAC asks.
    auto* bytes = reinterpret_cast<PUCHAR>(const_cast<char*>(key.data()));
    if (!Succeeded(BCryptCreateHash(Provider(), &hash_, nullptr, 0, bytes,
                                    static_cast<ULONG>(key.size()), 0))) {
      throw std::runtime_error("BCrypt provides no HMAC-SHA256");
    }
  }
  ~BcryptHmac() override { BCryptDestroyHash(hash_); }
  BcryptHmac(const BcryptHmac&) = delete;
  BcryptHmac& operator=(const BcryptHmac&) = delete;

  void Update(std::string_view bytes) override {
    while (!bytes.empty()) {
      const auto piece = static_cast<ULONG>(std::min<std::size_t>(bytes.size(), 1U << 30U));
      auto* data = reinterpret_cast<PUCHAR>(const_cast<char*>(bytes.data()));
      if (!Succeeded(BCryptHashData(hash_, data, piece, 0))) {
        throw std::runtime_error("BCrypt failed to compute an HMAC");
      }
      bytes.remove_prefix(piece);
    }
  }

  std::string Digest() override {
    std::string digest(32, '\0');
    if (!Succeeded(BCryptFinishHash(hash_, reinterpret_cast<PUCHAR>(digest.data()),
                                    static_cast<ULONG>(digest.size()), 0))) {
      throw std::runtime_error("BCrypt failed to compute an HMAC");
    }
    return digest;
  }

 private:
  BCRYPT_HASH_HANDLE hash_ = nullptr;
};

}  // namespace

std::unique_ptr<detail::Mac> MakeHmacSha256(std::string_view key) {
  return std::make_unique<BcryptHmac>(key);
}

// WinHTTP and BCrypt read no configuration and hold no strings to skip.
void Prepare(bool /*tls*/) {}

}  // namespace gtest_webhook::net
