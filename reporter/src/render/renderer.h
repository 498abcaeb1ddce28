// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Rendering: what a reporter sends, made from a finished report. One renderer per format, all
// behind one interface; the dispatcher asks for a format's body and never knows which renderer
// made it.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "gtest_webhook/options.h"
#include "model/summary.h"
#include "render/body.h"
#include "render/chat_message.h"

namespace gtest_webhook::detail {

/// What a renderer reads: the report, and its chat message (built once per dispatch, only when
/// a chat renderer asks for it).
struct RenderInput {
  const Report& report;
  const Summary& summary;
  const ChatMessageOnce& message;
};

/// Makes the body of one format.
class Renderer {
 public:
  virtual ~Renderer() = default;
  /// The bytes to send for `input`'s report; they always fit the platform's limits.
  virtual std::unique_ptr<Body> Render(const RenderInput& input) const = 0;
};

/// The renderer of `format`; `test_cases` chooses the entries of a `report` payload.
std::unique_ptr<Renderer> MakeRenderer(Format format, TestCases test_cases);

/// Serialises a rendered message: compact, invalid UTF-8 replaced.
std::string DumpMessage(const nlohmann::ordered_json& message);

/// The rendering with the largest number of failures, from `available` down to 0, that
/// `fits(shown, body)`; the one with none is taken whatever it measures, so each renderer cuts
/// its fields to make sure that it fits.
template <typename Build, typename Fits>
std::string FitFailures(std::size_t available, Build build, Fits fits) {
  for (std::size_t shown = available;; --shown) {
    auto body = build(shown);
    if (shown == 0 || fits(shown, body)) return body;
  }
}

/// FitFailures for a platform whose limit is the message's size in bytes.
template <typename Build>
std::string FitFailuresInBytes(std::size_t available, std::size_t max_bytes, Build build) {
  return FitFailures(available, build, [max_bytes](std::size_t, const std::string& body) {
    return body.size() <= max_bytes;
  });
}

}  // namespace gtest_webhook::detail
