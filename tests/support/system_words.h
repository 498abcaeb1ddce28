// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The system's words for what is missing, and a device that is not a file, as the platform
// layer's messages give them, and the names of its shared libraries: for tests that run on
// every system.

namespace gtest_webhook::testing {

#ifdef _WIN32
constexpr const char* kNoSuchFile = "File not found";
constexpr const char* kNoSuchPath = "Path not found (error 3)";
constexpr const char* kDevice = "NUL";
constexpr const char* kNotAFile = "(it names a device, which is not opened, not a regular file)";
constexpr const char* kNoSuchModule = "(error 126)";  // ERROR_MOD_NOT_FOUND, in the system's words
constexpr const char* kSomeLibrary = "kernel32.dll";  // a library that is not ours
constexpr const char* kNetModuleFile = "gtest_webhook_net-0.dll";
#else  // glibc's words and Linux's names (macOS's tests are built here, not run)
constexpr const char* kNoSuchFile = "No such file";
constexpr const char* kNoSuchPath = "No such file or directory";
constexpr const char* kDevice = "/dev/zero";
constexpr const char* kNotAFile = "(it is a character device, not a regular file)";
constexpr const char* kNoSuchModule = "cannot open shared object file";
constexpr const char* kSomeLibrary = "libpugixml.so.1";
constexpr const char* kNetModuleFile = "libgtest_webhook_net.so";
#endif

}  // namespace gtest_webhook::testing
