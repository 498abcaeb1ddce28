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

bool ReadAtMost(int fd, std::uint64_t limit, std::string& bytes, std::string& why, bool partial) {
  bytes.clear();
  char buffer[65536];
  while (true) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      why = errno == EAGAIN ? "nothing can be read from it now" : std::strerror(errno);
      return false;
    }
    if (n == 0) return true;
    if (bytes.size() + static_cast<std::uint64_t>(n) > limit) {
      if (partial) {
        bytes.append(buffer, static_cast<std::size_t>(limit - bytes.size()));
        return true;
      }
      why = "it holds more than " + DescribeBytes(limit) + ", the most that is read of it";
      return false;
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
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
  if (static_cast<std::uint64_t>(info.st_size) > limit) {
    return "it holds " + DescribeBytes(static_cast<std::uint64_t>(info.st_size)) +
           ", more than the " + DescribeBytes(limit) + " that is read of it";
  }
  return {};
}

mode_t FileMode(Access access) { return access == Access::kPrivate ? 0600 : 0644; }

mode_t DirectoryMode(Access access) { return access == Access::kPrivate ? 0700 : 0777; }

void SetBlocking(int fd, bool nonblocking) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, nonblocking ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
}

}  // namespace gtest_webhook::platform::posix
