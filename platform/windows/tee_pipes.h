// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The pipes between a test process and the copier of its output on Windows (capture.cpp), and
// what else the copier needs of the system: its record file, and the program and environment to
// start it with.

#include <windows.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/windows/handles.h"

namespace gtest_webhook::platform::windows {

/// A pipe from a test process to its copier: a named pipe of one instance, connected as it is
/// made, whose server end (the copier's) is read with overlapped reads. The client end is the
/// test process's: for output written synchronously (the C runtime writes to it as to any
/// file), for questions (`duplex`) both ways and overlapped, so that an answer is waited for a
/// bounded time. Neither end is inheritable.
struct TeePipe {
  Handle server;
  Handle client;
  /// False, with `why`, when the system cannot make one.
  bool Make(bool duplex, std::string& why);
};

/// The copier's end of a TeePipe. A one-byte read is kept pending, so that its event says when
/// something was written (or the pipe ended); ReadAvailable then takes that byte and whatever
/// else is there without waiting.
class OverlappedPipe {
 public:
  /// `pipe` is not owned; nullptr: no pipe, never open.
  explicit OverlappedPipe(HANDLE pipe);
  OverlappedPipe(const OverlappedPipe&) = delete;
  OverlappedPipe& operator=(const OverlappedPipe&) = delete;
  ~OverlappedPipe();

  HANDLE event() const { return event_.get(); }
  bool open() const { return open_; }
  /// Whether the pending read has ended: something can be read, or the pipe has ended.
  bool Signaled() const { return WaitForSingleObject(event_.get(), 0) == WAIT_OBJECT_0; }
  /// Starts the pending read, unless one is pending or the pipe has ended.
  void Arm();
  /// Appends what can be read now to `bytes`, until it holds `budget` bytes; never waits.
  void ReadAvailable(std::string& bytes, std::size_t budget);
  /// Reads exactly `size` bytes (the rest of a frame the other end writes at once) into `bytes`,
  /// waiting for them; false when the pipe ends first.
  bool ReadExactly(std::string& bytes, std::size_t size);
  /// Writes all of `bytes`; false when the pipe has ended.
  bool Write(std::string_view bytes);

 private:
  // Reads up to `size` bytes into `data`, waiting until some came; false at the pipe's end.
  bool Read(char* data, std::size_t size, DWORD& read);
  // Takes the pending read's byte, if it came (waiting for it when `wait`); false at the end.
  bool TakePending(std::string& bytes, bool wait);
  void Ended();

  HANDLE pipe_;
  Handle event_;
  OVERLAPPED overlapped_{};
  char first_ = 0;
  bool pending_ = false;
  bool open_;
};

/// The test process's side of a question: writes `question` (when not empty) to the client end
/// of a duplex TeePipe, then reads `size` bytes of the answer into `answer`, waiting at most
/// `wait_ms` for each piece; false when time runs out or the pipe has ended.
bool AskPipe(HANDLE pipe, std::string_view question, std::size_t size, DWORD wait_ms,
             std::string& answer);

/// The record file at `path`, opened to append to (never through a link, nor a device) and to
/// lock (LockWriterMark). Empty, with `why`, when it cannot be or is no regular file.
Handle OpenRecordFile(const std::string& path, std::string& why);

/// Says, for as long as this process lives, that it is the copier of a test's output, which
/// IsTeeCopier then sees (`gtest-webhook run` waits for copiers before it ends a command's tree).
void MarkAsTeeCopier();
bool IsTeeCopier(DWORD pid);

/// The file of `module` (nullptr: this program's executable); empty when it cannot be told.
std::wstring ModuleFileName(HMODULE module);

/// This process's environment as a CreateProcessW block (UTF-16), with `changes` (NAME, VALUE)
/// made: Windows compares names without case.
std::wstring EnvironmentBlockWith(const std::vector<std::pair<std::string, std::string>>& changes);

}  // namespace gtest_webhook::platform::windows
