// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gtest_webhook::platform {

/// What WaitReadable waits on: a LoopbackServer, a Connection, CancelSignals. Opaque outside
/// platform/ (libuv's uv_os_fd_t): a descriptor on POSIX, a HANDLE or SOCKET on Windows.
class Waitable {
 public:
  explicit Waitable(std::intptr_t native) : native_(native) {}
  /// The system's own value; read only in platform/.
  std::intptr_t native() const { return native_; }

 private:
  std::intptr_t native_;
};

/// Waits until one of `waitables` has something to read (or was closed by its peer), at most
/// `timeout`. Returns, for each of `waitables`, whether it has.
std::vector<bool> WaitReadable(const std::vector<Waitable>& waitables,
                               std::chrono::milliseconds timeout);

/// Where the other end of a connection to a LoopbackServer is.
enum class PeerOrigin {
  kTree,     ///< A process descended from this one holds it.
  kOutside,  ///< A process outside this one's tree holds it.
  kGone,     ///< No process holds it any more (its end was closed), or one of the tree that
             ///< may hold it cannot be looked at (it runs as another user): who cannot be told.
  kUnknown,  ///< This system cannot tell.
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

/// A connection a LoopbackServer accepted: non-blocking, closed when the object goes.
class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Readable when bytes wait or the peer closed.
  Waitable waitable() const;
  /// Reads what the connection holds now and appends it to `out`. False once the peer closed
  /// it (or it failed); true otherwise, including when nothing was there.
  bool ReadAvailable(std::string& out);
  /// Who holds its other end (this machine's process that connected).
  Peer Identify() const;

 private:
  friend class LoopbackServer;
  explicit Connection(std::intptr_t native) : native_(native) {}
  std::intptr_t native_;
#ifdef _WIN32
  std::intptr_t event_ = 0;  // what WaitReadable waits on: WSAEventSelect's event
#endif
};

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
  Waitable waitable() const;
  /// The connections waiting now. When one cannot be accepted (no descriptor left, say), `why`
  /// says why.
  std::vector<std::unique_ptr<Connection>> Accept(std::string& why);

 private:
  LoopbackServer() = default;
  std::intptr_t native_ = -1;
  int port_ = 0;
#ifdef _WIN32
  std::intptr_t event_ = 0;  // as Connection's
#endif
};

/// Writes `bytes` on this process's open TCP connection to `host_port` (`127.0.0.1:PORT`), such
/// as the one GoogleTest streams its results on. False when there is no such connection.
bool WriteOnConnectionTo(const std::string& host_port, std::string_view bytes);

}  // namespace gtest_webhook::platform
