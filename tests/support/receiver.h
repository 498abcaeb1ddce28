// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gtest_webhook::testing {

/// One request as the receiver saw it.
struct ReceivedRequest {
  std::string method;
  std::string path;
  std::string body;
  httplib::Headers headers;  // case-insensitive names

  /// The first value of header `name`, empty when absent.
  std::string Header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

/// How the receiver answers one request.
struct Answer {
  int status = 200;
  std::string body = "ok";
  std::chrono::milliseconds delay{0};
  /// Extra response headers, e.g. Retry-After.
  std::vector<std::pair<std::string, std::string>> headers = {};
};

/// Whether this build's receivers speak HTTPS: not in a build for a system whose OpenSSL is not at
/// hand (GTEST_WEBHOOK_LINK_NET=OFF), whose TLS tests skip.
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
inline constexpr bool kReceiversSpeakTls = true;
#else
inline constexpr bool kReceiversSpeakTls = false;
#endif

/// An HTTP receiver on 127.0.0.1 with an ephemeral port, running for the lifetime of the
/// object. It records every request under a mutex, answers as scripted, and lets a test wait
/// for a number of requests. Given a certificate and key, it speaks HTTPS.
class Receiver {
 public:
  Receiver() : Receiver(std::make_unique<httplib::Server>(), "http") {}
  /// On `port` (one FreePort gave): the receiver that comes back where one was down.
  explicit Receiver(int port) : Receiver(std::make_unique<httplib::Server>(), "http", port) {}
  /// (Where kReceiversSpeakTls is false, a receiver of plain HTTP.)
  Receiver(const std::string& cert_path, const std::string& key_path)
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
      : Receiver(std::make_unique<httplib::SSLServer>(cert_path.c_str(), key_path.c_str()),
                 "https"){}
#else
      : Receiver() {
    static_cast<void>(cert_path);
    static_cast<void>(key_path);
  }
#endif

        private
      : Receiver(std::unique_ptr<httplib::Server> server, std::string scheme, int port = 0)
      : owned_(std::move(server)), server_(*owned_), scheme_(std::move(scheme)) {
    const auto handle = [this](const httplib::Request& request, httplib::Response& response) {
      Answer answer;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back({request.method, request.path, request.body, request.headers});
        answer = script_ ? script_(requests_.back(), requests_.size()) : Answer{};
      }
      changed_.notify_all();
      if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
      for (const auto& [name, value] : answer.headers) response.set_header(name, value);
      response.status = answer.status;
      response.set_content(answer.body, "text/plain");
    };
    server_.Post(".*", handle);
    server_.Put(".*", handle);  // a Pushgateway group is replaced with PUT
    port_ = port == 0 ? server_.bind_to_any_port("127.0.0.1")
                      : (server_.bind_to_port("127.0.0.1", port) ? port : -1);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }

 public:
  ~Receiver() {
    // stop() is a no-op until the accept loop runs; wait for it (bounded) before stopping.
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    server_.stop();
    thread_.join();
  }

  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  int port() const { return port_; }

  /// The URL of `path` on this receiver.
  std::string Url(const std::string& path = "/hook") const {
    return scheme_ + "://127.0.0.1:" + std::to_string(port_) + path;
  }

  /// Scripts the answers: called with each request and its 1-based number.
  void Script(std::function<Answer(const ReceivedRequest&, std::size_t)> script) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_ = std::move(script);
  }

  /// Waits until at least `count` requests arrived; false on timeout.
  bool WaitFor(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
  }

  std::vector<ReceivedRequest> Requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  std::unique_ptr<httplib::Server> owned_;
  httplib::Server& server_;
  std::string scheme_;
  int port_ = -1;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ReceivedRequest> requests_;
  std::function<Answer(const ReceivedRequest&, std::size_t)> script_;
};

}  // namespace gtest_webhook::testing
