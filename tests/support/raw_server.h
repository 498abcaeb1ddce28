// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace gtest_webhook::testing {

/// The few socket calls the raw server makes, on Winsock and on POSIX.
namespace raw_socket {
#ifdef _WIN32
using Socket = SOCKET;
inline Socket Open() {
  WSADATA data;
  ::WSAStartup(MAKEWORD(2, 2), &data);  // counted: the server's Done() gives it back
  return ::WSASocketW(AF_INET, SOCK_STREAM, 0, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
}
inline void Close(Socket socket) { ::closesocket(socket); }
inline void Done() { ::WSACleanup(); }
inline int Poll(pollfd* wait, int milliseconds) { return ::WSAPoll(wait, 1, milliseconds); }
inline long Read(Socket socket, char* buffer, std::size_t size) {
  return ::recv(socket, buffer, static_cast<int>(size), 0);
}
inline bool WriteAll(Socket socket, const std::string& bytes) {
  return ::send(socket, bytes.data(), static_cast<int>(bytes.size()), 0) ==
         static_cast<int>(bytes.size());
}
#else
using Socket = int;
inline Socket Open() {
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  ::fcntl(socket, F_SETFD, FD_CLOEXEC);  // (macOS has no SOCK_CLOEXEC)
  return socket;
}
inline void Close(Socket socket) { ::close(socket); }
inline void Done() {}
inline int Poll(pollfd* wait, int milliseconds) { return ::poll(wait, 1, milliseconds); }
inline long Read(Socket socket, char* buffer, std::size_t size) {
  return ::read(socket, buffer, size);
}
inline bool WriteAll(Socket socket, const std::string& bytes) {
  return ::send(socket, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
         static_cast<ssize_t>(bytes.size());
}
#endif
}  // namespace raw_socket

/// A TCP server on 127.0.0.1 (ephemeral port) that gives every connection, in a thread of its
/// own, to a handler speaking whatever it likes: for receivers that misbehave in ways an HTTP
/// library would not let a test server misbehave.
class RawServer {
 public:
  /// `handle(client, stopping)` owns the connection until it returns (the server closes it);
  /// `stopping()` turns true when the server is going away.
  using Client = raw_socket::Socket;
  using Handler = std::function<void(Client client, const std::function<bool()>& stopping)>;

  explicit RawServer(Handler handle) : handle_(std::move(handle)) {
    fd_ = raw_socket::Open();
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 16);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RawServer() {
    stop_ = true;
    thread_.join();
    for (auto& connection : connections_) connection.join();
    raw_socket::Close(fd_);
    raw_socket::Done();
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  /// How many connections were accepted.
  int connections() const { return accepted_; }

  /// Reads what the client sends for up to `wait` (a request, usually).
  static std::string ReadFor(Client client, std::chrono::milliseconds wait) {
    std::string got;
    char buffer[4096];
    pollfd readable{client, POLLIN, 0};
    while (raw_socket::Poll(&readable, static_cast<int>(wait.count())) > 0) {
      const auto n = raw_socket::Read(client, buffer, sizeof buffer);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
      if (got.find("\r\n\r\n") != std::string::npos) wait = std::chrono::milliseconds(50);
    }
    return got;
  }

  /// Writes `bytes`; false once the client is gone.
  static bool Write(Client client, const std::string& bytes) {
    return raw_socket::WriteAll(client, bytes);
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd wait{fd_, POLLIN, 0};
      if (raw_socket::Poll(&wait, 20) <= 0) continue;
      const Client client = ::accept(fd_, nullptr, nullptr);
      if (client == kNone) continue;
      ++accepted_;
      connections_.emplace_back([this, client] {
        handle_(client, [this] { return stop_.load(); });
        raw_socket::Close(client);
      });
    }
  }

  static constexpr Client kNone = static_cast<Client>(-1);  // INVALID_SOCKET on Winsock
  Handler handle_;
  Client fd_ = kNone;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::vector<std::thread> connections_;
  std::thread thread_;
};

/// A receiver that drops connections: reads what comes for a moment, closes without answering.
class DroppingServer : public RawServer {
 public:
  DroppingServer()
      : RawServer([](Client client, const std::function<bool()>&) {
          ReadFor(client, std::chrono::milliseconds(200));
        }) {}
};

}  // namespace gtest_webhook::testing
