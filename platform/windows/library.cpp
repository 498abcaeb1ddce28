// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/library.h"

#include <windows.h>

#include <algorithm>

#include "platform/windows/tee_pipes.h"
#include "platform/windows/text.h"

namespace gtest_webhook::platform {

void* OpenLibrary(const std::string& path, std::string& why) {
  // A path: the library's own dependencies are looked for beside it first (which needs
  // backslashes); a file name alone: the system's order (the program's directory, the system's,
  // PATH).
  std::string native = path;
  std::replace(native.begin(), native.end(), '/', '\\');
  const bool has_directory = native.find('\\') != std::string::npos;
  HMODULE library = LoadLibraryExW(windows::Wide(native).c_str(), nullptr,
                                   has_directory ? LOAD_WITH_ALTERED_SEARCH_PATH : 0);
  if (library == nullptr) why = windows::ErrorText(GetLastError());
  return reinterpret_cast<void*>(library);
}

void* FindSymbol(void* library, const char* symbol) {
  return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(library), symbol));
}

std::string DirectoryOfThisCode() {
  HMODULE module = nullptr;
  // Any function of this file will do: it is in the same file as every other of ours.
  if (!GetModuleHandleExW(
          GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
          reinterpret_cast<LPCWSTR>(&DirectoryOfThisCode), &module)) {
    return {};
  }
  const auto path = windows::Narrow(windows::ModuleFileName(module));
  const auto slash = path.find_last_of("\\/");
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Windows has no run paths: the loader looks in the program's directory, the system's and PATH,
// which a file name alone already asks for.
std::vector<std::string> RunPaths() { return {}; }

}  // namespace gtest_webhook::platform
