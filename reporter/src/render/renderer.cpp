// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/renderer.h"

#include "render/discord.h"
#include "render/googlechat.h"
#include "render/metrics/prometheus.h"
#include "render/slack.h"
#include "render/teams.h"

namespace gtest_webhook::detail {
namespace {

class ReportRenderer final : public Renderer {
 public:
  explicit ReportRenderer(TestCases test_cases) : test_cases_(test_cases) {}
  std::unique_ptr<Body> Render(const RenderInput& input) const override {
    return std::make_unique<PayloadBody>(input.report, input.summary, test_cases_);
  }

 private:
  TestCases test_cases_;
};

class PrometheusRenderer final : public Renderer {
 public:
  std::unique_ptr<Body> Render(const RenderInput& input) const override {
    return std::make_unique<OwnedBody>(RenderPrometheus(input.report, input.summary));
  }
};

class ChatRenderer final : public Renderer {
 public:
  explicit ChatRenderer(std::string (*render)(const ChatMessage&)) : render_(render) {}
  std::unique_ptr<Body> Render(const RenderInput& input) const override {
    return std::make_unique<OwnedBody>(render_(input.message.Get()));
  }

 private:
  std::string (*render_)(const ChatMessage&);
};

}  // namespace

std::unique_ptr<Renderer> MakeRenderer(Format format, TestCases test_cases) {
  switch (format) {
    case Format::kSlack:
      return std::make_unique<ChatRenderer>(RenderSlack);
    case Format::kTeams:
      return std::make_unique<ChatRenderer>(RenderTeams);
    case Format::kDiscord:
      return std::make_unique<ChatRenderer>(RenderDiscord);
    case Format::kGoogleChat:
      return std::make_unique<ChatRenderer>(RenderGoogleChat);
    case Format::kPrometheus:
      return std::make_unique<PrometheusRenderer>();
    case Format::kReport:
      break;
  }
  return std::make_unique<ReportRenderer>(test_cases);
}

std::string DumpMessage(const nlohmann::ordered_json& message) {
  return message.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace gtest_webhook::detail
