// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Descriptors on Linux: pipes and sockets made close-on-exec at once, sends without SIGPIPE,
// pipe sizes, close_range, kcmp, fallocate.

#include <fcntl.h>
#include <linux/kcmp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "platform/posix/system.h"

namespace gtest_webhook::platform::system {

bool MakePipe(int fds[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; }

bool MakeSocketPair(int fds[2]) {
  return ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0;
}

ssize_t Send(int fd, const void* data, std::size_t size) {
  return ::send(fd, data, size, MSG_NOSIGNAL);
}

void GrowPipe(int fd, int bytes) { ::fcntl(fd, F_SETPIPE_SZ, bytes); }

void CloseRange(unsigned first, unsigned last) { ::close_range(first, last, 0); }

bool SameOpenFile(int a, int b) {
  const auto self = ::getpid();
  return ::syscall(SYS_kcmp, self, self, KCMP_FILE, a, b) == 0;
}

int Reserve(int fd, std::uint64_t bytes) {
  return ::posix_fallocate(fd, 0, static_cast<off_t>(bytes));
}

void DiscardPendingSigpipe() {
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  const timespec now{0, 0};
  while (::sigtimedwait(&pipe_only, nullptr, &now) < 0 && errno == EINTR) {
  }
}

}  // namespace gtest_webhook::platform::system
