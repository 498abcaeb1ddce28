// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What the POSIX files of the platform layer share about file descriptors: bounded reads,
// writes that never block for long, and words for what a file is.

#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/common/reading.h"
#include "platform/files.h"

namespace gtest_webhook::platform::posix {

/// Reads `fd` a piece at a time, for ReadBounded and HoldsAny.
ReadPiece PieceReader(int fd);

/// Reads `fd` to its end into `bytes`, at most `limit` bytes; false, with `why`, when it holds
/// more (unless `partial`: then the first `limit` bytes are enough) or a read fails.
bool ReadAtMost(int fd, std::uint64_t limit, std::string& bytes, std::string& why,
                bool partial = false);

/// Writes all of `bytes` to `fd`. On a non-blocking descriptor (a pipe, FIFO or terminal) it
/// waits at most `wait` in all for room; empty, or what went wrong.
std::string WriteAll(int fd, std::string_view bytes, std::chrono::milliseconds wait);

/// "a FIFO", "a directory", "a character device" …: what a file of `mode` is, for messages.
std::string KindOf(mode_t mode);

/// Why a file of `info` is not read as a regular one of at most `limit` bytes; empty when it is.
std::string NotReadable(const struct stat& info, std::uint64_t limit);

/// The permission bits of a new file, or directory, that `access` may read.
mode_t FileMode(Access access);
mode_t DirectoryMode(Access access);

/// Sets FD_CLOEXEC and O_NONBLOCK (or clears O_NONBLOCK when `nonblocking` is false).
void SetBlocking(int fd, bool nonblocking);

}  // namespace gtest_webhook::platform::posix
