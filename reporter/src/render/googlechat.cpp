// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Google Chat incoming webhooks: a one-line `text` and a card (cardsV2).
//
// Limits (Google Chat API, "Send a message"): a message, text and cards together, at most
// 32,000 bytes; ours stays within 30,000. Card text is Google Chat's HTML subset, so test names
// and messages are escaped.

#include "render/googlechat.h"

#include "render/renderer.h"

namespace gtest_webhook::detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxBytes = 30000;

Json Paragraph(const std::string& html) { return {{"textParagraph", {{"text", html}}}}; }

Json Failure(const ChatFailure& failure) {
  Json text = {
      {"topLabel", CutToChars(failure.location.empty() ? failure.type : failure.location, 200)},
      {"text", "<b>" + EscapeMarkup(ShownTest(failure)) + "</b>"},
      {"wrapText", true}};
  if (!failure.first_line.empty()) text["bottomLabel"] = failure.first_line;
  return {{"decoratedText", std::move(text)}};
}

Json Card(const ChatMessage& message, std::size_t shown) {
  Json sections = Json::array();
  std::string summary = EscapeMarkup(message.counts_line);
  if (!message.changes_line.empty())
    summary += "<br><b>Since the last run:</b> " + EscapeMarkup(message.changes_line);
  if (!message.stability_line.empty())
    summary += "<br><b>Stability:</b> " + EscapeMarkup(message.stability_line);
  sections.push_back({{"widgets", Json::array({Paragraph(summary)})}});
  if (shown > 0 || message.failure_count > 0) {
    Json widgets = Json::array();
    for (std::size_t i = 0; i < shown; ++i) widgets.push_back(Failure(message.failures[i]));
    if (shown < message.failure_count)
      widgets.push_back(Paragraph(EscapeMarkup(AndMore(message.failure_count - shown))));
    sections.push_back({{"header", "Failures"}, {"widgets", std::move(widgets)}});
  }
  Json links = Json::array();
  if (const auto commit = CommitLine(message); !commit.empty()) {
    links.push_back(Paragraph(EscapeMarkup(commit)));
  }
  if (message.build_url.rfind("http", 0) == 0) {
    links.push_back(
        {{"buttonList",
          {{"buttons",
            Json::array({{{"text", "Open the build"},
                          {"onClick", {{"openLink", {{"url", message.build_url}}}}}}})}}}});
  }
  if (!links.empty()) sections.push_back({{"widgets", std::move(links)}});
  return {{"header",
           {{"title", CutToChars(message.name, 200)},
            {"subtitle", (message.stable ? "\xE2\x9C\x85 " : "\xE2\x9D\x8C ") + message.verdict}}},
          {"sections", std::move(sections)}};
}

// Google Chat reads `<users/all>` in a message's text as a mention of everyone: a report name
// must not be able to write one.
std::string WithoutMentions(std::string text) {
  for (auto& c : text) {
    if (c == '<' || c == '>') c = '\'';
  }
  return text;
}

std::string Build(const ChatMessage& message, std::size_t shown) {
  const std::string emoji = message.stable ? "\xE2\x9C\x85" : "\xE2\x9D\x8C";
  return DumpMessage(
      {{"text", CutToChars(emoji + " *" + WithoutMentions(message.name) + "*: " + message.verdict +
                               ", " + message.counts_line,
                           1000)},
       {"cardsV2", Json::array({{{"cardId", "gtest-webhook"}, {"card", Card(message, shown)}}})}});
}

}  // namespace

std::string RenderGoogleChat(const ChatMessage& message) {
  return FitFailuresInBytes(message.failures.size(), kMaxBytes,
                            [&](std::size_t shown) { return Build(message, shown); });
}

}  // namespace gtest_webhook::detail
