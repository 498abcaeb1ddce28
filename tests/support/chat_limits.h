// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The platforms' documented limits, checked on a rendered message (see "Chat formats" in
// docs/formats-history-outbox.md for the sources). Written apart from the renderers, so that a
// renderer's mistake is not repeated here.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace gtest_webhook::testing {

/// Characters as JavaScript (and so Discord and Teams) count them: UTF-16 code units.
inline std::size_t Utf16Units(const std::string& text) {
  std::size_t units = 0;
  for (const unsigned char c : text) {
    if ((c & 0xC0U) != 0x80U) units += c >= 0xF0U ? 2 : 1;
  }
  return units;
}

inline std::size_t Units(const nlohmann::json& value) {
  return Utf16Units(value.get<std::string>());
}

/// Slack: at most 50 blocks, a header's text 150 characters, a section's 3,000, a context at
/// most 10 elements, and our `text` fallback at most 3,000.
inline void ExpectSlackWithinLimits(const nlohmann::json& message) {
  ASSERT_TRUE(message["blocks"].is_array());
  EXPECT_LE(message["blocks"].size(), 50U);
  EXPECT_LE(Units(message["text"]), 3000U);
  for (const auto& block : message["blocks"]) {
    if (block["type"] == "context") {
      EXPECT_LE(block["elements"].size(), 10U);
    } else {
      EXPECT_LE(Units(block["text"]["text"]), block["type"] == "header" ? 150U : 3000U);
    }
  }
}

/// Discord: content 2,000 characters; an embed's title 256, description 4,096, at most 25
/// fields of name 256 and value 1,024, footer 2,048, and all of them together 6,000. And no
/// mentions parsed from test names.
inline void ExpectDiscordWithinLimits(const nlohmann::json& message) {
  EXPECT_LE(Units(message["content"]), 2000U);
  ASSERT_EQ(message["embeds"].size(), 1U);
  const auto& embed = message["embeds"][0];
  EXPECT_LE(Units(embed["title"]), 256U);
  EXPECT_LE(Units(embed["description"]), 4096U);
  EXPECT_LE(embed["fields"].size(), 25U);
  std::size_t total = Units(embed["title"]) + Units(embed["description"]);
  for (const auto& field : embed["fields"]) {
    EXPECT_LE(Units(field["name"]), 256U);
    EXPECT_LE(Units(field["value"]), 1024U);
    total += Units(field["name"]) + Units(field["value"]);
  }
  if (embed.contains("footer")) {
    EXPECT_LE(Units(embed["footer"]["text"]), 2048U);
    total += Units(embed["footer"]["text"]);
  }
  EXPECT_LE(total, 6000U);
  EXPECT_EQ(message["allowed_mentions"]["parse"], nlohmann::json::array());
}

/// Teams: a message of at most 28 KB with one Adaptive Card.
inline void ExpectTeamsWithinLimits(const std::string& body) {
  EXPECT_LE(body.size(), 28U * 1024U);
  const auto message = nlohmann::json::parse(body);
  ASSERT_EQ(message["attachments"].size(), 1U);
  EXPECT_EQ(message["attachments"][0]["content"]["type"], "AdaptiveCard");
}

/// Google Chat: a message, text and cards, of at most 32,000 bytes.
inline void ExpectGoogleChatWithinLimits(const std::string& body) {
  EXPECT_LE(body.size(), 32000U);
  const auto message = nlohmann::json::parse(body);
  ASSERT_EQ(message["cardsV2"].size(), 1U);
  EXPECT_TRUE(message["cardsV2"][0]["card"]["sections"].is_array());
}

}  // namespace gtest_webhook::testing
