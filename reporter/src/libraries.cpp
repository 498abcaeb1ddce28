#include "libraries.h"

#include <dlfcn.h>

#include <mutex>
#include <stdexcept>
#include <string>

#ifndef GTEST_WEBHOOK_LIBCURL
#define GTEST_WEBHOOK_LIBCURL "libcurl.so.4"
#endif
#define GTEST_WEBHOOK_STRINGIFY_(x) #x
#define GTEST_WEBHOOK_STRINGIFY(x) GTEST_WEBHOOK_STRINGIFY_(x)
#ifndef GTEST_WEBHOOK_LIBCRYPTO
// OpenSSL 3 names its shared library after OPENSSL_SHLIB_VERSION (libcrypto.so.3).
#define GTEST_WEBHOOK_LIBCRYPTO "libcrypto.so." GTEST_WEBHOOK_STRINGIFY(OPENSSL_SHLIB_VERSION)
#endif

namespace gtest_webhook::detail {
namespace {

// Opens `name` and resolves every symbol through `bind`; returns the loader's message on
// failure (and leaves the library loaded: it is never unloaded anyway).
template <typename Bind>
std::string Load(const char* name, Bind bind) {
  // RTLD_LOCAL: the library's symbols never interpose on the test binary's own, so a test that
  // links another OpenSSL or libcurl keeps using it.
  void* handle = ::dlopen(name, RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    return std::string("cannot load ") + name + ": " + (why != nullptr ? why : "unknown error");
  }
  std::string missing;
  const auto resolve = [&](auto& pointer, const char* symbol) {
    void* address = ::dlsym(handle, symbol);
    if (address == nullptr && missing.empty()) missing = symbol;
    // POSIX guarantees that a dlsym result converts to a function pointer.
    pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(address);
  };
  bind(resolve);
  if (!missing.empty()) return std::string("cannot use ") + name + ": it has no " + missing;
  return {};
}

}  // namespace

const CurlApi* Curl(const char** error) {
  static CurlApi api{};
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    failure = Load(GTEST_WEBHOOK_LIBCURL, [](auto resolve) {
      resolve(api.global_init, "curl_global_init");
      resolve(api.easy_init, "curl_easy_init");
      resolve(api.easy_cleanup, "curl_easy_cleanup");
      resolve(api.easy_setopt, "curl_easy_setopt");
      resolve(api.easy_perform, "curl_easy_perform");
      resolve(api.easy_getinfo, "curl_easy_getinfo");
      resolve(api.easy_strerror, "curl_easy_strerror");
      resolve(api.slist_append, "curl_slist_append");
      resolve(api.slist_free_all, "curl_slist_free_all");
      resolve(api.getdate, "curl_getdate");
    });
    // Never paired with curl_global_cleanup: that would be work in a destructor or atexit
    // handler, which death-test children run.
    if (failure.empty() && api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      failure = "libcurl could not be initialised";
    }
  });
  if (!failure.empty()) {
    if (error != nullptr) *error = failure.c_str();
    return nullptr;
  }
  return &api;
}

const CryptoApi& Crypto() {
  static CryptoApi api{};
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    failure = Load(GTEST_WEBHOOK_LIBCRYPTO, [](auto resolve) {
      resolve(api.mac_fetch, "EVP_MAC_fetch");
      resolve(api.mac_free, "EVP_MAC_free");
      resolve(api.mac_ctx_new, "EVP_MAC_CTX_new");
      resolve(api.mac_ctx_free, "EVP_MAC_CTX_free");
      resolve(api.mac_init, "EVP_MAC_init");
      resolve(api.mac_update, "EVP_MAC_update");
      resolve(api.mac_final, "EVP_MAC_final");
      resolve(api.param_utf8_string, "OSSL_PARAM_construct_utf8_string");
      resolve(api.param_end, "OSSL_PARAM_construct_end");
      resolve(api.encode_block, "EVP_EncodeBlock");
      resolve(api.decode_block, "EVP_DecodeBlock");
      resolve(api.crypto_memcmp, "CRYPTO_memcmp");
      resolve(api.sha256, "SHA256");
    });
  });
  if (!failure.empty()) throw std::runtime_error(failure);
  return api;
}

}  // namespace gtest_webhook::detail
