// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The transport on Windows: WinHTTP, the system's own HTTP client, so that nothing is installed
// on a Windows runner and TLS trusts the Windows certificate store. Synchronous: one request per
// call, its body written piece by piece, every wait bounded by what is left of the attempt.
// HttpRequest::abandon is asked between pieces of the body only: a wait for the answer ends
// with the attempt's timeout (libcurl's transport asks about once a second).

#include <windows.h>
#include <winhttp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "common.h"
#include "net.h"
#include "platform/windows/text.h"

namespace gtest_webhook::net {
namespace {

using Clock = std::chrono::steady_clock;

struct HandleCloser {
  void operator()(HINTERNET handle) const { WinHttpCloseHandle(handle); }
};
using Handle = std::unique_ptr<void, HandleCloser>;

using platform::windows::Narrow;
using platform::windows::Wide;

std::string ErrorText(DWORD code) { return platform::windows::ErrorText(code, L"winhttp.dll"); }

// What a Winsock error that WinHTTP passes on (Wine's does) stands for among WinHTTP's own.
DWORD AsWinHttp(DWORD code) {
  switch (code) {
    case WSAETIMEDOUT:
      return ERROR_WINHTTP_TIMEOUT;
    case WSAECONNREFUSED:
    case WSAEHOSTUNREACH:
    case WSAENETUNREACH:
      return ERROR_WINHTTP_CANNOT_CONNECT;
    case WSAECONNRESET:
    case WSAECONNABORTED:
      return ERROR_WINHTTP_CONNECTION_ERROR;
    default:
      return code;
  }
}

TransportFailure Classify(DWORD code) {
  switch (AsWinHttp(code)) {
    case ERROR_WINHTTP_TIMEOUT:
      return TransportFailure::kTimeout;
    case ERROR_WINHTTP_SECURE_FAILURE:
    case ERROR_WINHTTP_SECURE_CERT_CN_INVALID:
    case ERROR_WINHTTP_SECURE_CERT_DATE_INVALID:
    case ERROR_WINHTTP_SECURE_INVALID_CA:
    case ERROR_WINHTTP_SECURE_CERT_REVOKED:
    case ERROR_WINHTTP_SECURE_INVALID_CERT:
    case ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE:
      return TransportFailure::kTls;
    case ERROR_NOT_ENOUGH_MEMORY:
      return TransportFailure::kLocal;
    case ERROR_WINHTTP_CANNOT_CONNECT:
    case ERROR_WINHTTP_CONNECTION_ERROR:
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
    case ERROR_WINHTTP_INVALID_SERVER_RESPONSE:
    case ERROR_WINHTTP_SECURE_CHANNEL_ERROR:
      return TransportFailure::kConnection;
    default:
      return TransportFailure::kOther;
  }
}

std::string Describe(DWORD code) {
  switch (AsWinHttp(code)) {
    case ERROR_WINHTTP_CANNOT_CONNECT:
      return "could not connect (" + ErrorText(code) + ")";
    case ERROR_WINHTTP_TIMEOUT:
      return "timed out (" + ErrorText(code) + ")";
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
      return "could not resolve the host (" + ErrorText(code) + ")";
    case ERROR_WINHTTP_SECURE_FAILURE:
      return "TLS verification failed (" + ErrorText(code) + ")";
    case ERROR_WINHTTP_CONNECTION_ERROR:
    case ERROR_WINHTTP_INVALID_SERVER_RESPONSE:
      return "the server closed the connection without answering (" + ErrorText(code) + ")";
    default:
      return ErrorText(code);
  }
}

// A failed WinHTTP call, as the failure it stands for.
struct Failed {
  DWORD code;
};

void Check(BOOL ok) {
  if (!ok) throw Failed{GetLastError()};
}

// The parts of a URL that WinHTTP connects with.
struct Target {
  std::wstring host;
  INTERNET_PORT port = 0;
  std::wstring path;  // with the query
  bool secure = false;
};

Target Crack(const std::string& url) {
  const auto wide = Wide(url);
  URL_COMPONENTS parts{};
  parts.dwStructSize = sizeof parts;
  parts.dwHostNameLength = static_cast<DWORD>(-1);
  parts.dwUrlPathLength = static_cast<DWORD>(-1);
  parts.dwExtraInfoLength = static_cast<DWORD>(-1);
  parts.dwSchemeLength = static_cast<DWORD>(-1);
  Check(WinHttpCrackUrl(wide.c_str(), static_cast<DWORD>(wide.size()), 0, &parts));
  if (parts.nScheme != INTERNET_SCHEME_HTTP && parts.nScheme != INTERNET_SCHEME_HTTPS) {
    throw std::runtime_error("only http:// and https:// URLs are sent");
  }
  Target target;
  target.host.assign(parts.lpszHostName, parts.dwHostNameLength);
  target.port = parts.nPort;
  target.path.assign(parts.lpszUrlPath, parts.dwUrlPathLength);
  target.path.append(parts.lpszExtraInfo, parts.dwExtraInfoLength);
  if (target.path.empty()) target.path = L"/";
  target.secure = parts.nScheme == INTERNET_SCHEME_HTTPS;
  return target;
}

// One attempt's clock: every wait is bounded by what is left of request.timeout.
class Deadline {
 public:
  explicit Deadline(const HttpRequest& request)
      : request_(request), end_(Clock::now() + request.timeout) {}

