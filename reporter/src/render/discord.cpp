// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Discord webhooks: a short `content` line and one embed.
//
// Limits (Discord's API reference, "Embed Limits"): content at most 2,000 characters; at most
// 10 embeds; an embed's title at most 256 characters, description 4,096, at most 25 fields,
// a field's name 256 and value 1,024, footer text 2,048; and all of an embed's title,
// description, field names and values, footer and author name together at most 6,000.

#include "render/discord.h"

#include "render/renderer.h"

namespace gtest_webhook::detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxContent = 2000;
constexpr std::size_t kMaxTitle = 256;
constexpr std::size_t kMaxDescription = 4096;
constexpr std::size_t kMaxFields = 25;
constexpr std::size_t kMaxFieldName = 256;
constexpr std::size_t kMaxFieldValue = 1024;
constexpr std::size_t kMaxFooter = 2048;
constexpr std::size_t kMaxEmbedTotal = 6000;

// Ours are shorter, so that an embed without failures always fits the total: 256 + 2,000 +
// one "and N more" field (256 + 1,024) + 300 is well under 6,000.
constexpr std::size_t kOurDescription = 2000;
constexpr std::size_t kOurFooter = 300;
static_assert(kOurDescription <= kMaxDescription && kOurFooter <= kMaxFooter);
static_assert(kMaxTitle + kOurDescription + kMaxFieldName + kMaxFieldValue + kOurFooter <
              kMaxEmbedTotal);

constexpr int kGreen = 0x2EA043;
constexpr int kRed = 0xD1242F;

std::size_t EmbedChars(const Json& embed) {
  std::size_t total = CharCount(embed["title"].get<std::string>()) +
                      CharCount(embed["description"].get<std::string>());
  for (const auto& field : embed["fields"]) {
    total +=
        CharCount(field["name"].get<std::string>()) + CharCount(field["value"].get<std::string>());
  }
  if (embed.contains("footer")) total += CharCount(embed["footer"]["text"].get<std::string>());
  return total;
}

Json Field(const std::string& name, const std::string& value) {
  return {{"name", CutToChars(name, kMaxFieldName)},
          {"value", CutToChars(value.empty() ? "-" : value, kMaxFieldValue)},
          {"inline", false}};
}

Json Embed(const ChatMessage& message, std::size_t shown) {
  std::string description = message.counts_line;
  if (!message.changes_line.empty())
    description += "\n**Since the last run:** " + message.changes_line;
  if (!message.stability_line.empty()) description += "\n**Stability:** " + message.stability_line;
  Json fields = Json::array();
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& failure = message.failures[i];
    const auto where =
        failure.location.empty() ? "" : "`" + CutToChars(failure.location, 200) + "`\n";
    fields.push_back(Field(ShownTest(failure), where + failure.first_line));
  }
  if (shown < message.failure_count)
    fields.push_back(Field(AndMore(message.failure_count - shown), "…"));
  Json embed = {{"title", CutToChars(message.name + ": " + message.verdict, kMaxTitle)},
                {"description", CutToChars(description, kOurDescription)},
                {"color", message.stable ? kGreen : kRed},
                {"fields", std::move(fields)}};
  if (message.build_url.rfind("http", 0) == 0) embed["url"] = message.build_url;
  if (const auto footer = CommitLine(message); !footer.empty()) {
    embed["footer"] = {{"text", CutToChars(footer, kOurFooter)}};
  }
  return embed;
}

std::string Build(const ChatMessage& message, std::size_t shown) {
  const std::string emoji = message.stable ? "\xE2\x9C\x85" : "\xE2\x9D\x8C";  // ✅ ❌
  return DumpMessage(
      {{"content",
        CutToChars(emoji + " **" + message.name + "**: " + message.verdict, kMaxContent)},
       {"embeds", Json::array({Embed(message, shown)})},
       // Test names are not to ping anyone: no @everyone, roles or users from this message.
       {"allowed_mentions", {{"parse", Json::array()}}}});
}

}  // namespace

std::string RenderDiscord(const ChatMessage& message) {
  return FitFailures(
      std::min(message.failures.size(), kMaxFields - 1),
      [&](std::size_t shown) { return Build(message, shown); },
      // At most 24 failures and the "and N more" field: never more than 25 fields.
      [](std::size_t, const std::string& body) {
        return EmbedChars(Json::parse(body)["embeds"][0]) <= kMaxEmbedTotal;
      });
}

}  // namespace gtest_webhook::detail
