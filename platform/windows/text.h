// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Windows speaks UTF-16 and numbers its errors; gtest-webhook speaks UTF-8 and words. Shared by
// platform/windows and the network module's Windows files.

#include <string>

namespace gtest_webhook::platform::windows {

/// `text` (UTF-8) as UTF-16, for the system's wide functions.
std::wstring Wide(const std::string& text);

/// `wide` (UTF-16) as UTF-8.
std::string Narrow(const std::wstring& wide);

/// The system's words for error `code` (of GetLastError), with its number: "The specified module
/// could not be found (error 126)". `module` is the file whose messages to look in first (such
/// as "winhttp.dll"), or nullptr for the system's.
std::string ErrorText(unsigned long code, const wchar_t* module = nullptr);

}  // namespace gtest_webhook::platform::windows