  // What is left, in milliseconds for WinHTTP (at least 1: 0 would mean "no limit").
  int Left(std::chrono::milliseconds most) const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - Clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(std::min(left, most).count(), 1, INT32_MAX));
  }
  int Left() const { return Left(request_.timeout); }

  // Throws the timeout when the attempt has run out, or was told to stop.
  void Check() const {
    if (request_.abandon && request_.abandon()) throw std::domain_error(kAbandoned);
    if (Clock::now() >= end_) throw Failed{ERROR_WINHTTP_TIMEOUT};
  }

  // Bounds the waits of `handle` that come next.
  void Bound(HINTERNET handle, std::chrono::milliseconds most) const {
    const int left = Left(most);
    const int connect = Left(std::min(request_.connect_timeout, most));
    net::Check(WinHttpSetTimeouts(handle, connect, connect, left, left));
    // The wait for the answer's headers has a bound of its own (90 s unless set).
    DWORD response = static_cast<DWORD>(left);
    net::Check(WinHttpSetOption(handle, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &response,
                                sizeof response));
  }

 private:
  const HttpRequest& request_;
  Clock::time_point end_;
};

// A request and the connection it is made on, closed in that order.
struct Exchange {
  Handle connection;
  Handle request;
};

Exchange Open(HINTERNET session, const Target& target, const HttpRequest& request) {
  Exchange exchange;
  exchange.connection.reset(WinHttpConnect(session, target.host.c_str(), target.port, 0));
  Check(exchange.connection != nullptr);
  exchange.request.reset(WinHttpOpenRequest(
      exchange.connection.get(), Wide(request.method).c_str(), target.path.c_str(), nullptr,
      WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, target.secure ? WINHTTP_FLAG_SECURE : 0));
  Check(exchange.request != nullptr);
  HINTERNET handle = exchange.request.get();
  DWORD never = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
  Check(WinHttpSetOption(handle, WINHTTP_OPTION_REDIRECT_POLICY, &never, sizeof never));
  std::wstring headers;
  for (const auto& [name, value] : request.headers) headers += Wide(name + ": " + value + "\r\n");
  if (!headers.empty()) {
    Check(WinHttpAddRequestHeaders(handle, headers.c_str(), static_cast<DWORD>(headers.size()),
                                   WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_REPLACE));
  }
  return exchange;
}

void SendBody(HINTERNET handle, const HttpRequest& request, const Deadline& deadline) {
  const std::uint64_t size = request.body != nullptr ? request.body->size() : 0;
  if (size > MAXDWORD) throw std::runtime_error("a body over 4 GiB cannot be sent");
  deadline.Bound(handle, request.timeout);
  Check(WinHttpSendRequest(handle, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0,
                           static_cast<DWORD>(size), 0));
  if (request.body == nullptr) return;
  const auto reader = request.body->Open();
  for (auto piece = reader->Next(); !piece.empty(); piece = reader->Next()) {
    while (!piece.empty()) {
      deadline.Check();
      deadline.Bound(handle, request.timeout);
      DWORD written = 0;
      const auto chunk = static_cast<DWORD>(std::min<std::size_t>(piece.size(), 1U << 20U));
      Check(WinHttpWriteData(handle, piece.data(), chunk, &written));
      piece.remove_prefix(written);
    }
  }
}

