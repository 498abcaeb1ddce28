// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The Microsoft Teams (an Adaptive Card) message body of a report, within the platform's documented
// limits.

#include <string>

#include "render/chat_message.h"

namespace gtest_webhook::detail {

/// The message body for `message`.
std::string RenderTeams(const ChatMessage& message);

}  // namespace gtest_webhook::detail
