// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// libcurl must not warn about the one deprecated option used, as a fallback for old releases.
#define CURL_DISABLE_DEPRECATION
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "common.h"
#include "net.h"

namespace gtest_webhook::net {
namespace {

using Clock = std::chrono::steady_clock;

// Feeds libcurl the request body piece by piece, so that it is never held whole.
class Upload {
 public:
  explicit Upload(const Body* body) : body_(body) { Rewind(); }

  static std::size_t Read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto& upload = *static_cast<Upload*>(user);
    try {
      const auto capacity = size * count;
      std::size_t written = 0;
      while (written < capacity && upload.reader_ != nullptr) {
        if (upload.piece_.empty()) {
          upload.piece_ = upload.reader_->Next();
          if (upload.piece_.empty()) {
            upload.reader_.reset();
            break;
          }
        }
        const auto n = std::min(capacity - written, upload.piece_.size());
        std::copy_n(upload.piece_.data(), n, buffer + written);
        upload.piece_.remove_prefix(n);
        written += n;
      }
      return written;
    } catch (...) {
      return CURL_READFUNC_ABORT;
    }
  }

  // libcurl asks to start over when it must send the body again on a new connection.
  static int Seek(void* user, curl_off_t offset, int origin) {
    if (offset != 0 || origin != SEEK_SET) return CURL_SEEKFUNC_CANTSEEK;
    try {
      static_cast<Upload*>(user)->Rewind();
      return CURL_SEEKFUNC_OK;
    } catch (...) {
      return CURL_SEEKFUNC_FAIL;
    }
  }

 private:
  void Rewind() {
    reader_ = body_ != nullptr ? body_->Open() : nullptr;
    piece_ = {};
  }

  const Body* body_;
  std::unique_ptr<BodyReader> reader_;
  std::string_view piece_;
};

bool StartsWithIgnoringCase(const std::string& text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

// The response as it arrives: its status line and headers, then at most kKeptResponse bytes of
// its body, for at most kBodyGrace.
class Answer {
 public:
  Answer(std::string& body, const std::function<bool()>& abandon)
      : body_(body), abandon_(abandon) {}

  // True once a final (not 1xx) response's headers have all arrived.
  bool Complete() const { return complete_; }
  // True when the request's `abandon` ended the transfer.
  bool Abandoned() const { return abandoned_; }
  const std::string& RetryAfter() const { return retry_after_; }

  static std::size_t Header(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<Answer*>(user)->AddHeader(std::string(data, size * count));
    return size * count;
  }

  static std::size_t Write(char* data, std::size_t size, std::size_t count, void* user) {
    auto& answer = *static_cast<Answer*>(user);
    const auto bytes = size * count;
    const auto room = kKeptResponse - answer.body_.size();
    answer.body_.append(data, std::min(bytes, room));
    return bytes < room ? bytes : 0;  // 0 stops the transfer: all that is kept is here
  }

  static int Progress(void* user, curl_off_t /*download_total*/, curl_off_t /*downloaded*/,
                      curl_off_t /*upload_total*/, curl_off_t /*uploaded*/) {
    auto& answer = *static_cast<Answer*>(user);
    if (answer.abandon_ && answer.abandon_()) {
      answer.abandoned_ = true;
      return 1;
    }
    return answer.complete_ && Clock::now() - answer.complete_at_ > kBodyGrace ? 1 : 0;
  }

 private:
  void AddHeader(const std::string& line) {
    if (line.rfind("HTTP/", 0) == 0) {  // a response starts (again, after a 1xx)
      const auto space = line.find(' ');
      informational_ = space != std::string::npos && line.compare(space + 1, 1, "1") == 0;
      retry_after_.clear();
    } else if (line == "\r\n" || line == "\n") {
      complete_ = !informational_;
      complete_at_ = Clock::now();
    } else if (StartsWithIgnoringCase(line, "retry-after:")) {
      const auto begin = line.find_first_not_of(" \t", 12);
      const auto end = line.find_last_not_of(" \t\r\n");
      if (begin != std::string::npos && end != std::string::npos && end >= begin) {
        retry_after_ = line.substr(begin, end - begin + 1);
      }
    }
  }

  std::string& body_;
  const std::function<bool()>& abandon_;
  bool abandoned_ = false;
  std::string retry_after_;
  bool informational_ = false;
  bool complete_ = false;
  Clock::time_point complete_at_;
};

TransportFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportFailure::kNone;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::kTimeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return TransportFailure::kTls;
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_OUT_OF_MEMORY:
      return TransportFailure::kLocal;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportFailure::kConnection;
    default:
      return TransportFailure::kOther;
  }
}

