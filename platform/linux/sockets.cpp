// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Who holds a TCP socket, on Linux: the socket's inode from the kernel's socket diagnostics
// (netlink) or /proc/net/tcp, then the process among the candidates whose /proc/PID/fd links to
// it.

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "platform/linux/proc.h"
#include "platform/posix/system.h"

namespace gtest_webhook::platform::system {
namespace {

// One end of a connection: its IPv4 address and port, in network byte order.
struct Endpoint {
  std::uint32_t address = 0;
  std::uint16_t port = 0;
};

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

// The process among `candidates` whose descriptors include the socket `inode`; -1 when none.
// `hidden` tells whether some could not be looked at (they belong to another user).
std::int64_t HolderOfInode(const std::vector<std::int64_t>& candidates, std::uint64_t inode,
                           bool& hidden) {
  const std::string wanted = "socket:[" + std::to_string(inode) + "]";
  hidden = false;
  for (const auto pid : candidates) {
    const auto directory = "/proc/" + std::to_string(pid) + "/fd";
    if (::access(directory.c_str(), R_OK | X_OK) != 0 && errno == EACCES) hidden = true;
    for (const auto fd : NumberedEntries(directory)) {
      char target[64];
      const auto length =
          ::readlink((directory + "/" + std::to_string(fd)).c_str(), target, sizeof target - 1);
      if (length > 0 &&
          wanted.compare(0, std::string::npos, target, static_cast<std::size_t>(length)) == 0) {
        return pid;
      }
    }
  }
  return -1;
}

}  // namespace

SocketHolder HolderOfSocket(std::uint32_t from_address, std::uint16_t from_port,
                            std::uint32_t to_address, std::uint16_t to_port,
                            const std::function<std::vector<std::int64_t>()>& candidates) {
  const Endpoint from{from_address, from_port};
  const Endpoint to{to_address, to_port};
  SocketHolder holder;
  auto inode = DiagnosedInode(from, to);
  if (!inode) inode = ListedInode(from, to);
  if (!inode) return holder;
  if (*inode == 0) {
    holder.kind = SocketHolder::Kind::kGone;
    return holder;
  }
  holder.pid = HolderOfInode(candidates(), *inode, holder.hidden);
  holder.kind = holder.pid >= 0 ? SocketHolder::Kind::kFound : SocketHolder::Kind::kNone;
  return holder;
}

}  // namespace gtest_webhook::platform::system
