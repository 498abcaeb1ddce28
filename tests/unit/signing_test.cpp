// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Signatures checked against independent implementations: the openssl command line and the
// published Standard Webhooks test vector, not only against our own code.

#include <gtest/gtest.h>
#include <gtest_webhook/signing.h>

#include <fstream>

#ifndef _WIN32
#include "process.h"
#endif

namespace gtest_webhook {
namespace {

// The peers (the openssl and base64 commands) are Linux's: on Windows, BCrypt's HMAC is checked
// against RFC 4231's vectors (transport_test.cpp) and the reference vector below.
#ifndef _WIN32
// What `openssl dgst` prints for `args` over `body` (its last field, or all of stdout).
std::string Openssl(const std::vector<std::string>& args, const std::string& body) {
  testing::TempDir dir;
  const auto path = dir.File("body");
  std::ofstream(path, std::ios::binary) << body;
  auto full = args;
  full.push_back(path);
  const auto result = testing::RunProcess("/usr/bin/openssl", full, {});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  auto out = result.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  const auto space = out.rfind(' ');
  return space == std::string::npos ? out : out.substr(space + 1);
}

std::string ToHex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char byte : bytes) {
    hex += kHex[byte >> 4U];
    hex += kHex[byte & 0xFU];
  }
  return hex;
}

TEST(Signing, SignatureHeaderMatchesOpenssl) {
  const std::string body = "{\"name\":\"gr\xc3\xbc\xc3\x9f\",\"tests\":3}\n\x01 binary";
  for (const std::string secret : {"s3cret", "a much longer secret key with spaces"}) {
    const auto expected = Openssl({"dgst", "-sha256", "-hmac", secret}, body);
    EXPECT_EQ(SignatureHeaderValue(secret, body), "sha256=" + expected);
  }
}

TEST(Signing, StandardWebhooksSignatureMatchesOpenssl) {
  const std::string body = R"({"event":"RUN_FINISH"})";
  const std::string key_bytes = "raw key \x01\x02";
  const std::string id = "msg_abc";
  const std::int64_t timestamp = 1700000000;
  const auto content = id + "." + std::to_string(timestamp) + "." + body;
  const auto hex = Openssl(
      {"dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + ToHex(key_bytes)}, content);
  std::string digest;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    digest += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  const auto secret = "whsec_" + Base64Encode(key_bytes);
  ASSERT_EQ(StandardWebhooksKey(secret), key_bytes);
  EXPECT_EQ(StandardWebhooksSignature(*StandardWebhooksKey(secret), id, timestamp, body),
            "v1," + Base64Encode(digest));
}

// One pass over a body in uneven pieces gives the same two signatures as openssl over the
// whole body (the plain secret's bytes for Signature; the whsec_ key for the Standard one).
TEST(Signing, DeliverySignerSignsPiecesLikeOpensslSignsTheWhole) {
  std::string body;
  for (int i = 0; i < 5000; ++i) body += "{\"n\":" + std::to_string(i) + "},";
  const std::string key_bytes = "raw key \x01\x02";
  const std::string id = "msg_abc";
  const std::int64_t timestamp = 1700000000;
  for (const std::string& secret : {std::string("s3cret"), "whsec_" + Base64Encode(key_bytes)}) {
    DeliverySigner signer(secret, id, timestamp);
    for (std::size_t at = 0, size = 1; at < body.size(); at += size, size = size * 3 % 4099 + 1) {
      signer.Update(std::string_view(body).substr(at, size));
    }
    EXPECT_EQ(signer.Signature(), "sha256=" + Openssl({"dgst", "-sha256", "-hmac", secret}, body));
    const auto key = *StandardWebhooksKey(secret);
    const auto hex = Openssl({"dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + ToHex(key)},
                             id + "." + std::to_string(timestamp) + "." + body);
    std::string digest;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      digest += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    EXPECT_EQ(signer.WebhookSignature(), "v1," + Base64Encode(digest)) << secret;
  }
}

#endif

// The test vector published with the Standard Webhooks specification's reference libraries.
TEST(Signing, StandardWebhooksReferenceVector) {
  const auto key = StandardWebhooksKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(StandardWebhooksSignature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                      R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(Signing, PlainSecretsAreUsedAsTheirBytes) {
  EXPECT_EQ(StandardWebhooksKey("plain"), std::string("plain"));
  EXPECT_FALSE(StandardWebhooksKey("whsec_not base64!").has_value());
  EXPECT_FALSE(StandardWebhooksKey("whsec_abc").has_value());
}

TEST(Signing, Base64RoundTrips) {
  for (const std::string& text : {std::string("a"), std::string("ab"), std::string("abc"),
                                  std::string("abcd"), std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(Base64Decode(Base64Encode(text)), text);
  }
  EXPECT_EQ(Base64Encode("user:pass"), "dXNlcjpwYXNz");
  EXPECT_EQ(BasicAuthorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_FALSE(Base64Decode("abc").has_value());
  EXPECT_FALSE(Base64Decode("ab=c").has_value());
  EXPECT_FALSE(Base64Decode("a===").has_value());
}

#ifndef _WIN32
// Our own base64 (Basic Auth and whsec_ keys need no libcrypto) agrees with coreutils' on every
// length modulo 3 and every byte value.
TEST(Signing, Base64AgreesWithCoreutils) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>((i * 151 + 7) % 256);
  for (const std::size_t length : {0U, 1U, 2U, 3U, 4U, 5U, 64U, 255U, 256U, 300U}) {
    const auto piece = bytes.substr(0, length);
    testing::TempDir dir;
    std::ofstream(dir.File("bytes"), std::ios::binary) << piece;
    const auto encoded = testing::RunProcess("/usr/bin/base64", {"-w0", dir.File("bytes")}, {});
    ASSERT_EQ(encoded.exit_code, 0) << encoded.err;
    EXPECT_EQ(Base64Encode(piece), encoded.out) << length;
    if (length > 0) {
      EXPECT_EQ(Base64Decode(encoded.out), piece) << length;
    }
  }
}

#endif

TEST(Signing, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace gtest_webhook