std::string Describe(CURLcode code, const char* detail) {
  std::string why;
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      why = "could not connect";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      why = "timed out";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
      why = "could not resolve the host";
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
      why = "TLS verification failed";
      break;
    case CURLE_SSL_CACERT_BADFILE:
      why = "the CA bundle (GTEST_WEBHOOK_CA_BUNDLE) cannot be used";
      break;
    case CURLE_GOT_NOTHING:
      why = "the server closed the connection without answering";
      break;
    default:
      why = curl_easy_strerror(code);
  }
  if (detail != nullptr && detail[0] != '\0') why += std::string(" (") + detail + ")";
  return why;
}

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Headers = std::unique_ptr<curl_slist, ListDeleter>;

// Sets options on a handle, checking each: a libcurl that refuses one (too old for it, or
// built without it) must not send without it. Throws std::runtime_error naming the option.
class Setter {
 public:
  explicit Setter(CURL* curl) : curl_(curl) {}

  template <typename Value>
  void operator()(CURLoption option, const char* name, Value value) {
    const CURLcode code = curl_easy_setopt(curl_, option, value);
    if (code != CURLE_OK) throw std::runtime_error(Refused(name, code));
  }

  // Only http and https, ever: the URL is checked, but a libcurl must never follow it into
  // another protocol. The bitmask option is the fallback for releases before 7.85.
  void RestrictProtocols() {
    CURLcode code = curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code == CURLE_UNKNOWN_OPTION) {
      code = curl_easy_setopt(curl_, CURLOPT_PROTOCOLS, long{CURLPROTO_HTTP | CURLPROTO_HTTPS});
    }
    if (code != CURLE_OK) throw std::runtime_error(Refused("CURLOPT_PROTOCOLS_STR", code));
  }

 private:
  static std::string Refused(const char* name, CURLcode code) {
    return std::string("libcurl ") + curl_version_info(CURLVERSION_NOW)->version + " refused " +
           name + " (" + curl_easy_strerror(code) + "), so nothing was sent";
  }

  CURL* curl_;
};

#define GTEST_WEBHOOK_SET(option, value) set(option, #option, value)

Headers RequestHeaders(const HttpRequest& request) {
  Headers headers;
  const auto add = [&headers](const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next == nullptr) throw std::bad_alloc();
    (void)headers.release();
    headers.reset(next);
  };
  // "Name:" would tell libcurl to leave the header out; "Name;" sends it with an empty value.
  for (const auto& [name, value] : request.headers) {
    add(value.empty() ? name + ";" : name + ": " + value);
  }
  // An empty "Expect:" stops libcurl from waiting for "100 Continue" on larger bodies.
  add("Expect:");
  return headers;
}

