// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The Slack (Block Kit, with a text fallback) message body of a report, within the platform's
// documented limits.

#include <string>

#include "render/chat_message.h"

namespace gtest_webhook::detail {

/// The message body for `message`.
std::string RenderSlack(const ChatMessage& message);

}  // namespace gtest_webhook::detail
