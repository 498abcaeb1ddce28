// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Capturing a test's output on Windows is not built yet (docs/platforms.md): Windows has no
// fork, so the copier that outlives a crash must be a process started afresh, and the observer
// must be rebuilt there from what it is given rather than inherited. Until then OutputTee::Start
// says so, and reports say what failed without the output, as they do when capture is off.

#include "platform/capture.h"

#include <windows.h>

namespace gtest_webhook::platform {

bool StandardStreamIsTerminal() {
  for (const DWORD stream : {STD_OUTPUT_HANDLE, STD_ERROR_HANDLE}) {
    DWORD mode = 0;
    if (GetConsoleMode(GetStdHandle(stream), &mode)) return true;
  }
  return false;
}

std::unique_ptr<OutputTee> OutputTee::Start(TeeObserver& /*observer*/,
                                            const std::string& /*record_file*/, std::string& why) {
  why = "capturing output is not built for Windows yet";
  return nullptr;
}

// No OutputTee exists on Windows (Start makes none): these are never called.
OutputTee::~OutputTee() = default;
bool OutputTee::SetRecordFile(const std::string& /*record_file*/, std::string& why) {
  why = "capturing output is not built for Windows yet";
  return false;
}
void OutputTee::Stop() {}
void OutputTee::Mark(std::uint32_t /*number*/) {}
void OutputTee::Sync() {}
std::optional<std::string> OutputTee::Ask(std::string_view /*question*/,
                                          std::chrono::milliseconds /*wait*/) {
  return std::nullopt;
}

}  // namespace gtest_webhook::platform
