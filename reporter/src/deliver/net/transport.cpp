// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The public transport API (gtest_webhook/transport.h): bodies read in pieces, and the libcurl
// transport, which is the network module's (loaded on the first request).

#include "gtest_webhook/transport.h"

#include <memory>
#include <mutex>
#include <string>

#include "deliver/net/net_module.h"

#ifndef GTEST_WEBHOOK_VERSION
#define GTEST_WEBHOOK_VERSION "0.0.0"
#endif

namespace gtest_webhook {
namespace {

// The module's transport, made when the first request is posted, so that making a transport
// loads nothing.
class ModuleTransport final : public Transport {
 public:
  HttpResponse Post(const HttpRequest& request) override {
    std::call_once(made_, [this] { Make(); });
    if (transport_ != nullptr) return transport_->Post(request);
    HttpResponse response;
    // Retrying now would not make it loadable; the report waits in the outbox instead.
    response.failure = TransportFailure::kLocal;
    response.error = failure_;
    return response;
  }

 private:
  void Make() {
    try {
      const detail::NetModule* net = detail::Net(failure_);
      if (net != nullptr) transport_ = net->make_transport();
    } catch (const std::exception& e) {
      failure_ = e.what();
    }
  }

  std::once_flag made_;
  std::unique_ptr<Transport> transport_;
  std::string failure_;
};

}  // namespace

std::unique_ptr<Transport> MakeCurlTransport() { return std::make_unique<ModuleTransport>(); }

void ForEachPiece(const Body& body, const std::function<void(std::string_view)>& sink) {
  const auto reader = body.Open();
  for (auto piece = reader->Next(); !piece.empty(); piece = reader->Next()) sink(piece);
}

std::string ReadAll(const Body& body) {
  std::string bytes;
  bytes.reserve(body.size());
  ForEachPiece(body, [&bytes](std::string_view piece) { bytes.append(piece); });
  return bytes;
}

const char* Version() { return GTEST_WEBHOOK_VERSION; }

}  // namespace gtest_webhook
