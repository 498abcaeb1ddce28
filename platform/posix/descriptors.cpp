// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "descriptors.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "platform/files.h"

namespace gtest_webhook::platform::posix {

using Clock = std::chrono::steady_clock;

ReadPiece PieceReader(int fd) {
  return [fd](char* buffer, std::size_t size, std::string& why) -> std::int64_t {
    while (true) {
      const auto n = ::read(fd, buffer, size);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      why = errno == EAGAIN ? "nothing can be read from it now" : std::strerror(errno);
      return -1;
    }
  };
}

bool ReadAtMost(int fd, std::uint64_t limit, std::string& bytes, std::string& why, bool partial) {
  return ReadBounded(PieceReader(fd), limit, bytes, why, partial);
}

std::string WriteAll(int fd, std::string_view bytes, std::chrono::milliseconds wait) {
  const auto until = Clock::now() + wait;
  while (!bytes.empty()) {
    const auto written = ::write(fd, bytes.data(), bytes.size());
    if (written > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(written));
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      pollfd room{fd, POLLOUT, 0};
      if (left.count() > 0 && ::poll(&room, 1, static_cast<int>(left.count())) >= 0) continue;
      return "its reader took nothing for " + std::to_string(wait.count() / 1000) + " s";
    }
    return written < 0 ? std::strerror(errno) : "nothing could be written";
  }
  return {};
}

std::string KindOf(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

std::string NotReadable(const struct stat& info, std::uint64_t limit) {
  if (!S_ISREG(info.st_mode)) return "it is " + KindOf(info.st_mode) + ", not a regular file";
  return TooLarge(static_cast<std::uint64_t>(info.st_size), limit);
}

mode_t FileMode(Access access) { return access == Access::kPrivate ? 0600 : 0644; }

mode_t DirectoryMode(Access access) { return access == Access::kPrivate ? 0700 : 0777; }

void SetBlocking(int fd, bool nonblocking) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, nonblocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
}

}  // namespace gtest_webhook::platform::posix
