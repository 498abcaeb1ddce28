// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Slack incoming webhooks (also Mattermost and Rocket.Chat, which show the `text` fallback):
// Block Kit blocks, and a `text` that reads well alone.
//
// Limits (Slack's Block Kit reference): at most 50 blocks in a message; a header's plain text at
// most 150 characters; a section's text at most 3,000; a context block at most 10 elements.
// Slack truncates a message's `text` beyond 40,000 characters; ours stays within 3,000.

#include "render/slack.h"

#include "render/renderer.h"

namespace gtest_webhook::detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxBlocks = 50;
constexpr std::size_t kMaxHeader = 150;
constexpr std::size_t kMaxSection = 3000;
constexpr std::size_t kMaxText = 3000;
// A header, the counts, a section per failure, "and N more" and the links: always few enough.
static_assert(2 + kChatFailures + 2 <= kMaxBlocks);

std::string Emoji(const ChatMessage& message) {
  return message.stable ? ":white_check_mark:" : ":x:";
}

std::string FailureText(const ChatFailure& failure) {
  std::string text = "*" + EscapeMarkup(ShownTest(failure)) + "*";
  if (!failure.location.empty())
    text += "  `" + EscapeMarkup(CutToChars(failure.location, 200)) + "`";
  if (!failure.first_line.empty()) text += "\n>" + EscapeMarkup(failure.first_line);
  return CutToChars(text, kMaxSection);
}

std::string LinksLine(const ChatMessage& message) {
  std::string line;
  if (!message.build_url.empty()) line = "<" + EscapeMarkup(message.build_url) + "|Open the build>";
  if (const auto commit = CommitLine(message); !commit.empty()) {
    line += (line.empty() ? "" : " \xC2\xB7 ") + EscapeMarkup(commit);
  }
  return line;
}

Json Section(const std::string& mrkdwn) {
  return {{"type", "section"},
          {"text", {{"type", "mrkdwn"}, {"text", CutToChars(mrkdwn, kMaxSection)}}}};
}

Json Context(const std::string& mrkdwn) {
  return {
      {"type", "context"},
      {"elements", Json::array({{{"type", "mrkdwn"}, {"text", CutToChars(mrkdwn, kMaxSection)}}})}};
}

std::string Fallback(const ChatMessage& message, std::size_t shown) {
  std::string text = Emoji(message) + " *" + EscapeMarkup(message.name) + "*: " + message.verdict +
                     "\n" + message.counts_line;
  if (!message.changes_line.empty()) text += "\n" + message.changes_line;
  if (!message.stability_line.empty()) text += "\n" + EscapeMarkup(message.stability_line);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& failure = message.failures[i];
    text += "\n• " + EscapeMarkup(ShownTest(failure)) +
            (failure.location.empty() ? "" : " (" + EscapeMarkup(failure.location) + ")") + ": " +
            EscapeMarkup(failure.first_line);
  }
  if (shown < message.failure_count) text += "\n" + AndMore(message.failure_count - shown);
  const auto links = LinksLine(message);
  if (!links.empty()) text += "\n" + links;
  return text;
}

std::string Build(const ChatMessage& message, std::size_t shown) {
  Json blocks = Json::array();
  blocks.push_back(
      {{"type", "header"},
       {"text",
        {{"type", "plain_text"},
         {"text",
          CutToChars(Emoji(message) + " " + message.name + ": " + message.verdict, kMaxHeader)},
         {"emoji", true}}}});
  std::string counts = message.counts_line;
  if (!message.changes_line.empty()) counts += "\n*Since the last run:* " + message.changes_line;
  if (!message.stability_line.empty())
    counts += "\n*Stability:* " + EscapeMarkup(message.stability_line);
  blocks.push_back(Section(counts));
  for (std::size_t i = 0; i < shown; ++i)
    blocks.push_back(Section(FailureText(message.failures[i])));
  if (shown < message.failure_count)
    blocks.push_back(Context(AndMore(message.failure_count - shown)));
  const auto links = LinksLine(message);
  if (!links.empty()) blocks.push_back(Context(links));
  return DumpMessage(
      {{"text", CutToChars(Fallback(message, shown), kMaxText)}, {"blocks", std::move(blocks)}});
}

}  // namespace

std::string RenderSlack(const ChatMessage& message) {
  return FitFailures(
      message.failures.size(), [&](std::size_t shown) { return Build(message, shown); },
      [&](std::size_t shown, const std::string& /*body*/) {
        return CharCount(Fallback(message, shown)) <= kMaxText;
      });
}

}  // namespace gtest_webhook::detail
