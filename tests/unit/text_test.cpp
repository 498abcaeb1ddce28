// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/text.h"

#include <gtest/gtest.h>

#include "assemble/complete.h"
#include "deliver/dispatch.h"
#include "model/report.h"
#include "model/test_filter.h"
#include "model/url.h"
#include "payload_helpers.h"
#include "render/payload.h"

namespace gtest_webhook::detail {
namespace {

TEST(CapMessage, LeavesShortMessagesAlone) {
  EXPECT_EQ(CapMessage("short", 1000), "short");
  const std::string exact(1000, 'a');
  EXPECT_EQ(CapMessage(exact, 1000), exact);
}

TEST(CapMessage, KeepsHeadAndTailAroundAMarker) {
  const std::string message = "HEAD" + std::string(10000, '.') + "TAIL";
  const auto capped = CapMessage(message, 500);
  EXPECT_LE(capped.size(), 500U);
  EXPECT_GT(capped.size(), 450U);
  EXPECT_EQ(capped.rfind("HEAD", 0), 0U);
  EXPECT_EQ(capped.substr(capped.size() - 4), "TAIL");
  // The marker states exactly how many bytes are missing.
  const auto open = capped.find("cut ");
  ASSERT_NE(open, std::string::npos);
  const auto stated = std::stoul(capped.substr(open + 4));
  const auto marker_begin = capped.find("\n[");
  const auto marker_end = capped.find("]\n") + 2;
  EXPECT_EQ(stated, message.size() - (capped.size() - (marker_end - marker_begin)));
}

TEST(CapMessage, NeverSplitsAUtf8Sequence) {
  for (const std::string unit : {"\xc3\xbc", "\xe4\xb8\x96", "\xf0\x9f\x98\x80"}) {
    std::string message;
    for (int i = 0; i < 2000; ++i) message += unit;
    for (std::size_t limit = 200; limit < 220; ++limit) {
      const auto capped = CapMessage(message, limit);
      EXPECT_LE(capped.size(), limit);
      EXPECT_TRUE(testing::IsValidUtf8(capped)) << unit.size() << "-byte unit, limit " << limit;
    }
  }
}

TEST(CapMessage, TinyLimitsKeepAValidHead) {
  std::string message;
  for (int i = 0; i < 100; ++i) message += "\xe4\xb8\x96";
  const auto capped = CapMessage(message, 10);
  EXPECT_LE(capped.size(), 10U);
  EXPECT_TRUE(testing::IsValidUtf8(capped));
}

TEST(TestFilterMatching, FollowsGoogleTestPatterns) {
  const TestFilter filter("Math.*:Io.Read?:*/Param.Works/*");
  EXPECT_TRUE(filter.Matches("Math.Adds"));
  EXPECT_TRUE(filter.Matches("Io.Read1"));
  EXPECT_FALSE(filter.Matches("Io.Read"));
  EXPECT_FALSE(filter.Matches("Io.Read12"));
  EXPECT_TRUE(filter.Matches("Inst/Param.Works/3"));
  EXPECT_FALSE(filter.Matches("Other.Test"));
  EXPECT_FALSE(filter.Matches("MathX.Adds"));
}

TEST(TestFilterMatching, NegativePatternsExclude) {
  const TestFilter filter("Math.*-Math.Slow*:Math.Flaky");
  EXPECT_TRUE(filter.Matches("Math.Adds"));
  EXPECT_FALSE(filter.Matches("Math.SlowOne"));
  EXPECT_FALSE(filter.Matches("Math.Flaky"));
  const TestFilter only_negative("-Math.*");
  EXPECT_TRUE(only_negative.Matches("Io.Read"));
  EXPECT_FALSE(only_negative.Matches("Math.Adds"));
  const TestFilter empty("");
  EXPECT_TRUE(empty.empty());
  EXPECT_FALSE(empty.Matches("Anything.At"));
}

TEST(MaskUrl, HidesEverythingThatMayCarryASecret) {
  EXPECT_EQ(MaskUrl("https://hooks.slack.example/services/T00/B00/XXXX"),
            "https://hooks.slack.example/services/***");
  EXPECT_EQ(MaskUrl("https://user:pw@host:8443/hook?token=abc#frag"),
            "https://***@host:8443/hook?***#***");
  EXPECT_EQ(MaskUrl("http://127.0.0.1:9/"), "http://127.0.0.1:9/");
  EXPECT_EQ(MaskUrl("http://127.0.0.1:9/hook"), "http://127.0.0.1:9/hook");
  EXPECT_EQ(MaskUrl("http://127.0.0.1:9/hook/"), "http://127.0.0.1:9/hook/");
  EXPECT_EQ(MaskUrl("http://h"), "http://h");
  EXPECT_EQ(MaskUrl("http://[::1]:80/a/b"), "http://[::1]:80/a/***");
  // Not URLs at all, still masked the same way.
  EXPECT_EQ(MaskUrl("hooks.example/path"), "hooks.example/path");
  EXPECT_EQ(MaskUrl("user:pw@hooks.example/a/TOKEN?k=v"), "***@hooks.example/a/***?***");
  EXPECT_EQ(MaskUrl("ftp://h/a\nb/c"), "ftp://h/a?b/***");
}

TEST(TimeFormat, IsUtcIsoWithMilliseconds) {
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatUtc(1700000000007), "2023-11-14T22:13:20.007Z");
}

TEST(RandomIds, AreHexAndDistinct) {
  const auto a = RandomId();
  const auto b = RandomId();
  EXPECT_EQ(a.size(), 32U);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace gtest_webhook::detail
