// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// AppendFile: records appended into a shared memory mapping of a file, which the kernel keeps
// whatever ends the process (a collect file, SPEC §10).

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "platform/common/append_records.h"
#include "platform/files.h"
#include "platform/posix/system.h"

namespace gtest_webhook::platform {
namespace {

// Address space reserved for one AppendFile's mapping, so that growing the file never moves
// it (a signal handler may be writing into it). Only what is allocated in the file is used.
constexpr std::uint64_t kWindow = sizeof(void*) >= 8 ? (std::uint64_t{4} << 30U)  // 4 GiB
                                                     : (std::uint64_t{256} << 20U);

}  // namespace

std::unique_ptr<AppendFile> AppendFile::Create(const Directory& directory, const std::string& name,
                                               std::string_view first_record, std::string& why) {
  // Written under a hidden name and renamed once the first record is complete: a reader never
  // sees the file without it. Neither name is ever followed as a symbolic link.
  const auto temp = "." + name + ".tmp";
  std::unique_ptr<AppendFile> file(new AppendFile());
  file->path_ = directory.PathOf(name);
  file->fd_ = ::openat(directory.fd_, temp.c_str(),
                       O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (file->fd_ < 0) {
    why = std::strerror(errno);
    return nullptr;
  }
  file->window_ = kWindow;
  void* base = ::mmap(nullptr, file->window_, PROT_READ | PROT_WRITE, MAP_SHARED, file->fd_, 0);
  const auto fail = [&](std::string reason) {
    why = std::move(reason);
    ::unlinkat(directory.fd_, temp.c_str(), 0);
    return nullptr;
  };
  if (base == MAP_FAILED) return fail(std::string("cannot map it: ") + std::strerror(errno));
  file->base_ = static_cast<char*>(base);
  file->open_ = true;
  if (!file->Append(first_record)) return fail("cannot allocate space for it (" + file->why_ + ")");
  if (::flock(file->fd_, LOCK_SH) != 0)
    return fail(std::string("cannot lock it: ") + std::strerror(errno));
  if (::renameat(directory.fd_, temp.c_str(), directory.fd_, name.c_str()) != 0) {
    return fail(std::string("cannot rename it into place: ") + std::strerror(errno));
  }
  return file;
}

AppendFile::~AppendFile() {
  // Only releases what this process holds: a forked child that runs destructors must not cut
  // its parent's file.
  if (base_.load() != nullptr) ::munmap(base_.load(), window_);
  if (fd_ >= 0) ::close(fd_);
}

bool AppendFile::Grow(std::uint64_t needed) {
  const auto target = NextCapacity(needed);
  if (target == 0) return false;
  // Allocates the blocks now, so that a write into the mapping never meets a full disk (which
  // would raise SIGBUS in the test process).
  if (const int error = system::Reserve(fd_, target); error != 0) {
    why_ = std::strerror(error);
    return false;
  }
  capacity_.store(target);
  return true;
}

void AppendFile::Close() {
  std::lock_guard<std::mutex> lock(grow_);
  if (!open_.exchange(false)) return;
  // Leaves a plain JSON-lines file: the space allocated ahead but never written goes.
  const auto used = std::min(reserved_.load(), capacity_.load());
  (void)!::ftruncate(fd_, static_cast<off_t>(used));
  ::munmap(base_.exchange(nullptr), window_);
  ::close(fd_);  // drops the lock
  fd_ = -1;
}

bool IsBeingWritten(const std::string& path) {
  // Never opened as a FIFO or through a link: a reader must not block or be led elsewhere.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return locked;
}

}  // namespace gtest_webhook::platform
