// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Directories on Windows (docs/platforms.md). Windows has no openat: a Directory holds a handle
// to its directory that does not share deletion, so that neither it nor any directory above it
// can be renamed, removed or replaced by a link while it lives, and names in it are opened by
// their paths with FILE_FLAG_OPEN_REPARSE_POINT, so that a symbolic link or junction where our
// file should be is seen, never followed. Its access list stands in for mode bits.

#include <chrono>
#include <thread>

#include "platform/files.h"
#include "platform/windows/handles.h"
#include "platform/windows/text.h"

namespace gtest_webhook::platform {
namespace {

using Clock = std::chrono::steady_clock;
using windows::Handle;
using windows::Kind;

// Opens the directory at `path` to hold it: listed, its access list read, never renamed or
// removed meanwhile. A link at its last component is followed only when `follow`.
Handle HoldDirectory(const std::string& path, bool follow, std::string& why) {
  Handle handle(CreateFileW(
      windows::Wide(path).c_str(), FILE_LIST_DIRECTORY | READ_CONTROL | SYNCHRONIZE,
      FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
      FILE_FLAG_BACKUP_SEMANTICS | (follow ? 0 : static_cast<DWORD>(FILE_FLAG_OPEN_REPARSE_POINT)),
      nullptr));
  if (!handle) {
    why = windows::LastError();
  } else if (const auto kind = windows::KindOf(handle.get()); kind != Kind::kDirectory) {
    why = "it is " + windows::KindWords(kind) + ", not a directory";
    handle.Close();
  }
  return handle;
}

// Removes `path`, a file or a link (to a directory too); false when it cannot.
bool RemoveEntry(const std::string& path) {
  const auto wide = windows::Wide(path);
  if (DeleteFileW(wide.c_str()) || GetLastError() == ERROR_FILE_NOT_FOUND) return true;
  const DWORD attributes = GetFileAttributesW(wide.c_str());
  return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0 &&
         RemoveDirectoryW(wide.c_str());
}

// Removes what stands where our own file or directory should be, a symbolic link, a junction or
// a device name, with a note; false when there is nothing of that sort to remove.
bool RemoveStranger(const std::string& path, std::vector<std::string>& notes) {
  const auto kind = windows::KindAt(path);
  if (kind != Kind::kLink && kind != Kind::kOther) return false;
  if (!RemoveEntry(path)) return false;
  notes.push_back("'" + path + "' was " + windows::KindWords(kind) +
                  "; it was removed, not followed");
  return true;
}

}  // namespace

std::unique_ptr<Directory> Directory::Open(const std::string& path, DirectoryUse use,
                                           std::string& why) {
  const auto access = use == DirectoryUse::kPrivate ? Access::kPrivate : Access::kShared;
  if (!MakeDirectories(path, access, why)) return nullptr;
  auto handle = HoldDirectory(path, true, why);
  if (!handle) return nullptr;
  why = windows::Untrusted(handle.get(), use);
  if (!why.empty()) return nullptr;
  std::unique_ptr<Directory> directory(new Directory());
  directory->path_ = path;
  directory->fd_ = handle.release();
  return directory;
}

Directory::~Directory() {
  if (fd_ != kNoFile) CloseHandle(fd_);
}

std::unique_ptr<Directory> Directory::Child(const std::string& name, bool create, std::string& why,
                                            std::vector<std::string>& notes) const {
  const auto path = PathOf(name);
  auto kind = windows::KindAt(path);
  if (create && (kind == Kind::kMissing || RemoveStranger(path, notes))) {
    if (!CreateDirectoryW(windows::Wide(path).c_str(), windows::AttributesFor(Access::kPrivate)) &&
        GetLastError() != ERROR_ALREADY_EXISTS) {
      why = "cannot create '" + path + "' (" + windows::LastError() + ")";
      return nullptr;
    }
    kind = windows::KindAt(path);
  }
  if (kind == Kind::kMissing) {
    why.clear();
    return nullptr;
  }
  if (kind != Kind::kDirectory) {
    why = "'" + path + "' is " + windows::KindWords(kind) + ", not a directory";
    return nullptr;
  }
  std::string reason;
  auto handle = HoldDirectory(path, false, reason);
  if (!handle) {
    why = "cannot open '" + path + "' (" + reason + ")";
    return nullptr;
  }
  std::unique_ptr<Directory> child(new Directory());
  child->path_ = path;
  child->fd_ = handle.release();
  return child;
}

NativeFile Directory::OpenRegular(const std::string& name, std::uint64_t limit, std::string& why,
                                  ReadOutcome& outcome, std::uint64_t& size) const {
  outcome = ReadOutcome::kRefused;
  const auto path = PathOf(name);
  if (windows::IsDeviceName(name)) {
    why = "it names a device, which is not opened, not a regular file";
    return kNoFile;
  }
  auto handle = windows::OpenFile(path, GENERIC_READ, OPEN_EXISTING, false, why);
  if (!handle) {
    const auto error = GetLastError();
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) {
      outcome = ReadOutcome::kMissing;
    }
    return kNoFile;
  }
  const auto kind = windows::KindOf(handle.get());
  if (kind == Kind::kLink) {
    why = "it is a symbolic link or junction, which is not followed";
    return kNoFile;
  }
  if (kind != Kind::kFile) {
    why = "it is " + windows::KindWords(kind) + ", not a regular file";
    return kNoFile;
  }
  size = static_cast<std::uint64_t>(windows::SizeOf(handle.get()));
  why = TooLarge(size, limit);
  if (!why.empty()) return kNoFile;
  outcome = ReadOutcome::kRead;
  return handle.release();
}

