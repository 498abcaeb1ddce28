// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// MarkedStreams, the same on every system: the copier's bytes put back in the order of the
// marks.

#include "platform/capture.h"

namespace gtest_webhook::platform {

bool MarkedStreams::Plain(std::string_view out, std::string_view err) const {
  return segments_.empty() && !scanners_[0].holding() && !scanners_[1].holding() &&
         out.find('\0') == std::string_view::npos && err.find('\0') == std::string_view::npos;
}

void MarkedStreams::Split(int stream, std::string_view bytes, bool complete) {
  auto& number = numbers_[stream - 1];
  scanners_[stream - 1].Scan(
      bytes,
      [&](std::string_view text) {
        if (!segments_.empty() && segments_.back().stream == stream &&
            segments_.back().number == number) {
          segments_.back().text.append(text);
        } else {
          segments_.push_back({number, stream, std::string(text)});
        }
      },
      [&](std::uint32_t mark) {
        // An empty segment: a test that writes nothing still starts.
        number = mark;
        segments_.push_back({mark, stream, std::string()});
      },
      complete);
}

}  // namespace gtest_webhook::platform
