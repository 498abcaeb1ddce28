// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// AppendFile on Windows: records appended into a view of a file mapping, whose pages the system
// writes to the file whatever ends the process (a collect file, SPEC §10). A view cannot grow
// in place: growing maps a larger view of the same file, and the ones before stay mapped until
// Close, so that a writer that read the old address (the last words of a crashing thread)
// still writes into the same file.

#include "platform/common/append_records.h"
#include "platform/files.h"
#include "platform/windows/handles.h"
#include "platform/windows/text.h"

namespace gtest_webhook::platform {
namespace {

// The most a file may grow to.
constexpr std::uint64_t kWindow = std::uint64_t{4} << 30U;

bool SetSize(HANDLE file, std::uint64_t size) {
  FILE_END_OF_FILE_INFO end{};
  end.EndOfFile.QuadPart = static_cast<LONGLONG>(size);
  return SetFileInformationByHandle(file, FileEndOfFileInfo, &end, sizeof end) != 0;
}

}  // namespace

std::unique_ptr<AppendFile> AppendFile::Create(const Directory& directory, const std::string& name,
                                               std::string_view first_record, std::string& why) {
  // Written under a hidden name and renamed once the first record is complete: a reader never
  // sees the file without it. Neither name is ever followed as a link.
  const auto temp = directory.PathOf("." + name + ".tmp");
  std::unique_ptr<AppendFile> file(new AppendFile());
  file->path_ = directory.PathOf(name);
  windows::Handle handle(
      CreateFileW(windows::Wide(temp).c_str(), GENERIC_READ | GENERIC_WRITE | DELETE,
                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                  windows::AttributesFor(Access::kShared), CREATE_ALWAYS,
                  FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
  if (!handle) {
    why = windows::LastError();
    return nullptr;
  }
  file->fd_ = handle.release();
  file->window_ = kWindow;
  file->open_ = true;
  const auto fail = [&](std::string reason) {
    why = std::move(reason);
    file->Close();
    DeleteFileW(windows::Wide(temp).c_str());
    return nullptr;
  };
  if (!file->Append(first_record)) return fail("cannot allocate space for it (" + file->why_ + ")");
  if (!windows::LockWriterMark(file->fd_, 0))
    return fail("cannot lock it: " + windows::LastError());
  if (const auto moved = windows::ReplaceFile(temp, file->path_); !moved.empty()) {
    return fail("cannot rename it into place: " + moved);
  }
  return file;
}

AppendFile::~AppendFile() {
  for (void* view : views_) UnmapViewOfFile(view);
  if (fd_ != kNoFile) CloseHandle(fd_);
}

bool AppendFile::Grow(std::uint64_t needed) {
  const auto target = NextCapacity(needed);
  if (target == 0) return false;
  // The file gets its size first, so that a write into the view never meets a full disk.
  if (!SetSize(fd_, target)) {
    why_ = windows::LastError();
    return false;
  }
  const windows::Handle mapping(CreateFileMappingW(fd_, nullptr, PAGE_READWRITE,
                                                   static_cast<DWORD>(target >> 32U),
                                                   static_cast<DWORD>(target), nullptr));
  void* view = mapping
                   ? MapViewOfFile(mapping.get(), FILE_MAP_WRITE, 0, 0, static_cast<SIZE_T>(target))
                   : nullptr;
  if (view == nullptr) {
    why_ = windows::LastError();
    return false;
  }
  views_.push_back(view);
  // The larger view first: whoever sees the larger capacity writes into it.
  base_.store(static_cast<char*>(view));
  capacity_.store(target);
  return true;
}

void AppendFile::Close() {
  std::lock_guard<std::mutex> lock(grow_);
  if (!open_.exchange(false)) return;
  // Leaves a plain JSON-lines file: the space allocated ahead but never written goes.
  const auto used = std::min(reserved_.load(), capacity_.load());
  base_.store(nullptr);
  for (void* view : views_) UnmapViewOfFile(view);
  views_.clear();
  SetSize(fd_, used);
  CloseHandle(fd_);  // drops the lock
  fd_ = kNoFile;
}

bool IsBeingWritten(const std::string& path) {
  // Never opened through a link, nor a device: a reader must not block or be led elsewhere.
  if (windows::IsDeviceName(path)) return false;
  std::string why;
  const auto handle = windows::OpenFile(path, GENERIC_READ, OPEN_EXISTING, false, why);
  if (!handle || windows::KindOf(handle.get()) != windows::Kind::kFile) return false;
  if (!windows::LockWriterMark(handle.get(), LOCKFILE_EXCLUSIVE_LOCK))
    return GetLastError() == ERROR_LOCK_VIOLATION;
  windows::UnlockWriterMark(handle.get());
  return false;
}

}  // namespace gtest_webhook::platform
