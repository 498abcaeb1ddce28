// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gtest_webhook::platform {

/// A TCP server on 127.0.0.1, on a port the system picks, closed on destruction.
class LoopbackServer {
 public:
  /// nullptr, with `why`, when it cannot listen.
  static std::unique_ptr<LoopbackServer> Open(std::string& why);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  /// Readable when a connection waits.
  int fd() const { return fd_; }
  /// The connections waiting now, as non-blocking descriptors the caller closes (CloseFd).
  /// When one cannot be accepted (no descriptor left, say), `why` says why.
  std::vector<int> Accept(std::string& why);

 private:
  LoopbackServer() = default;
  int fd_ = -1;
  int port_ = 0;
};

/// Waits until one of `fds` has something to read (or was closed by its peer), at most
/// `timeout`. Returns, for each of `fds`, whether it has.
std::vector<bool> WaitReadable(const std::vector<int>& fds, std::chrono::milliseconds timeout);

/// Reads what `fd` holds now and appends it to `out`. False once the peer closed the
/// connection (or it failed); true otherwise, including when nothing was there.
bool ReadAvailable(int fd, std::string& out);

void CloseFd(int fd);

/// Where the other end of a connection to a LoopbackServer is.
enum class PeerOrigin {
  kTree,     ///< A process descended from this one holds it.
  kOutside,  ///< A process outside this one's tree holds it.
  kGone,     ///< No process holds it any more (its end was closed), or one of the tree that
             ///< may hold it cannot be looked at (it runs as another user): who cannot be told.
  kUnknown,  ///< This system cannot tell (Linux tells through /proc).
};

/// Who is at the other end of a connection to a LoopbackServer.
struct Peer {
  PeerOrigin origin = PeerOrigin::kUnknown;
  /// The executable's file name of the process that holds it, when known.
  std::string executable;
  /// Its whole path, when known (empty where the system cannot tell: `run` then counts no
  /// sanitizer report of that process, since nothing shows its executable links a runtime).
  std::string executable_path;
  /// That process's id, when known (else -1).
  std::int64_t pid = -1;
};

/// Who holds the other end of `fd`, a connection from this machine to a LoopbackServer.
Peer IdentifyPeer(int fd);

/// Writes `bytes` on this process's open TCP connection to `host_port` (`127.0.0.1:PORT`), such
/// as the one GoogleTest streams its results on. False when there is no such connection.
bool WriteOnConnectionTo(const std::string& host_port, std::string_view bytes);

}  // namespace gtest_webhook::platform
