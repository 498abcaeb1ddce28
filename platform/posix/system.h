// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What POSIX leaves to each system, in the one shape the code of platform/posix/ calls it:
// Linux's is platform/linux/ and macOS's platform/darwin/ (as libuv keeps src/unix/linux.c beside
// darwin.c), chosen in platform/CMakeLists.txt. Besides these, each system's folder defines the
// functions of the platform headers that only it can answer: LaunchOf, OwnArguments
// (process.h), RunPaths (library.h), SanitizerRuntimePresent and RecordSanitizerLastWords
// (signals.h).

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gtest_webhook::platform::system {

// --- Descriptors

/// A pipe whose ends (`fds[0]` reads) close on exec; false, with errno, when there is none.
bool MakePipe(int fds[2]);
/// A connected pair of stream sockets that close on exec; false, with errno, when there is none.
bool MakeSocketPair(int fds[2]);
/// send(2) on a socket of MakeSocketPair's that never raises SIGPIPE when its peer is gone.
ssize_t Send(int fd, const void* data, std::size_t size);
/// Gives the pipe behind `fd` room for `bytes`, as far as the system allows; else leaves it.
void GrowPipe(int fd, int bytes);
/// Closes this process's descriptors `first` to `last`, both included.
void CloseRange(unsigned first, unsigned last);
/// True when descriptors `a` and `b` of this process are one open file (one open(), dup'ed);
/// false when they are not, or the system cannot tell.
bool SameOpenFile(int a, int b);
/// Allocates the blocks of the first `bytes` of the file behind `fd` now, so that writing there
/// never meets a full disk: 0, or the error number.
int Reserve(int fd, std::uint64_t bytes);
/// Takes a SIGPIPE pending for this thread (blocked), so that it is never delivered.
void DiscardPendingSigpipe();

// --- Processes

/// The path of process `pid`'s executable (this process's: getpid()); empty when it cannot be
/// read (it is gone, or another user's).
std::string ExecutableOf(std::int64_t pid);
/// Names this process as process listings show it (at most 15 bytes), which NameOf then says.
void NameThisProcess(const char* name);
/// The name process `pid` goes by (NameThisProcess's, else its executable's); empty when unknown.
std::string NameOf(std::int64_t pid);
/// Makes this process the one its orphaned descendants are re-parented to, where the system
/// has that; elsewhere they go to init, out of reach.
void AdoptOrphans();
/// Every process descended from `root` (children, their children …), as far as the system
/// lets this process see; empty where it cannot tell.
std::vector<std::int64_t> Descendants(std::int64_t root);

// --- Sockets

/// Which process holds a TCP socket of this machine.
struct SocketHolder {
  enum class Kind {
    kFound,    ///< `pid` holds it.
    kNone,     ///< None of the candidates does (`hidden`: some could not be looked at).
    kGone,     ///< No process holds it any more: its end was closed.
    kUnknown,  ///< The system cannot tell.
  };
  Kind kind = Kind::kUnknown;
  std::int64_t pid = -1;
  bool hidden = false;
};
/// The process among `candidates()` (looked at in their order) that holds the TCP socket from
/// `from_address`:`from_port` to `to_address`:`to_port` (IPv4, in network byte order).
/// `candidates` is called once the socket is known to be held, so that a process that holds it
/// is already among them (and not at all when it is gone or the system cannot tell).
SocketHolder HolderOfSocket(std::uint32_t from_address, std::uint16_t from_port,
                            std::uint32_t to_address, std::uint16_t to_port,
                            const std::function<std::vector<std::int64_t>()>& candidates);

}  // namespace gtest_webhook::platform::system
