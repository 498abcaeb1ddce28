#pragma once

// libcurl and libcrypto are loaded on first use, not at program start: a test binary linked
// with gtest-webhook but not configured to report must not pay for mapping and relocating
// libcurl and its ~30 dependencies (about 6 MiB of resident memory and 10-15 ms per run).
// The function pointer types come from the libraries' own headers, so a mismatch with the
// declarations is a compile error.

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>

namespace gtest_webhook::detail {

/// The libcurl functions the transport calls.
struct CurlApi {
  decltype(&curl_global_init) global_init;
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_perform) easy_perform;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
  decltype(&curl_getdate) getdate;
};

/// The libcrypto functions signing, base64 and state file names call.
struct CryptoApi {
  decltype(&EVP_MAC_fetch) mac_fetch;
  decltype(&EVP_MAC_free) mac_free;
  decltype(&EVP_MAC_CTX_new) mac_ctx_new;
  decltype(&EVP_MAC_CTX_free) mac_ctx_free;
  decltype(&EVP_MAC_init) mac_init;
  decltype(&EVP_MAC_update) mac_update;
  decltype(&EVP_MAC_final) mac_final;
  decltype(&OSSL_PARAM_construct_utf8_string) param_utf8_string;
  decltype(&OSSL_PARAM_construct_end) param_end;
  decltype(&EVP_EncodeBlock) encode_block;
  decltype(&EVP_DecodeBlock) decode_block;
  decltype(&CRYPTO_memcmp) crypto_memcmp;
  decltype(&SHA256) sha256;
};

/// libcurl, loaded and globally initialised once; nullptr when it cannot be loaded, with
/// `*error` saying why (library name and the loader's message).
const CurlApi* Curl(const char** error);

/// libcrypto, loaded once. Throws std::runtime_error naming the library when it cannot be
/// loaded, which the callers report as a failed delivery or a configuration problem.
const CryptoApi& Crypto();

}  // namespace gtest_webhook::detail
