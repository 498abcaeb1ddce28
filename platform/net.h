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

/// The executable name of the process at the other end of `fd`, a connection from this
/// machine to a LoopbackServer, when it can be found (Linux: the process must still run);
/// empty otherwise.
std::string PeerExecutableName(int fd);

/// Writes `bytes` on this process's open TCP connection to `host_port` (`127.0.0.1:PORT`), such
/// as the one GoogleTest streams its results on. False when there is no such connection.
bool WriteOnConnectionTo(const std::string& host_port, std::string_view bytes);

}  // namespace gtest_webhook::platform
