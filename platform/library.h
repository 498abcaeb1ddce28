// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Shared libraries opened at run time, as the network module is (see
// reporter/src/deliver/net/net_module.h).

#include <string>
#include <vector>

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

/// The run paths (RUNPATH, else RPATH) of the program and of the file this code was loaded from,
/// `$ORIGIN` expanded, in that order: where the loader looks for their own libraries. A library
/// opened by file name alone is looked for in the run path of the caller of dlopen, which a
/// sanitizer's interceptor replaces with its own; looking in these directories first finds it
/// the way the program's own libraries are found.
std::vector<std::string> RunPaths();

}  // namespace gtest_webhook::platform
