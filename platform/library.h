#pragma once

// Shared libraries opened at run time, as the network module is (see reporter/src/net_module.h).

#include <string>

namespace gtest_webhook::platform {

/// Opens the shared library at `path` (a file name alone is looked for the system's way: the
/// caller's run path, LD_LIBRARY_PATH, the loader's cache) with every symbol bound at once, so
/// a missing one is an error here rather than a crash later, and none of its symbols visible to
/// libraries opened after it. It is never closed. nullptr, with `why`, when it cannot be opened.
void* OpenLibrary(const std::string& path, std::string& why);

/// The address of `symbol` in `library`; nullptr when it has none.
void* FindSymbol(void* library, const char* symbol);

/// The directory of the file (shared library or executable) this code was loaded from, without
/// a trailing slash; empty when it cannot be told.
std::string DirectoryOfThisCode();

}  // namespace gtest_webhook::platform
