// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What the copying process of an OutputTee does with what it reads, the same on every system:
// every byte to the console, each test's bytes to the observer in the order of the marks, and
// the answers to the test process's questions. Each system reads its own pipes (read(2) and
// poll; overlapped ReadFile) and gives a pass of reads to TeeCopy.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "platform/capture.h"

namespace gtest_webhook::platform {

/// What one pass reads of stdout at most (and twice that of stderr): the pipes' size, so that a
/// full pipe is emptied by one read, which wakes a test waiting to write once, not once per
/// piece. When the copier and the test share a processor, that is a few switches between them
/// per MiB instead of a few dozen.
inline constexpr std::size_t kTeePass = 1U << 20U;
/// What the copier still reads once the test process has ended, from children that kept the
/// pipes and go on writing: enough for any last words, never a wait without end.
inline constexpr std::size_t kTeeLastReadBudget = 64U << 20U;
/// The question that gives the copier its record file: this prefix, then the file's path. Its
/// first byte is one that no observer's question starts with.
inline constexpr std::string_view kRecordQuestion = "\x01record ";
/// The question Sync asks (framed): one no observer knows, whose answer is empty.
inline constexpr char kSyncFrame[] = {4, 0, 0, 0, 's', 'y', 'n', 'c'};

/// A frame's 4-byte length (little-endian), and the length a frame starts with.
std::string FrameLength(std::size_t size);
std::size_t FrameLengthOf(const char* bytes);
/// A new mark token: a zero byte, then random bytes that are not zero (see MarkScanner).
std::string RandomMarkToken();

/// The copier's work between its reads: one per copying process, fed by that system's reads.
class TeeCopy {
 public:
  /// Writes `bytes` to the original `stream` (1, 2); false once that is gone.
  using Console = std::function<bool(int stream, std::string_view bytes)>;
  /// Opens the record file a tee started without one: empty, or why it cannot.
  using OpenRecord = std::function<std::string(const std::string& path)>;

  TeeCopy(std::unique_ptr<TeeObserver> observer, const std::string& token, Console console)
      : observer_(std::move(observer)), streams_(token), console_(std::move(console)) {}

  /// One pass: what was read of stderr and stdout (stderr read before and after stdout, so that
  /// what it held before a mark read on stdout is there), `out_open`/`err_open` false once that
  /// stream has ended. Gives the bytes to the console and the observer in the order of the marks
  /// between them, so that no test gets what another wrote (see MarkedStreams). False when
  /// nothing was read.
  bool Take(std::string_view out, std::string_view err, bool out_open, bool err_open);
  /// The answer to one question, asked after everything before it was read.
  std::string Answer(const std::string& question, const OpenRecord& open_record);
  /// The test process has ended and everything it wrote is read: what is held back goes out,
  /// and the result is what to append to the record file.
  std::string Finish();

 private:
  void Forward(int stream, std::string_view bytes, std::uint32_t number);

  std::unique_ptr<TeeObserver> observer_;
  MarkedStreams streams_;
  Console console_;
  std::uint32_t marked_ = 0;
  bool console_open_[2] = {true, true};
};

}  // namespace gtest_webhook::platform
