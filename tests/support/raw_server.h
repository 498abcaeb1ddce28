// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace gtest_webhook::testing {

/// A TCP server on 127.0.0.1 (ephemeral port) that gives every connection, in a thread of its
/// own, to a handler speaking whatever it likes: for receivers that misbehave in ways an HTTP
/// library would not let a test server misbehave.
class RawServer {
 public:
  /// `handle(client, stopping)` owns the connection until it returns (the server closes it);
  /// `stopping()` turns true when the server is going away.
  using Handler = std::function<void(int client, const std::function<bool()>& stopping)>;

  explicit RawServer(Handler handle) : handle_(std::move(handle)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    ::fcntl(fd_, F_SETFD, FD_CLOEXEC);  // (macOS has no SOCK_CLOEXEC)
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
    ::close(fd_);
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  /// How many connections were accepted.
  int connections() const { return accepted_; }

  /// Reads what the client sends for up to `wait` (a request, usually).
  static std::string ReadFor(int client, std::chrono::milliseconds wait) {
    std::string got;
    char buffer[4096];
    pollfd readable{client, POLLIN, 0};
    while (::poll(&readable, 1, static_cast<int>(wait.count())) > 0) {
      const auto n = ::read(client, buffer, sizeof buffer);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
      if (got.find("\r\n\r\n") != std::string::npos) wait = std::chrono::milliseconds(50);
    }
    return got;
  }

  /// Writes `bytes`; false once the client is gone.
  static bool Write(int client, const std::string& bytes) {
    return ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd wait{fd_, POLLIN, 0};
      if (::poll(&wait, 1, 20) <= 0) continue;
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      ++accepted_;
      connections_.emplace_back([this, client] {
        handle_(client, [this] { return stop_.load(); });
        ::close(client);
      });
    }
  }

  Handler handle_;
  int fd_ = -1;
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
      : RawServer([](int client, const std::function<bool()>&) {
          ReadFor(client, std::chrono::milliseconds(200));
        }) {}
};

}  // namespace gtest_webhook::testing
