// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Who holds a TCP socket, on macOS: Darwin has no socket diagnostics and no /proc, so each
// process's descriptors are asked of libproc, the candidates first. A socket none of them
// holds is looked for in every process this user may look at, which tells an outsider of this
// user from a socket that is gone (the kernel's own table of connections is not public API).

#include <libproc.h>
#include <netinet/in.h>
#include <sys/proc_info.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "platform/darwin/lists.h"
#include "platform/posix/system.h"

namespace gtest_webhook::platform::system {
namespace {

// One end of a connection: its IPv4 address and port, in network byte order.
struct Endpoint {
  std::uint32_t address = 0;
  std::uint16_t port = 0;
};

struct Connection {
  Endpoint from;
  Endpoint to;
};

bool IsConnection(const socket_fdinfo& socket, const Connection& wanted) {
  if (socket.psi.soi_kind != SOCKINFO_TCP) return false;
  const auto& internet = socket.psi.soi_proto.pri_tcp.tcpsi_ini;
  if ((internet.insi_vflag & INI_IPV4) == 0) return false;
  return static_cast<std::uint16_t>(internet.insi_lport) == wanted.from.port &&
         static_cast<std::uint16_t>(internet.insi_fport) == wanted.to.port &&
         internet.insi_laddr.ina_46.i46a_addr4.s_addr == wanted.from.address &&
         internet.insi_faddr.ina_46.i46a_addr4.s_addr == wanted.to.address;
}

enum class Holding { kHolds, kDoesNot, kHidden };

// Whether process `pid` has the connection among its descriptors.
Holding Holds(std::int64_t pid, const Connection& wanted) {
  const auto id = static_cast<int>(pid);
  errno = 0;
  // PROC_PIDLISTFDS gives a number of bytes.
  const auto open = darwin::ReadList<proc_fdinfo>(64, 65536, [id](proc_fdinfo* buffer, int bytes) {
    return ::proc_pidinfo(id, PROC_PIDLISTFDS, 0, buffer, bytes) /
           static_cast<int>(sizeof(proc_fdinfo));
  });
  if (open.empty()) return errno == EPERM ? Holding::kHidden : Holding::kDoesNot;
  for (const auto& descriptor : open) {
    if (descriptor.proc_fdtype != PROX_FDTYPE_SOCKET) continue;
    socket_fdinfo socket{};
    if (::proc_pidfdinfo(id, descriptor.proc_fd, PROC_PIDFDSOCKETINFO, &socket, sizeof socket) ==
            static_cast<int>(sizeof socket) &&
        IsConnection(socket, wanted)) {
      return Holding::kHolds;
    }
  }
  return Holding::kDoesNot;
}

// proc_listallpids gives a number of ids (not of bytes, as proc_pidinfo does).
std::vector<std::int64_t> EveryProcess() {
  const auto pids = darwin::ReadList<pid_t>(
      1024, 262144, [](pid_t* buffer, int bytes) { return ::proc_listallpids(buffer, bytes); });
  return {pids.begin(), pids.end()};
}

}  // namespace

SocketHolder HolderOfSocket(std::uint32_t from_address, std::uint16_t from_port,
                            std::uint32_t to_address, std::uint16_t to_port,
                            const std::function<std::vector<std::int64_t>()>& candidates) {
  const Connection wanted{{from_address, from_port}, {to_address, to_port}};
  SocketHolder holder;
  holder.kind = SocketHolder::Kind::kNone;
  for (const auto pid : candidates()) {
    const auto holds = Holds(pid, wanted);
    if (holds == Holding::kHolds) {
      holder.kind = SocketHolder::Kind::kFound;
      holder.pid = pid;
      return holder;
    }
    holder.hidden = holder.hidden || holds == Holding::kHidden;
  }
  // Held by no candidate: by another process, or by none any more. Another user's processes
  // cannot be looked at: one that holds it cannot be told from a socket that is closed.
  for (const auto pid : EveryProcess()) {
    if (Holds(pid, wanted) == Holding::kHolds) return holder;
  }
  holder.kind = SocketHolder::Kind::kGone;
  return holder;
}

}  // namespace gtest_webhook::platform::system
