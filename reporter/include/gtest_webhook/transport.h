// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The transport that carries reports, for an integration that sends them its own way (a proxy
// of its own, a test double): a Transport receives each request with its body, read in pieces.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gtest_webhook {

/// Reads a Body from its start, one piece at a time.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  /// The next piece of the body; empty once it is complete. Valid until the next call.
  virtual std::string_view Next() = 0;
};

/// Request body bytes that can be read any number of times, by several threads at once, each
/// from the start. A report's payload is one: it is serialised afresh on every read instead of
/// being held whole, because for 200,000 tests it is tens of megabytes.
class Body {
 public:
  virtual ~Body() = default;
  /// The length in bytes.
  virtual std::uint64_t size() const = 0;
  /// A reader positioned at the first byte.
  virtual std::unique_ptr<BodyReader> Open() const = 0;
};

/// Gives every piece of `body` to `sink`, in order.
void ForEachPiece(const Body& body, const std::function<void(std::string_view)>& sink);

/// All of `body`'s bytes in one string (for small bodies and tests).
std::string ReadAll(const Body& body);

/// One HTTP request (a POST, or a PUT) as the transport performs it.
struct HttpRequest {
  std::string url;
  /// The HTTP method: POST, or PUT (a Pushgateway group, replaced whole).
  std::string method = "POST";
  /// Every header to send, in order, already including content type and identity headers.
  std::vector<std::pair<std::string, std::string>> headers;
  /// The bytes to send, read in pieces during the call; nullptr sends an empty body.
  const Body* body = nullptr;
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  /// CA certificate file; empty means the system store.
  std::string ca_bundle;
  /// Asked during the transfer (about once a second, and whenever data moves): when it returns
  /// true, the attempt is abandoned as timed out. Empty: never.
  std::function<bool()> abandon;
};

/// Why a request got no HTTP answer.
enum class TransportFailure {
  kNone,        ///< An HTTP status was received.
  kConnection,  ///< Could not connect, or the connection broke; worth retrying.
  kTimeout,     ///< The attempt ran out of time; worth retrying.
  kTls,         ///< The peer's certificate did not verify; never retried.
  kLocal,       ///< This machine could not make the request (its CA bundle cannot be used …);
                ///< not retried now, but the report is kept for later.
  kOther,       ///< Anything else (bad URL, out of memory …); never retried.
};

/// What came back: an HTTP status, or a transport failure (`status` 0, `error` says why).
struct HttpResponse {
  int status = 0;
  /// Why no HTTP status was received (connection refused, timeout, TLS failure …).
  std::string error;
  std::string body;
  TransportFailure failure = TransportFailure::kNone;
  /// The `Retry-After` header as a delay from now (seconds or HTTP date), when present.
  std::optional<std::chrono::milliseconds> retry_after;
  /// True for a 2xx answer.
  explicit operator bool() const { return error.empty() && status >= 200 && status < 300; }
};

/// Sends one request. Implementations must be safe to call from several threads at once and
/// must never throw.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Performs `request` and returns what happened.
  virtual HttpResponse Post(const HttpRequest& request) = 0;
};

/// The libcurl transport: TLS peers verified, redirects not followed, proxies from the standard
/// variables, no signals raised.
std::unique_ptr<Transport> MakeCurlTransport();

/// The library version, e.g. "0.1.0".
const char* Version();

}  // namespace gtest_webhook
