// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Microsoft Teams through a Workflows webhook: a message with one Adaptive Card attachment.
//
// Limits: Teams documents a message size limit of 28 KB for webhooks and Workflows ("Request
// Entity too large" beyond it), and users report rejections from about 21 KB; ours stays within
// 20,000 bytes. The card uses schema version 1.4, which Teams renders.

#include "render/teams.h"

#include "render/renderer.h"

namespace gtest_webhook::detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxBytes = 20000;

Json Text(const std::string& text, std::size_t max_chars) {
  return {{"type", "TextBlock"}, {"text", CutToChars(text, max_chars)}, {"wrap", true}};
}

Json Failure(const ChatFailure& failure) {
  Json items = Json::array();
  Json name = Text(ShownTest(failure), 310);
  name["weight"] = "Bolder";
  items.push_back(std::move(name));
  std::string detail = failure.location.empty() ? "" : CutToChars(failure.location, 200);
  if (!failure.first_line.empty()) detail += (detail.empty() ? "" : ": ") + failure.first_line;
  if (!detail.empty()) {
    Json line = Text(detail, 600);
    line["isSubtle"] = true;
    line["spacing"] = "None";
    items.push_back(std::move(line));
  }
  return {{"type", "Container"}, {"items", std::move(items)}, {"separator", true}};
}

Json Card(const ChatMessage& message, std::size_t shown) {
  Json body = Json::array();
  Json title = Text(
      (message.stable ? "\xE2\x9C\x85 " : "\xE2\x9D\x8C ") + message.name + ": " + message.verdict,
      300);
  title["size"] = "Large";
  title["weight"] = "Bolder";
  title["color"] = message.stable ? "Good" : "Attention";
  body.push_back(std::move(title));
  body.push_back(Text(message.counts_line, 300));
  if (!message.changes_line.empty()) {
    body.push_back(Text("Since the last run: " + message.changes_line, 300));
  }
  if (!message.stability_line.empty()) {
    body.push_back(Text("Stability: " + message.stability_line, 1100));
  }
  for (std::size_t i = 0; i < shown; ++i) body.push_back(Failure(message.failures[i]));
  if (shown < message.failure_count) {
    Json more = Text(AndMore(message.failure_count - shown), 100);
    more["isSubtle"] = true;
    body.push_back(std::move(more));
  }
  if (const auto commit = CommitLine(message); !commit.empty()) body.push_back(Text(commit, 300));
  Json card = {{"type", "AdaptiveCard"},
               {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"version", "1.4"},
               {"body", std::move(body)},
               {"msteams", {{"width", "Full"}}}};
  if (message.build_url.rfind("http", 0) == 0) {
    card["actions"] = Json::array(
        {{{"type", "Action.OpenUrl"}, {"title", "Open the build"}, {"url", message.build_url}}});
  }
  return card;
}

std::string Build(const ChatMessage& message, std::size_t shown) {
  return DumpMessage(
      {{"type", "message"},
       {"attachments", Json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                     {"contentUrl", nullptr},
                                     {"content", Card(message, shown)}}})}});
}

}  // namespace

std::string RenderTeams(const ChatMessage& message) {
  return FitFailuresInBytes(message.failures.size(), kMaxBytes,
                            [&](std::size_t shown) { return Build(message, shown); });
}

}  // namespace gtest_webhook::detail
