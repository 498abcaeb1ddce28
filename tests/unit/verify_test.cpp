// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Checking a received request's signature (gtest_webhook/verify.h), as a receiver written in C++
// and `gtest-webhook verify` do.

#include "gtest_webhook/verify.h"

#include <gtest/gtest.h>

#include <chrono>

#include "gtest_webhook/signing.h"

namespace gtest_webhook {
namespace {

constexpr const char* kBody = R"({"event":"RUN_FINISH","buildStable":true})";
constexpr std::int64_t kNow = 1700000000;

// The headers a sender signing `body` at `timestamp` under `secret` sends.
std::string WebhookSignature(const std::string& secret, std::int64_t timestamp,
                             const std::string& body = kBody) {
  return StandardWebhooksSignature(*StandardWebhooksKey(secret), "msg_1", timestamp, body);
}

TEST(ParseUnixSeconds, TakesOnlyDigitsAsSendersWriteThem) {
  EXPECT_EQ(ParseUnixSeconds("1700000000"), 1700000000);
  EXPECT_EQ(ParseUnixSeconds("0"), 0);
  EXPECT_EQ(ParseUnixSeconds("999999999999"), 999999999999);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "01", "1.5", "1e9", "1000000000000"}) {
    EXPECT_FALSE(ParseUnixSeconds(bad).has_value()) << bad;
  }
}

TEST(VerifySignatureHeader, AcceptsTheSendersSignatureAndNothingElse) {
  const auto signature = SignatureHeaderValue("key", kBody);
  EXPECT_TRUE(VerifySignatureHeader("key", signature, kBody).valid);
  const auto wrong_key = VerifySignatureHeader("other", signature, kBody);
  EXPECT_FALSE(wrong_key.valid);
  EXPECT_EQ(wrong_key.why_not, "the Signature does not match the body");
  EXPECT_FALSE(VerifySignatureHeader("key", signature, std::string(kBody) + " ").valid);
  EXPECT_FALSE(VerifySignatureHeader("key", "", kBody).valid);
}

TEST(VerifyStandardWebhook, AcceptsAnyOfSeveralSignaturesWithinTheTolerance) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const auto good = WebhookSignature(secret, kNow - 10);
  const auto verdict = VerifyStandardWebhook(secret, "msg_1", std::to_string(kNow - 10),
                                             "v1,AAAA " + good, kBody, kNow, 300);
  ASSERT_TRUE(verdict.has_value());
  EXPECT_TRUE(verdict->valid) << verdict->why_not;
}

TEST(VerifyStandardWebhook, RefusesAnotherBodyIdOrKey) {
  const std::string secret = "plain secret";
  const auto good = WebhookSignature(secret, kNow);
  const auto at = std::to_string(kNow);
  EXPECT_FALSE(VerifyStandardWebhook(secret, "msg_1", at, good, "{}", kNow, 300)->valid);
  EXPECT_FALSE(VerifyStandardWebhook(secret, "msg_2", at, good, kBody, kNow, 300)->valid);
  const auto other = VerifyStandardWebhook("other", "msg_1", at, good, kBody, kNow, 300);
  EXPECT_FALSE(other->valid);
  EXPECT_EQ(other->why_not, "no webhook-signature matches the body");
}

TEST(VerifyStandardWebhook, RefusesATimestampOutsideTheToleranceEitherWay) {
  const std::string secret = "plain secret";
  for (const std::int64_t at : {kNow - 301, kNow + 301}) {
    const auto verdict = VerifyStandardWebhook(secret, "msg_1", std::to_string(at),
                                               WebhookSignature(secret, at), kBody, kNow, 300);
    EXPECT_FALSE(verdict->valid);
    EXPECT_EQ(verdict->why_not,
              "webhook-timestamp is 301 s from now, more than the tolerance of 300 s");
  }
  const auto written_otherwise =
      VerifyStandardWebhook(secret, "msg_1", "0" + std::to_string(kNow),
                            WebhookSignature(secret, kNow), kBody, kNow, 300);
  EXPECT_FALSE(written_otherwise->valid);
  EXPECT_EQ(written_otherwise->why_not,
            "webhook-timestamp is not Unix seconds written in decimal digits");
}

TEST(VerifyStandardWebhook, AWhsecKeyThatIsNotBase64IsAWrongKeyNotAWrongRequest) {
  EXPECT_FALSE(
      VerifyStandardWebhook("whsec_!!!", "msg_1", std::to_string(kNow), "v1,AAAA", kBody, kNow, 300)
          .has_value());
}

TEST(VerifySignatures, TakeTheSchemeTheHeadersCarry) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  SignatureHeaders plain;
  plain.signature = SignatureHeaderValue(secret, kBody);
  EXPECT_TRUE(VerifySignatures(secret, plain, kBody, 300)->valid);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  SignatureHeaders standard;
  standard.id = "msg_1";
  standard.timestamp = std::to_string(now);
  standard.webhook_signature = WebhookSignature(secret, now);
  EXPECT_TRUE(VerifySignatures(secret, standard, kBody, 300)->valid);
  standard.signature = "sha256=00";  // ignored: the Standard Webhooks headers are there
  EXPECT_TRUE(VerifySignatures(secret, standard, kBody, 300)->valid);
  EXPECT_FALSE(VerifySignatures(secret, standard, "{}", 300)->valid);
}

}  // namespace
}  // namespace gtest_webhook
