#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>

#include "gtest_webhook/delivery.h"
#include "libraries.h"

namespace gtest_webhook {
namespace {

// Responses are kept only for the delivery record (which keeps 4 KiB); a receiver that streams
// megabytes back must not make the test process hold them.
constexpr std::size_t kMaxKeptResponse = 64 * 1024;

std::size_t KeepResponse(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const auto bytes = size * count;
  if (body->size() < kMaxKeptResponse) {
    body->append(data, std::min(bytes, kMaxKeptResponse - body->size()));
  }
  return bytes;
}

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

struct EasyDeleter {
  const detail::CurlApi* api;
  void operator()(CURL* curl) const { api->easy_cleanup(curl); }
};
struct ListDeleter {
  const detail::CurlApi* api;
  void operator()(curl_slist* list) const { api->slist_free_all(list); }
};

// Remembers the Retry-After header of the final response.
std::size_t KeepRetryAfter(char* data, std::size_t size, std::size_t count, void* user) {
  const auto bytes = size * count;
  std::string line(data, bytes);
  static const std::string kName = "retry-after:";
  if (line.size() > kName.size() &&
      std::equal(kName.begin(), kName.end(), line.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
    const auto begin = line.find_first_not_of(" \t", kName.size());
    const auto end = line.find_last_not_of(" \t\r\n");
    if (begin != std::string::npos && end != std::string::npos && end >= begin) {
      *static_cast<std::string*>(user) = line.substr(begin, end - begin + 1);
    }
  } else if (line.rfind("HTTP/", 0) == 0) {
    static_cast<std::string*>(user)->clear();  // a new response (after 1xx) starts
  }
  return bytes;
}

// Retry-After is either delay-seconds or an HTTP date (RFC 9110 10.2.3).
std::optional<std::chrono::milliseconds> ParseRetryAfter(const detail::CurlApi& api,
                                                         const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    if (value.size() > 9) return std::chrono::hours(24 * 365);
    return std::chrono::seconds(std::stol(value));
  }
  const time_t when = api.getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  const auto delay =
      std::chrono::system_clock::from_time_t(when) - std::chrono::system_clock::now();
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(delay));
}

TransportFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportFailure::kNone;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::kTimeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return TransportFailure::kTls;
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

std::string Describe(const detail::CurlApi& api, CURLcode code, const char* detail) {
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
    case CURLE_SSL_CACERT_BADFILE:
      why = "TLS verification failed";
      break;
    case CURLE_GOT_NOTHING:
      why = "the server closed the connection without answering";
      break;
    default:
      why = api.easy_strerror(code);
  }
  if (detail != nullptr && detail[0] != '\0') why += std::string(" (") + detail + ")";
  return why;
}

class CurlTransport final : public Transport {
 public:
  HttpResponse Post(const HttpRequest& request) override {
    HttpResponse response;
    const char* unavailable = nullptr;
    const detail::CurlApi* api = detail::Curl(&unavailable);
    if (api == nullptr) {
      response.failure = TransportFailure::kOther;
      response.error = unavailable;
      return response;
    }
    try {
      std::unique_ptr<CURL, EasyDeleter> curl(api->easy_init(), EasyDeleter{api});
      if (!curl) {
        response.error = "libcurl could not create a handle";
        return response;
      }
      std::unique_ptr<curl_slist, ListDeleter> headers(nullptr, ListDeleter{api});
      const auto add = [&headers, api](const std::string& line) {
        curl_slist* next = api->slist_append(headers.get(), line.c_str());
        if (next != nullptr) {
          (void)headers.release();
          headers.reset(next);
        }
      };
      for (const auto& [name, value] : request.headers) add(name + ": " + value);
      // An empty "Expect:" stops libcurl from waiting for "100 Continue" on larger bodies.
      add("Expect:");

      char error[CURL_ERROR_SIZE] = {};
      CURL* h = curl.get();
      api->easy_setopt(h, CURLOPT_URL, request.url.c_str());
      api->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
      api->easy_setopt(h, CURLOPT_POST, 1L);
      Upload upload(request.body);
      api->easy_setopt(h, CURLOPT_READFUNCTION, &Upload::Read);
      api->easy_setopt(h, CURLOPT_READDATA, &upload);
      api->easy_setopt(h, CURLOPT_SEEKFUNCTION, &Upload::Seek);
      api->easy_setopt(h, CURLOPT_SEEKDATA, &upload);
      api->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body != nullptr ? request.body->size() : 0));
      api->easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
      api->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
      api->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
      api->easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
      api->easy_setopt(
          h, CURLOPT_CONNECTTIMEOUT_MS,
          static_cast<long>(std::min(request.connect_timeout, request.timeout).count()));
      api->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
      api->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
      if (!request.ca_bundle.empty())
        api->easy_setopt(h, CURLOPT_CAINFO, request.ca_bundle.c_str());
      api->easy_setopt(h, CURLOPT_WRITEFUNCTION, &KeepResponse);
      api->easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
      api->easy_setopt(h, CURLOPT_ERRORBUFFER, error);
      std::string retry_after;
      api->easy_setopt(h, CURLOPT_HEADERFUNCTION, &KeepRetryAfter);
      api->easy_setopt(h, CURLOPT_HEADERDATA, &retry_after);

      const CURLcode code = api->easy_perform(h);
      long status = 0;
      api->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
      response.status = static_cast<int>(status);
      response.failure = Classify(code);
      if (code != CURLE_OK) response.error = Describe(*api, code, error);
      response.retry_after = ParseRetryAfter(*api, retry_after);
    } catch (...) {
      response.error = "out of memory while sending";
    }
    return response;
  }
};

}  // namespace

std::unique_ptr<Transport> MakeCurlTransport() { return std::make_unique<CurlTransport>(); }

}  // namespace gtest_webhook
