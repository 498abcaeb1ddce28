// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Directories used through a descriptor (openat and its siblings), so that no name in them is
// resolved through a symbolic link: the state directory's history, change state, outbox and
// locks, and the files of a collect directory.

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include "descriptors.h"
#include "platform/files.h"

namespace gtest_webhook::platform {
namespace {

using Clock = std::chrono::steady_clock;

std::string Octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Why a directory described by `info` is not trusted for `use`; empty when it is.
std::string Untrusted(const struct stat& info, DirectoryUse use) {
  if (use == DirectoryUse::kPrivate) {
    if (info.st_uid != ::geteuid() && info.st_uid != 0) {
      return "it belongs to user " + std::to_string(info.st_uid) + ", not to this user (" +
             std::to_string(::geteuid()) + "); use a directory of your own";
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      return "other users can write in it (mode " + Octal(info.st_mode) +
             "); make it private with chmod go-w, as ssh wants of ~/.ssh";
    }
  } else if ((info.st_mode & S_IWOTH) != 0) {
    return "every user can write in it (mode " + Octal(info.st_mode) +
           ") and could add or replace results; use a directory that only you can write to";
  }
  return {};
}

// A name no other writer picks, for a temporary file beside `name`.
std::string TemporaryName(const std::string& name) {
  static std::atomic<unsigned> counter{0};
  thread_local std::mt19937_64 random{std::random_device{}()};
  char suffix[48];
  std::snprintf(suffix, sizeof suffix, ".%d.%u.%08llx", static_cast<int>(::getpid()),
                counter.fetch_add(1), static_cast<unsigned long long>(random() & 0xffffffffULL));
  return "." + name + suffix;
}

// Removes what stands where our own file or directory `name` should be, a symbolic link or a
// file of another kind, with a note; false when there is nothing of that sort to remove.
bool RemoveStranger(int directory, const std::string& path, const std::string& name,
                    std::vector<std::string>& notes) {
  struct stat info {};
  if (::fstatat(directory, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) return false;
  if (S_ISREG(info.st_mode) || S_ISDIR(info.st_mode)) return false;
  if (::unlinkat(directory, name.c_str(), 0) != 0) return false;
  notes.push_back("'" + path + "/" + name + "' was " + posix::KindOf(info.st_mode) +
                  "; it was removed, not followed");
  return true;
}

}  // namespace

std::unique_ptr<Directory> Directory::Open(const std::string& path, DirectoryUse use,
                                           std::string& why) {
  const auto access = use == DirectoryUse::kPrivate ? Access::kPrivate : Access::kShared;
  if (!MakeDirectories(path, access, why)) return nullptr;
  std::unique_ptr<Directory> directory(new Directory());
  directory->path_ = path;
  directory->fd_ = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat info {};
  if (directory->fd_ < 0 || ::fstat(directory->fd_, &info) != 0) {
    why = std::strerror(errno);
    return nullptr;
  }
  why = Untrusted(info, use);
  return why.empty() ? std::move(directory) : nullptr;
}

Directory::~Directory() {
  if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<Directory> Directory::Child(const std::string& name, bool create, std::string& why,
                                            std::vector<std::string>& notes) const {
  const auto open = [&] {
    return ::openat(fd_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  };
  int fd = open();
  if (fd < 0 && create && (errno == ENOENT || RemoveStranger(fd_, path_, name, notes))) {
    if (::mkdirat(fd_, name.c_str(), posix::DirectoryMode(Access::kPrivate)) != 0 &&
        errno != EEXIST) {
      why = "cannot create '" + PathOf(name) + "' (" + std::strerror(errno) + ")";
      return nullptr;
    }
    fd = open();
  }
  if (fd < 0) {
    struct stat info {};
    if (errno == ENOENT) {
      why.clear();
    } else if (::fstatat(fd_, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
      why = "'" + PathOf(name) + "' is " + posix::KindOf(info.st_mode) + ", not a directory";
    } else {
      why = "cannot open '" + PathOf(name) + "' (" + std::strerror(errno) + ")";
    }
    return nullptr;
  }
  std::unique_ptr<Directory> child(new Directory());
  child->path_ = PathOf(name);
  child->fd_ = fd;
  return child;
}

int Directory::OpenRegular(const std::string& name, std::uint64_t limit, std::string& why,
                           ReadOutcome& outcome, std::uint64_t& size) const {
  outcome = ReadOutcome::kRefused;
  struct stat info {};
  if (::fstatat(fd_, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    why = std::strerror(errno);
    if (errno == ENOENT) outcome = ReadOutcome::kMissing;
    return -1;
  }
  why = S_ISLNK(info.st_mode) ? "it is a symbolic link, which is not followed"
                              : posix::NotReadable(info, limit);
  if (!why.empty()) return -1;
  const int fd =
      ::openat(fd_, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    why = std::strerror(errno);
    if (errno == ENOENT) outcome = ReadOutcome::kMissing;
    return -1;
  }
  if (::fstat(fd, &info) != 0 || !(why = posix::NotReadable(info, limit)).empty()) {
    if (why.empty()) why = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  outcome = ReadOutcome::kRead;
  size = static_cast<std::uint64_t>(info.st_size);
  return fd;
}

ReadOutcome Directory::Read(const std::string& name, std::uint64_t limit, std::string& bytes,
                            std::string& why) const {
  ReadOutcome outcome{};
  std::uint64_t size = 0;
  const int fd = OpenRegular(name, limit, why, outcome, size);
  if (fd < 0) return outcome;
  const bool read = posix::ReadAtMost(fd, limit, bytes, why);
  ::close(fd);
  return read ? ReadOutcome::kRead : ReadOutcome::kRefused;
}

ReadOutcome Directory::ReadStart(const std::string& name, std::uint64_t count, std::string& bytes,
                                 std::uint64_t& size, std::string& why) const {
  ReadOutcome outcome{};
  const int fd = OpenRegular(name, std::numeric_limits<std::uint64_t>::max(), why, outcome, size);
  if (fd < 0) return outcome;
  const bool read = posix::ReadAtMost(fd, count, bytes, why, true);
  ::close(fd);
  return read ? ReadOutcome::kRead : ReadOutcome::kRefused;
}

std::unique_ptr<FileWriter> Directory::Write(const std::string& name, Access access,
                                             std::string& why) const {
  std::unique_ptr<FileWriter> writer(new FileWriter());
  writer->path_ = name;
  writer->temp_ = TemporaryName(name);
  writer->fd_ = ::openat(fd_, writer->temp_.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (writer->fd_ < 0) {
    why = std::strerror(errno);
    writer->temp_.clear();
    return nullptr;
  }
  ::fchmod(writer->fd_, posix::FileMode(access));
  writer->directory_fd_ = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
  if (writer->directory_fd_ < 0) {
    why = std::strerror(errno);
    return nullptr;
  }
  return writer;
}

std::unique_ptr<FileLock> Directory::Lock(const std::string& name, Clock::time_point deadline,
                                          std::string& why, std::vector<std::string>& notes) const {
  int repairs = 0;
  while (true) {
    const int fd =
        ::openat(fd_, name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    struct stat held {};
    if (fd < 0 || ::fstat(fd, &held) != 0 || !S_ISREG(held.st_mode)) {
      const int error = errno;
      if (fd >= 0) ::close(fd);
      // A symbolic link (or a FIFO …) where the lock file goes: removed, never followed, and
      // tried again whatever the deadline (a few times: one that keeps coming back is refused).
      if (++repairs <= 3 && RemoveStranger(fd_, path_, name, notes)) continue;
      why = fd < 0 ? std::strerror(error) : "it is not a regular file";
      return nullptr;
    }
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (Clock::now() >= deadline) {
        ::close(fd);
        why = "another process held it until the deadline";
        return nullptr;
      }
      ::usleep(10000);
    }
    // The holder before may have removed the file we waited on: then lock the new one.
    struct stat named {};
    if (::fstatat(fd_, name.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      std::unique_ptr<FileLock> lock(new FileLock());
      lock->directory_fd_ = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
      lock->name_ = name;
      lock->fd_ = fd;
      return lock;
    }
    ::close(fd);
  }
}

bool Directory::List(std::vector<std::string>& names, std::string& why) const {
  // A descriptor of its own: reading a directory moves its offset.
  const int fd = ::openat(fd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* listing = fd >= 0 ? ::fdopendir(fd) : nullptr;
  if (listing == nullptr) {
    why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  errno = 0;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  const int error = errno;
  ::closedir(listing);
  if (error != 0) why = std::strerror(error);
  return error == 0;
}

bool Directory::IsDirectory(const std::string& name) const {
  struct stat info {};
  return ::fstatat(fd_, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(info.st_mode);
}

bool Directory::Remove(const std::string& name, std::string& why) const {
  if (::unlinkat(fd_, name.c_str(), 0) == 0 || errno == ENOENT) return true;
  why = std::strerror(errno);
  return false;
}

bool Directory::Rename(const std::string& from, const std::string& to, std::string& why) const {
  if (::renameat(fd_, from.c_str(), fd_, to.c_str()) == 0) return true;
  why = std::strerror(errno);
  return false;
}

std::int64_t Directory::SizeOf(const std::string& name) const {
  struct stat info {};
  if (::fstatat(fd_, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(info.st_mode)) {
    return -1;
  }
  return static_cast<std::int64_t>(info.st_size);
}

FileLock::~FileLock() {
  // Removed while still held: whoever waits on it will try again.
  if (directory_fd_ >= 0) {
    ::unlinkat(directory_fd_, name_.c_str(), 0);
    ::close(directory_fd_);
  }
  ::close(fd_);
}

}  // namespace gtest_webhook::platform
