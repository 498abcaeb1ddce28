// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What the Windows files of the platform layer share about files: handles that close
// themselves, opening without following a reparse point (a symbolic link or a junction), what a
// file is, bounded reads and writes, and the access lists that stand in for mode bits.

#include <windows.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/common/reading.h"
#include "platform/files.h"

namespace gtest_webhook::platform::windows {

/// A HANDLE, closed when the object goes. Empty for nullptr and INVALID_HANDLE_VALUE alike.
class Handle {
 public:
  Handle() = default;
  explicit Handle(HANDLE handle) : handle_(handle == INVALID_HANDLE_VALUE ? nullptr : handle) {}
  Handle(Handle&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      Close();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { Close(); }

  HANDLE get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }
  HANDLE release() { return std::exchange(handle_, nullptr); }
  void Close() {
    if (handle_ != nullptr) CloseHandle(std::exchange(handle_, nullptr));
  }

 private:
  HANDLE handle_ = nullptr;
};

/// The system's words for GetLastError() now.
std::string LastError();

/// What is at a path, or behind a handle.
enum class Kind { kMissing, kFile, kDirectory, kLink, kDevice, kPipe, kOther };

/// "a directory", "a symbolic link or junction" …, for messages.
std::string KindWords(Kind kind);

/// What is at `path`, a reparse point at its last component not followed.
Kind KindAt(const std::string& path);

/// What `handle` is (opened with FILE_FLAG_OPEN_REPARSE_POINT, a link is kLink).
Kind KindOf(HANDLE handle);

/// Whether `path` names a device rather than a file (`NUL`, `CON`, `COM1`, `\\.\pipe\x`):
/// opening one may do something of its own, so it is looked at by name first.
bool IsDeviceName(const std::string& path);

/// Opens `path` for `access`, sharing everything (a reader never keeps a writer from replacing
/// or removing the file), never following a reparse point at its last component unless
/// `follow`. An empty Handle, with `why`, when it cannot.
Handle OpenFile(const std::string& path, DWORD access, DWORD disposition, bool follow,
                std::string& why, DWORD flags = 0);

/// Reads `handle` a piece at a time, for ReadBounded and HoldsAny.
ReadPiece PieceReader(HANDLE handle);

/// Writes all of `bytes` to `handle`; empty, or what went wrong.
std::string WriteAll(HANDLE handle, std::string_view bytes);

/// The size of the file behind `handle`; -1 when it has none.
std::int64_t SizeOf(HANDLE handle);

/// Security attributes that give `access`: for kPrivate, an access list of this user (and the
/// system) only, inherited by nothing else; for kShared, nullptr (what the parent passes on).
SECURITY_ATTRIBUTES* AttributesFor(Access access);

/// Why the directory behind `handle` is not trusted for `use` (its owner, and who its access
/// list lets write in it); empty when it is.
std::string Untrusted(HANDLE handle, DirectoryUse use);

/// Takes (`flags`: 0 shared, LOCKFILE_EXCLUSIVE_LOCK) the lock that says a file is being
/// written (IsBeingWritten), without waiting: on one byte far past any data, since a locked range
/// cannot be read by others on Windows. UnlockWriterMark gives it back.
bool LockWriterMark(HANDLE file, DWORD flags);
void UnlockWriterMark(HANDLE file);

/// The handles a new process inherits, and only these (PROC_THREAD_ATTRIBUTE_HANDLE_LIST, so
/// that nothing else this process has leaks into it): each is duplicated as inheritable, and the
/// duplicates close with this object.
class InheritedHandles {
 public:
  /// The value `handle` has in the new process; `handle` itself (not inherited) when it cannot
  /// be duplicated or is none.
  HANDLE Add(HANDLE handle);
  /// Gives `startup` the list; false, with `why`, when the system cannot. Whether to inherit
  /// handles at all (CreateProcess's bInheritHandles) is inherit().
  bool Attach(STARTUPINFOEXW& startup, std::string& why);
  BOOL inherit() const { return values_.empty() ? FALSE : TRUE; }
  InheritedHandles() = default;
  InheritedHandles(const InheritedHandles&) = delete;
  InheritedHandles& operator=(const InheritedHandles&) = delete;
  ~InheritedHandles();

 private:
  std::vector<std::pair<HANDLE, Handle>> duplicates_;  // (original, inheritable duplicate)
  std::vector<HANDLE> values_;  // the duplicates as one array, which the attribute list points to
  std::vector<char> attributes_;
};

/// A name no other writer picks, for a temporary file beside `name`.
std::string TemporaryName(const std::string& name);

/// Renames `from` over `to`, retrying briefly while another process (a virus scanner, a reader
/// that did not share deletion) holds `to`; empty, or what went wrong.
std::string ReplaceFile(const std::string& from, const std::string& to);

}  // namespace gtest_webhook::platform::windows
