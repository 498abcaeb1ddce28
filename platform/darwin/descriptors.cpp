// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Descriptors on macOS. Darwin has no pipe2 or SOCK_CLOEXEC (close-on-exec is set right after),
// no MSG_NOSIGNAL (the sockets made here carry SO_NOSIGPIPE), no F_SETPIPE_SZ (a pipe grows to
// 64 KiB by itself), no close_range (the open descriptors are listed by libproc), no kcmp, and
// F_PREALLOCATE in place of posix_fallocate.

#include <fcntl.h>
#include <libproc.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "platform/posix/system.h"

namespace gtest_webhook::platform::system {
namespace {

bool CloseOnExec(const int fds[2]) {
  return ::fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 && ::fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0;
}

// Closes both ends after a failure, keeping the failure's errno.
bool Abandon(const int fds[2]) {
  const int error = errno;
  ::close(fds[0]);
  ::close(fds[1]);
  errno = error;
  return false;
}

}  // namespace

bool MakePipe(int fds[2]) {
  if (::pipe(fds) != 0) return false;
  return CloseOnExec(fds) || Abandon(fds);
}

bool MakeSocketPair(int fds[2]) {
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return false;
  const int on = 1;
  const bool quiet = ::setsockopt(fds[0], SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) == 0 &&
                     ::setsockopt(fds[1], SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) == 0;
  return (quiet && CloseOnExec(fds)) || Abandon(fds);
}

ssize_t Send(int fd, const void* data, std::size_t size) { return ::send(fd, data, size, 0); }

void GrowPipe(int /*fd*/, int /*bytes*/) {}

// Async-signal-safe (a forked child calls it): a buffer on the stack, listed again until no
// descriptor in the range is left.
void CloseRange(unsigned first, unsigned last) {
  proc_fdinfo open[256];
  for (;;) {
    const int bytes = ::proc_pidinfo(::getpid(), PROC_PIDLISTFDS, 0, open, sizeof open);
    if (bytes <= 0) return;
    const auto count = static_cast<std::size_t>(bytes) / sizeof open[0];
    bool closed = false;
    for (std::size_t i = 0; i < count; ++i) {
      const auto fd = static_cast<unsigned>(open[i].proc_fd);
      if (fd >= first && fd <= last) closed = ::close(open[i].proc_fd) == 0 || closed;
    }
    if (!closed) return;
  }
}

bool SameOpenFile(int /*a*/, int /*b*/) { return false; }

int Reserve(int fd, std::uint64_t bytes) {
  struct stat now {};
  if (::fstat(fd, &now) != 0) return errno;
  const auto size = static_cast<std::uint64_t>(now.st_size);
  if (bytes <= size) return 0;
  fstore_t store{};
  store.fst_flags = F_ALLOCATEALL;
  store.fst_posmode = F_PEOFPOSMODE;
  store.fst_length = static_cast<off_t>(bytes - size);
  // A file system without preallocation (ENOTSUP) gets the size alone, as posix_fallocate's
  // emulation elsewhere would.
  if (::fcntl(fd, F_PREALLOCATE, &store) != 0 && errno != ENOTSUP) return errno;
  return ::ftruncate(fd, static_cast<off_t>(bytes)) == 0 ? 0 : errno;
}

void DiscardPendingSigpipe() {
  sigset_t pending;
  if (::sigpending(&pending) != 0 || sigismember(&pending, SIGPIPE) != 1) return;
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  int taken = 0;
  ::sigwait(&pipe_only, &taken);
}

}  // namespace gtest_webhook::platform::system
