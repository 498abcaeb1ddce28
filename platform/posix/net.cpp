// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/net.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "process_tree.h"

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

// This end of `fd`, or the other end (`peer`).
std::optional<Endpoint> EndpointOf(int fd, bool peer) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  const int got = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                       : ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (got != 0 || address.sin_family != AF_INET) return std::nullopt;
  return Endpoint{address.sin_addr.s_addr, address.sin_port};
}

// The kernel's identifier (inode) of the TCP socket from `from` to `to`, asked of its socket
// diagnostics for that one socket: a lookup by address, where reading /proc/net/tcp walks the
// kernel's whole table (a millisecond, in which a test process that ends at once is gone). 0 when
// there is no such socket or no process holds it any more; std::nullopt when the kernel cannot
// be asked.
std::optional<std::uint64_t> DiagnosedInode(const Endpoint& from, const Endpoint& to) {
  const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return std::nullopt;
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST;
  message.request.sdiag_family = AF_INET;
  message.request.sdiag_protocol = IPPROTO_TCP;
  message.request.idiag_states = ~0U;
  message.request.id.idiag_sport = from.port;
  message.request.id.idiag_dport = to.port;
  message.request.id.idiag_src[0] = from.address;
  message.request.id.idiag_dst[0] = to.address;
  message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  alignas(nlmsghdr) char answer[8192];
  ssize_t got = -1;
  if (::sendto(fd, &message, sizeof message, 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof kernel) == static_cast<ssize_t>(sizeof message)) {
    while ((got = ::recv(fd, answer, sizeof answer, 0)) < 0 && errno == EINTR) {
    }
  }
  ::close(fd);
  const auto* header = reinterpret_cast<const nlmsghdr*>(answer);
  if (got < static_cast<ssize_t>(sizeof(nlmsghdr)) ||
      !NLMSG_OK(header, static_cast<unsigned>(got))) {
    return std::nullopt;
  }
  if (header->nlmsg_type == NLMSG_ERROR) {
    const auto* error = static_cast<const nlmsgerr*>(NLMSG_DATA(header));
    if (error->error == -ENOENT) return 0;  // no such socket: its process closed it
    return std::nullopt;
  }
  if (header->nlmsg_type != SOCK_DIAG_BY_FAMILY) return std::nullopt;
  return static_cast<const inet_diag_msg*>(NLMSG_DATA(header))->idiag_inode;
}

// The same from /proc/net/tcp (addresses and ports in hex), where socket diagnostics are not to
// be had.
std::optional<std::uint64_t> ListedInode(const Endpoint& from, const Endpoint& to) {
  std::ifstream table("/proc/net/tcp");
  std::string line;
  if (!std::getline(table, line)) return std::nullopt;  // the heading
  char local[32];
  char remote[32];
  // /proc/net/tcp shows the address as the number in memory, the port as a number.
  std::snprintf(local, sizeof local, "%08X:%04X", static_cast<unsigned>(from.address),
                static_cast<unsigned>(ntohs(from.port)));
  std::snprintf(remote, sizeof remote, "%08X:%04X", static_cast<unsigned>(to.address),
                static_cast<unsigned>(ntohs(to.port)));
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot;
    std::string source;
    std::string destination;
    std::string skip;
    fields >> slot >> source >> destination;
    if (source != local || destination != remote) continue;
    for (int i = 0; i < 6; ++i) fields >> skip;  // state, queues, timers, retransmits, uid, timeout
    std::uint64_t inode = 0;
    fields >> inode;
    return inode;
  }
  return 0;
}

// The inode of the peer's socket of `fd`; see DiagnosedInode.
std::optional<std::uint64_t> PeerSocketInode(int fd) {
  const auto peer = EndpointOf(fd, true);
  const auto local = EndpointOf(fd, false);
  if (!peer || !local) return std::nullopt;
  if (const auto inode = DiagnosedInode(*peer, *local)) return inode;
  return ListedInode(*peer, *local);
}

}  // namespace

std::unique_ptr<LoopbackServer> LoopbackServer::Open(std::string& why) {
  std::unique_ptr<LoopbackServer> server(new LoopbackServer());
  server->fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (server->fd_ < 0 ||
      ::bind(server->fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(server->fd_, 64) != 0) {
    why = std::strerror(errno);
    return nullptr;
  }
  MakeNonBlocking(server->fd_);
  const auto local = EndpointOf(server->fd_, false);
  server->port_ = local ? ntohs(local->port) : -1;
  return server;
}

LoopbackServer::~LoopbackServer() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<int> LoopbackServer::Accept(std::string& why) {
  std::vector<int> accepted;
  while (true) {
    const int fd = ::accept(fd_, nullptr, nullptr);
    if (fd >= 0) {
      MakeNonBlocking(fd);
      accepted.push_back(fd);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) why = std::strerror(errno);
    return accepted;
  }
}

std::vector<bool> WaitReadable(const std::vector<int>& fds, std::chrono::milliseconds timeout) {
  std::vector<pollfd> polled;
  for (const int fd : fds) polled.push_back({fd, POLLIN, 0});
  std::vector<bool> ready(fds.size(), false);
  if (::poll(polled.data(), polled.size(), static_cast<int>(timeout.count())) <= 0) return ready;
  for (std::size_t i = 0; i < fds.size(); ++i) {
    ready[i] = (polled[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
  }
  return ready;
}

bool ReadAvailable(int fd, std::string& out) {
  char buffer[65536];
  while (true) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

void CloseFd(int fd) {
  if (fd >= 0) ::close(fd);
}

Peer IdentifyPeer(int fd) {
  Peer peer;
  std::int64_t pid = -1;
  bool hidden = false;
  // A process of the tree that is ending may still hold the socket when the table is read and
  // no longer when its descriptors are: looked at again, its socket is then gone. One that still
  // holds it after a few looks, outside the tree, is an outsider.
  for (int look = 0; look < 4 && pid < 0; ++look) {
    if (look > 0) ::usleep(1000U << static_cast<unsigned>(look));
    const auto inode = PeerSocketInode(fd);
    if (!inode) return peer;
    if (*inode == 0) {
      peer.origin = PeerOrigin::kGone;
      return peer;
    }
    // The newest processes of the tree first (the test binaries, below their runner), which
    // also hold the fewest descriptors.
    auto tree = Descendants(::getpid());
    std::reverse(tree.begin(), tree.end());
    pid = HolderOfSocket(tree, *inode, hidden);
  }
  if (pid < 0) {
    // A process of the tree that runs as another user (sudo -u) cannot be looked at: then it
    // cannot be told from an outsider, and counts only as one that is gone would.
    peer.origin = hidden ? PeerOrigin::kGone : PeerOrigin::kOutside;
    return peer;
  }
  peer.origin = PeerOrigin::kTree;
  peer.pid = pid;
  char path[4096];
  const auto length =
      ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), path, sizeof path - 1);
  if (length > 0) {
    peer.executable_path.assign(path, static_cast<std::size_t>(length));
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
