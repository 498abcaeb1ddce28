// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "platform/posix/system.h"

namespace gtest_webhook::platform {
namespace {

void MakeNonBlocking(int fd) {
  ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// One end of a connection: its IPv4 address and port, in network byte order.
struct Endpoint {
  std::uint32_t address = 0;
  std::uint16_t port = 0;
};

int Fd(std::intptr_t native) { return static_cast<int>(native); }

// This end of `fd`, or the other end (`peer`).
std::optional<Endpoint> EndpointOf(int fd, bool peer) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  const int got = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                       : ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (got != 0 || address.sin_family != AF_INET) return std::nullopt;
  return Endpoint{address.sin_addr.s_addr, address.sin_port};
}

}  // namespace

std::unique_ptr<LoopbackServer> LoopbackServer::Open(std::string& why) {
  std::unique_ptr<LoopbackServer> server(new LoopbackServer());
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  server->native_ = fd;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 64) != 0) {
    why = std::strerror(errno);
    return nullptr;
  }
  MakeNonBlocking(fd);
  const auto local = EndpointOf(fd, false);
  server->port_ = local ? ntohs(local->port) : -1;
  return server;
}

LoopbackServer::~LoopbackServer() {
  if (native_ >= 0) ::close(Fd(native_));
}

std::vector<std::unique_ptr<Connection>> LoopbackServer::Accept(std::string& why) {
  std::vector<std::unique_ptr<Connection>> accepted;
  while (true) {
    const int fd = ::accept(Fd(native_), nullptr, nullptr);
    if (fd >= 0) {
      MakeNonBlocking(fd);
      accepted.push_back(std::unique_ptr<Connection>(new Connection(fd)));
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) why = std::strerror(errno);
    return accepted;
  }
}

std::vector<bool> WaitReadable(const std::vector<Waitable>& waitables,
                               std::chrono::milliseconds timeout) {
  std::vector<pollfd> polled;
  for (const auto waitable : waitables) polled.push_back({Fd(waitable.native()), POLLIN, 0});
  std::vector<bool> ready(waitables.size(), false);
  if (::poll(polled.data(), static_cast<nfds_t>(polled.size()),
             static_cast<int>(timeout.count())) <= 0) {
    return ready;
  }
  for (std::size_t i = 0; i < waitables.size(); ++i) {
    ready[i] = (polled[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
  }
  return ready;
}

Waitable LoopbackServer::waitable() const { return Waitable(native_); }

Connection::~Connection() { ::close(Fd(native_)); }

Waitable Connection::waitable() const { return Waitable(native_); }

bool Connection::ReadAvailable(std::string& out) {
  char buffer[65536];
  while (true) {
    const auto n = ::read(Fd(native_), buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

Peer Connection::Identify() const {
  const int fd = Fd(native_);
  Peer peer;
  const auto other = EndpointOf(fd, true);
  const auto local = EndpointOf(fd, false);
  if (!other || !local) return peer;
  std::int64_t pid = -1;
  bool hidden = false;
  // A process of the tree that is ending may still hold the socket when the table is read and
  // no longer when its descriptors are: looked at again, its socket is then gone. One that still
  // holds it after a few looks, outside the tree, is an outsider.
  for (int look = 0; look < 4 && pid < 0; ++look) {
    if (look > 0) ::usleep(1000U << static_cast<unsigned>(look));
    // The newest processes of the tree first (the test binaries, below their runner), which
    // also hold the fewest descriptors.
    const auto tree = [] {
      auto pids = system::Descendants(::getpid());
      std::reverse(pids.begin(), pids.end());
      return pids;
    };
    const auto holder =
        system::HolderOfSocket(other->address, other->port, local->address, local->port, tree);
    if (holder.kind == system::SocketHolder::Kind::kUnknown) return peer;
    if (holder.kind == system::SocketHolder::Kind::kGone) {
      peer.origin = PeerOrigin::kGone;
      return peer;
    }
    pid = holder.pid;
    hidden = holder.hidden;
  }
  if (pid < 0) {
    // A process of the tree that runs as another user (sudo -u) cannot be looked at: then it
    // cannot be told from an outsider, and counts only as one that is gone would.
    peer.origin = hidden ? PeerOrigin::kGone : PeerOrigin::kOutside;
    return peer;
  }
  peer.origin = PeerOrigin::kTree;
  peer.pid = pid;
  peer.executable_path = system::ExecutableOf(pid);
  if (!peer.executable_path.empty()) {
    peer.executable = peer.executable_path.substr(peer.executable_path.rfind('/') + 1);
  }
  return peer;
}

bool WriteOnConnectionTo(const std::string& host_port, std::string_view bytes) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos) return false;
  in_addr host{};
  if (::inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &host) != 1) return false;
  const auto port = htons(static_cast<std::uint16_t>(std::atoi(host_port.c_str() + colon + 1)));
  const long limit = std::min(::sysconf(_SC_OPEN_MAX), 4096L);
  for (int fd = 0; fd < limit; ++fd) {
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0 ||
        peer.sin_family != AF_INET || peer.sin_port != port ||
        peer.sin_addr.s_addr != host.s_addr) {
      continue;
    }
    while (!bytes.empty()) {
      const auto written = ::write(fd, bytes.data(), bytes.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
  }
  return false;
}

}  // namespace gtest_webhook::platform
