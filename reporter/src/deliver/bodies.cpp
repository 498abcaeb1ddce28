// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "deliver/bodies.h"

namespace gtest_webhook::detail {

RenderedBodies::RenderedBodies(const Report& report, const Summary& summary,
                               std::unique_ptr<PayloadBody> full)
    : report_(report), summary_(summary), message_(report, summary) {
  if (full) bodies_[{Format::kReport, TestCases::kAll}] = std::move(full);
}

const Body& RenderedBodies::For(const WebhookReporter& reporter) {
  // A chat message has no test-case entries to choose from.
  return Get(reporter.format,
             reporter.format == Format::kReport ? reporter.test_cases : TestCases::kAll);
}

const Body* RenderedBodies::FailedOnly() { return &Get(Format::kReport, TestCases::kFailed); }

const Body& RenderedBodies::Get(Format format, TestCases test_cases) {
  const std::lock_guard<std::mutex> hold(mutex_);
  auto& body = bodies_[{format, test_cases}];
  if (!body) body = MakeRenderer(format, test_cases)->Render({report_, summary_, message_});
  return *body;
}

}  // namespace gtest_webhook::detail
