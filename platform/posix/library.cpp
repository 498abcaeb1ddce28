// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/library.h"

#include <dlfcn.h>
#include <unistd.h>

namespace gtest_webhook::platform {

void* OpenLibrary(const std::string& path, std::string& why) {
  // RTLD_LOCAL: the library's symbols never interpose on the program's own, so a test binary
  // that links another libcurl or OpenSSL keeps using its own.
  void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* message = ::dlerror();
    why = message != nullptr ? message : "the loader gave no reason";
  }
  return library;
}

void* FindSymbol(void* library, const char* symbol) { return ::dlsym(library, symbol); }

std::string DirectoryOfThisCode() {
  ::Dl_info info{};
  // Any function of this file will do: it is in the same file as every other of ours.
  if (::dladdr(reinterpret_cast<void*>(&DirectoryOfThisCode), &info) == 0 ||
      info.dli_fname == nullptr) {
    return {};
  }
  const std::string file = info.dli_fname;
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? std::string() : file.substr(0, slash);
}

}  // namespace gtest_webhook::platform