void SetConnection(Setter& set, const HttpRequest& request) {
  GTEST_WEBHOOK_SET(CURLOPT_URL, request.url.c_str());
  set.RestrictProtocols();
  GTEST_WEBHOOK_SET(CURLOPT_FOLLOWLOCATION, 0L);
  GTEST_WEBHOOK_SET(CURLOPT_NOSIGNAL, 1L);
  GTEST_WEBHOOK_SET(CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  GTEST_WEBHOOK_SET(CURLOPT_CONNECTTIMEOUT_MS,
                    static_cast<long>(std::min(request.connect_timeout, request.timeout).count()));
  GTEST_WEBHOOK_SET(CURLOPT_SSL_VERIFYPEER, 1L);
  GTEST_WEBHOOK_SET(CURLOPT_SSL_VERIFYHOST, 2L);
  if (!request.ca_bundle.empty()) GTEST_WEBHOOK_SET(CURLOPT_CAINFO, request.ca_bundle.c_str());
  // A proxy's own "200 Connection established" must never pass for the receiver's answer.
  GTEST_WEBHOOK_SET(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
}

void SetExchange(Setter& set, const HttpRequest& request, const Headers& headers, Upload& upload,
                 Answer& answer, char* error) {
  GTEST_WEBHOOK_SET(CURLOPT_POST, 1L);
  // The body is sent as for a POST; only the request line names another method.
  if (request.method != "POST") GTEST_WEBHOOK_SET(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  GTEST_WEBHOOK_SET(CURLOPT_READFUNCTION, &Upload::Read);
  GTEST_WEBHOOK_SET(CURLOPT_READDATA, &upload);
  GTEST_WEBHOOK_SET(CURLOPT_SEEKFUNCTION, &Upload::Seek);
  GTEST_WEBHOOK_SET(CURLOPT_SEEKDATA, &upload);
  GTEST_WEBHOOK_SET(CURLOPT_POSTFIELDSIZE_LARGE,
                    static_cast<curl_off_t>(request.body != nullptr ? request.body->size() : 0));
  GTEST_WEBHOOK_SET(CURLOPT_HTTPHEADER, headers.get());
  GTEST_WEBHOOK_SET(CURLOPT_HEADERFUNCTION, &Answer::Header);
  GTEST_WEBHOOK_SET(CURLOPT_HEADERDATA, &answer);
  GTEST_WEBHOOK_SET(CURLOPT_WRITEFUNCTION, &Answer::Write);
  GTEST_WEBHOOK_SET(CURLOPT_WRITEDATA, &answer);
  GTEST_WEBHOOK_SET(CURLOPT_XFERINFOFUNCTION, &Answer::Progress);
  GTEST_WEBHOOK_SET(CURLOPT_XFERINFODATA, &answer);
  GTEST_WEBHOOK_SET(CURLOPT_NOPROGRESS, 0L);
  GTEST_WEBHOOK_SET(CURLOPT_ERRORBUFFER, error);
}

#undef GTEST_WEBHOOK_SET

void Perform(const HttpRequest& request, HttpResponse& response) {
  const std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("libcurl could not create a handle");
  const Headers headers = RequestHeaders(request);
  Upload upload(request.body);
  Answer answer(response.body, request.abandon);
  char error[CURL_ERROR_SIZE] = {};
  Setter set(curl.get());
  SetConnection(set, request);
  SetExchange(set, request, headers, upload, answer, error);

  const CURLcode code = curl_easy_perform(curl.get());
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  response.retry_after = ParseRetryAfter(answer.RetryAfter(), [](const std::string& date) {
    const time_t when = curl_getdate(date.c_str(), nullptr);
    return when < 0 ? std::nullopt : std::optional<std::int64_t>(when);
  });
  // Once the status line and headers are in, the receiver has answered; whatever stopped the
  // body after that (its end never coming, or all that is kept being there) changes nothing.
  if (code == CURLE_OK || (answer.Complete() && status != 0)) return;
  response.failure = Classify(code);
  response.error = Describe(code, error);
  if (answer.Abandoned()) {
    response.failure = TransportFailure::kTimeout;
    response.error = kAbandoned;
  }
}

class CurlTransport final : public Transport {
 public:
  HttpResponse Post(const HttpRequest& request) override {
    return Guarded([&request](HttpResponse& response) { Perform(request, response); });
  }
};

}  // namespace

std::unique_ptr<Transport> MakeTransport() {
  // Once per process, never paired with curl_global_cleanup: that would be work in a
  // destructor or atexit handler, which death-test children run.
  static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (initialised != CURLE_OK) throw std::runtime_error("libcurl could not be initialised");
  return std::make_unique<CurlTransport>();
}

}  // namespace gtest_webhook::net