ReadOutcome Directory::Read(const std::string& name, std::uint64_t limit, std::string& bytes,
                            std::string& why) const {
  ReadOutcome outcome{};
  std::uint64_t size = 0;
  const Handle handle(OpenRegular(name, limit, why, outcome, size));
  if (!handle) return outcome;
  return ReadBounded(windows::PieceReader(handle.get()), limit, bytes, why) ? ReadOutcome::kRead
                                                                            : ReadOutcome::kRefused;
}

ReadOutcome Directory::ReadStart(const std::string& name, std::uint64_t count, std::string& bytes,
                                 std::uint64_t& size, std::string& why) const {
  ReadOutcome outcome{};
  const Handle handle(OpenRegular(name, UINT64_MAX, why, outcome, size));
  if (!handle) return outcome;
  return ReadBounded(windows::PieceReader(handle.get()), count, bytes, why, true)
             ? ReadOutcome::kRead
             : ReadOutcome::kRefused;
}

std::unique_ptr<FileWriter> Directory::Write(const std::string& name, Access access,
                                             std::string& why) const {
  std::unique_ptr<FileWriter> writer(new FileWriter());
  writer->path_ = PathOf(name);
  writer->temp_ = PathOf(windows::TemporaryName(name));
  Handle handle(CreateFileW(windows::Wide(writer->temp_).c_str(), GENERIC_WRITE, 0,
                            windows::AttributesFor(access), CREATE_NEW,
                            FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
  if (!handle) {
    why = windows::LastError();
    writer->temp_.clear();
    return nullptr;
  }
  writer->fd_ = handle.release();
  return writer;
}

std::unique_ptr<FileLock> Directory::Lock(const std::string& name, Clock::time_point deadline,
                                          std::string& why, std::vector<std::string>& notes) const {
  const auto path = PathOf(name);
  Handle handle;
  for (int repairs = 0; !handle;) {
    handle = windows::OpenFile(path, GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS, false, why);
    if (handle && windows::KindOf(handle.get()) == Kind::kFile) break;
    handle.Close();
    // A symbolic link (or a device …) where the lock file goes: removed, never followed, and
    // tried again whatever the deadline (a few times: one that keeps coming back is refused).
    if (++repairs > 3 || !RemoveStranger(path, notes)) {
      if (why.empty()) why = "it is not a regular file";
      return nullptr;
    }
  }
  while (true) {
    OVERLAPPED whole{};
    if (LockFileEx(handle.get(), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD,
                   MAXDWORD, &whole)) {
      break;
    }
    if (Clock::now() >= deadline) {
      why = "another process held it until the deadline";
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::unique_ptr<FileLock> lock(new FileLock());
  lock->name_ = path;
  lock->fd_ = handle.release();
  return lock;
}

bool Directory::List(std::vector<std::string>& names, std::string& why) const {
  WIN32_FIND_DATAW entry{};
  const auto pattern = windows::Wide(path_ + "\\*");
  HANDLE search =
      FindFirstFileExW(pattern.c_str(), FindExInfoBasic, &entry, FindExSearchNameMatch, nullptr, 0);
  if (search == INVALID_HANDLE_VALUE) {
    why = windows::LastError();
    return false;
  }
  do {
    const auto name = windows::Narrow(entry.cFileName);
    if (name != "." && name != "..") names.push_back(name);
  } while (FindNextFileW(search, &entry));
  const auto error = GetLastError();
  FindClose(search);
  if (error == ERROR_NO_MORE_FILES) return true;
  why = windows::ErrorText(error);
  return false;
}

bool Directory::IsDirectory(const std::string& name) const {
  return windows::KindAt(PathOf(name)) == Kind::kDirectory;
}

bool Directory::Remove(const std::string& name, std::string& why) const {
  if (RemoveEntry(PathOf(name))) return true;
  why = windows::LastError();
  return false;
}

bool Directory::Rename(const std::string& from, const std::string& to, std::string& why) const {
  why = windows::ReplaceFile(PathOf(from), PathOf(to));
  return why.empty();
}

std::int64_t Directory::SizeOf(const std::string& name) const {
  WIN32_FILE_ATTRIBUTE_DATA data{};
  if (!GetFileAttributesExW(windows::Wide(PathOf(name)).c_str(), GetFileExInfoStandard, &data) ||
      (data.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) != 0) {
    return -1;
  }
  return static_cast<std::int64_t>((std::uint64_t{data.nFileSizeHigh} << 32U) | data.nFileSizeLow);
}

FileLock::~FileLock() {
  // Closing the handle drops the lock. The lock file stays: a file that a waiting process holds
  // open cannot be removed at once on Windows, and one that stays is simply locked again.
  CloseHandle(fd_);
}

}  // namespace gtest_webhook::platform
