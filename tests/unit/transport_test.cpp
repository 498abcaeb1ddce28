// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The network module of this system, loaded as the reporter loads it, against real servers on
// 127.0.0.1: libcurl and OpenSSL on Linux, WinHTTP and BCrypt on Windows (built with MinGW-w64
// and run under Wine here). The same tests on each: a report is carried alike everywhere.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "deliver/net/net_module.h"
#include "gtest_webhook/signing.h"
#include "receiver.h"

namespace gtest_webhook::detail {
namespace {

using std::chrono::milliseconds;

const NetModule& Module() {
  std::string why;
  const NetModule* module = Net(why);
  if (module == nullptr) throw std::runtime_error(why);
  return *module;
}

// A body read in pieces of `piece` bytes, as a payload is.
class PiecesBody final : public Body {
 public:
  PiecesBody(std::string bytes, std::size_t piece) : bytes_(std::move(bytes)), piece_(piece) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::unique_ptr<BodyReader> Open() const override {
    return std::make_unique<Reader>(bytes_, piece_);
  }

 private:
  class Reader final : public BodyReader {
   public:
    Reader(std::string_view rest, std::size_t piece) : rest_(rest), piece_(piece) {}
    std::string_view Next() override {
      const auto next = rest_.substr(0, piece_);
      rest_.remove_prefix(next.size());
      return next;
    }

   private:
    std::string_view rest_;
    std::size_t piece_;
  };
  std::string bytes_;
  std::size_t piece_;
};

TEST(Transport, PostsTheExactBytesInPiecesWithTheirLength) {
  testing::Receiver receiver;
  receiver.Script([](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{202, "accepted"};
  });
  const auto bytes = std::string("{\"text\":\"gr\xc3\xbc\xc3\x9f\"}") + std::string(300000, ' ');
  const PiecesBody body(bytes, 65536);
  HttpRequest request;
  request.url = receiver.Url("/in?x=1");
  request.body = &body;
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"X-One", "1"}};
  const auto response = Module().make_transport()->Post(request);
  EXPECT_TRUE(response) << response.error;
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.body, "accepted");
  EXPECT_FALSE(response.retry_after.has_value());
  const auto requests = receiver.Requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto& got = requests[0];
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.path, "/in");
  EXPECT_EQ(got.body, bytes);
  EXPECT_EQ(got.Header("X-One"), "1");
  EXPECT_EQ(got.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(got.Header("Content-Length"), std::to_string(bytes.size()));
  EXPECT_TRUE(got.Header("Transfer-Encoding").empty());
  EXPECT_TRUE(got.Header("Expect").empty());
}

TEST(Transport, SendsAPutAsAPutAndAnEmptyBody) {
  testing::Receiver receiver;
  HttpRequest request;
  request.url = receiver.Url("/metrics/job/x");
  request.method = "PUT";
  const auto response = Module().make_transport()->Post(request);
  EXPECT_TRUE(response) << response.error;
  ASSERT_EQ(receiver.Requests().size(), 1U);
  EXPECT_EQ(receiver.Requests()[0].method, "PUT");
  EXPECT_EQ(receiver.Requests()[0].body, "");
}

TEST(Transport, ReadsRetryAfterInBothForms) {
  testing::Receiver receiver;
  receiver.Script([](const testing::ReceivedRequest&, std::size_t n) {
    if (n == 1) return testing::Answer{429, "slow down", milliseconds(0), {{"Retry-After", "7"}}};
    return testing::Answer{
        503, "later", milliseconds(0), {{"Retry-After", "Fri, 31 Dec 2038 23:59:59 GMT"}}};
  });
  HttpRequest request;
  request.url = receiver.Url();
  const auto transport = Module().make_transport();
  const auto seconds = transport->Post(request);
  EXPECT_EQ(seconds.status, 429);
  EXPECT_EQ(seconds.body, "slow down");
  EXPECT_EQ(seconds.retry_after, std::chrono::seconds(7));
  const auto date = transport->Post(request);
  EXPECT_EQ(date.status, 503);
  ASSERT_TRUE(date.retry_after.has_value());
  EXPECT_GT(*date.retry_after, std::chrono::hours(24 * 300));
}

TEST(Transport, KeepsTheFirst4KiBOfAnAnswer) {
  testing::Receiver receiver;
  receiver.Script([](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{500, std::string(100000, 'e')};
  });
  HttpRequest request;
  request.url = receiver.Url();
  const auto response = Module().make_transport()->Post(request);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.failure, TransportFailure::kNone) << response.error;
  EXPECT_EQ(response.body, std::string(4096, 'e'));
}

TEST(Transport, DoesNotFollowRedirects) {
  testing::Receiver target;
  testing::Receiver redirector;
  const auto location = target.Url();
  redirector.Script([location](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{307, "", milliseconds(0), {{"Location", location}}};
  });
  HttpRequest request;
  request.url = redirector.Url();
  const PiecesBody body("{}", 2);
  request.body = &body;
  const auto response = Module().make_transport()->Post(request);
  EXPECT_FALSE(response);
  EXPECT_EQ(response.status, 307);
  EXPECT_TRUE(target.Requests().empty());
}

TEST(Transport, AClosedPortIsAConnectionFailure) {
  std::string url;
  {
    testing::Receiver gone;
    url = gone.Url();
  }
  HttpRequest request;
  request.url = url;
  const auto response = Module().make_transport()->Post(request);
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.failure, TransportFailure::kConnection) << response.error;
  EXPECT_EQ(response.error.rfind("could not connect", 0), 0U) << response.error;
}

TEST(Transport, ASilentReceiverTimesOut) {
  testing::Receiver silent;
  silent.Script([](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{200, "", std::chrono::seconds(3)};
  });
  HttpRequest request;
  request.url = silent.Url();
  request.timeout = milliseconds(300);
  const auto timeout = Module().make_transport()->Post(request);
  EXPECT_EQ(timeout.failure, TransportFailure::kTimeout);
  EXPECT_EQ(timeout.error.rfind("timed out", 0), 0U) << timeout.error;
}

TEST(Transport, AnAbandonedAttemptSaysSo) {
  testing::Receiver silent;
  silent.Script([](const testing::ReceivedRequest&, std::size_t) {
    return testing::Answer{200, "", std::chrono::seconds(3)};
  });
  const PiecesBody body(std::string(1 << 20, 'x'), 1024);
  HttpRequest request;
  request.url = silent.Url();
  request.body = &body;
  request.abandon = [] { return true; };
  const auto response = Module().make_transport()->Post(request);
  EXPECT_EQ(response.failure, TransportFailure::kTimeout);
  EXPECT_EQ(response.error, "the attempt was cut short: gtest-webhook was asked to stop");
}

std::string Hmac(const std::string& key, std::string_view message, std::size_t piece) {
  const auto mac = Module().make_hmac_sha256(key);
  for (std::size_t at = 0; at < message.size(); at += piece) mac->Update(message.substr(at, piece));
  return Hex(mac->Digest());
}

// RFC 4231's test cases 1, 2 and 6 (a key longer than a block, which HMAC hashes first).
TEST(Hmac, MatchesRfc4231) {
  EXPECT_EQ(Hmac(std::string(20, '\x0b'), "Hi There", 3),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(Hmac("Jefe", "what do ya want for nothing?", 100),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(
      Hmac(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First", 1),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

}  // namespace
}  // namespace gtest_webhook::detail
