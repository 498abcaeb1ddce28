// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What each reporter is sent, rendered once per format however many reporters share it.

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "gtest_webhook/options.h"
#include "model/summary.h"
#include "render/body.h"
#include "render/renderer.h"

namespace gtest_webhook::detail {

/// The bodies of one dispatch. Thread-safe: reporters ask from threads of their own.
class BodySource {
 public:
  virtual ~BodySource() = default;
  /// What `reporter` is sent.
  virtual const Body& For(const WebhookReporter& reporter) = 0;
  /// The failed-only `report` payload, sent once after a `413`; nullptr when there is none.
  virtual const Body* FailedOnly() = 0;
};

/// One body for every reporter, whatever its format (tests and `Deliver`'s callers).
class SameBody final : public BodySource {
 public:
  explicit SameBody(const Body& body) : body_(body) {}
  const Body& For(const WebhookReporter& /*reporter*/) override { return body_; }
  const Body* FailedOnly() override { return nullptr; }

 private:
  const Body& body_;
};

/// Each format's body rendered from `report` on first request, by its renderer.
class RenderedBodies final : public BodySource {
 public:
  /// `full` is the `report` payload of every entry, already measured (and written to the output
  /// file) by the caller; `summary` is the report's counters.
  RenderedBodies(const Report& report, const Summary& summary,
                 std::unique_ptr<PayloadBody> full = nullptr);
  const Body& For(const WebhookReporter& reporter) override;
  const Body* FailedOnly() override;

 private:
  const Body& Get(Format format, TestCases test_cases);

  const Report& report_;
  const Summary& summary_;
  ChatMessageOnce message_;
  std::mutex mutex_;
  std::map<std::pair<Format, TestCases>, std::unique_ptr<Body>> bodies_;
};

}  // namespace gtest_webhook::detail