std::string Header(HINTERNET handle, DWORD which) {
  DWORD bytes = 0;
  WinHttpQueryHeaders(handle, which, WINHTTP_HEADER_NAME_BY_INDEX, WINHTTP_NO_OUTPUT_BUFFER, &bytes,
                      WINHTTP_NO_HEADER_INDEX);
  if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || bytes == 0) return {};
  std::wstring value(bytes / sizeof(wchar_t), L'\0');
  if (!WinHttpQueryHeaders(handle, which, WINHTTP_HEADER_NAME_BY_INDEX, value.data(), &bytes,
                           WINHTTP_NO_HEADER_INDEX)) {
    return {};
  }
  value.resize(bytes / sizeof(wchar_t));
  return Narrow(value);
}

std::optional<std::int64_t> HttpDate(const std::string& text) {
  SYSTEMTIME time{};
  FILETIME file{};
  if (!WinHttpTimeToSystemTime(Wide(text).c_str(), &time) || !SystemTimeToFileTime(&time, &file)) {
    return std::nullopt;
  }
  // 100-nanosecond intervals since 1601-01-01.
  const auto ticks = (static_cast<std::uint64_t>(file.dwHighDateTime) << 32U) | file.dwLowDateTime;
  return static_cast<std::int64_t>(ticks / 10'000'000ULL) - 11'644'473'600LL;
}

// The status and headers, then at most kKeptResponse bytes of the body, for at most kBodyGrace:
// once the headers are in, the receiver has answered, and whatever stops the body changes
// nothing.
void Receive(HINTERNET handle, const Deadline& deadline, HttpResponse& response) {
  Check(WinHttpReceiveResponse(handle, nullptr));
  DWORD status = 0;
  DWORD bytes = sizeof status;
  Check(WinHttpQueryHeaders(handle, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                            WINHTTP_HEADER_NAME_BY_INDEX, &status, &bytes,
                            WINHTTP_NO_HEADER_INDEX));
  response.status = static_cast<int>(status);
  response.retry_after = ParseRetryAfter(Header(handle, WINHTTP_QUERY_RETRY_AFTER), HttpDate);
  deadline.Bound(handle, kBodyGrace);
  char buffer[kKeptResponse];
  while (response.body.size() < kKeptResponse) {
    DWORD read = 0;
    const auto room = static_cast<DWORD>(kKeptResponse - response.body.size());
    if (!WinHttpReadData(handle, buffer, room, &read) || read == 0) return;
    response.body.append(buffer, read);
  }
}

void Perform(HINTERNET session, const HttpRequest& request, HttpResponse& response) {
  if (!request.ca_bundle.empty()) {
    response.failure = TransportFailure::kLocal;
    response.error =
        "the CA bundle (GTEST_WEBHOOK_CA_BUNDLE) cannot be used on Windows: WinHTTP trusts the "
        "Windows certificate store; add the certificate there instead";
    return;
  }
  const Deadline deadline(request);
  try {
    const auto exchange = Open(session, Crack(request.url), request);
    SendBody(exchange.request.get(), request, deadline);
    Receive(exchange.request.get(), deadline, response);
  } catch (const Failed& failed) {
    if (response.status != 0) return;  // answered; only the body's end was missing
    response.failure = Classify(failed.code);
    response.error = Describe(failed.code);
  } catch (const std::domain_error& abandoned) {
    response.failure = TransportFailure::kTimeout;
    response.error = abandoned.what();
  }
}

class WinHttpTransport final : public Transport {
 public:
  WinHttpTransport() {
    // The system's proxy settings (and, before Windows 8.1, the WinHTTP proxy netsh sets).
    const std::wstring agent = L"gtest-webhook/" + Wide(GTEST_WEBHOOK_VERSION);
    session_.reset(WinHttpOpen(agent.c_str(), WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                               WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0));
    if (!session_) {
      session_.reset(WinHttpOpen(agent.c_str(), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                                 WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0));
    }
    if (!session_) {
      throw std::runtime_error("WinHTTP could not be initialised: " + ErrorText(GetLastError()));
    }
  }

  HttpResponse Post(const HttpRequest& request) override {
    return Guarded(
        [this, &request](HttpResponse& response) { Perform(session_.get(), request, response); });
  }

 private:
  Handle session_;
};

}  // namespace

std::unique_ptr<Transport> MakeTransport() { return std::make_unique<WinHttpTransport>(); }

}  // namespace gtest_webhook::net
