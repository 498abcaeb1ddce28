// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// libproc's lists (process ids, descriptors), read whole on macOS.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace gtest_webhook::platform::darwin {

/// A list libproc fills into a buffer: `fill(buffer, bytes)` gives the number of entries it
/// wrote, or 0 or less when it cannot (errno says why). A full buffer may have been cut short,
/// so it is asked again with four times the room, up to `most` entries. Empty when it cannot.
template <typename Entry, typename Fill>
std::vector<Entry> ReadList(std::size_t first, std::size_t most, Fill fill) {
  std::vector<Entry> entries(first);
  for (;;) {
    const int count = fill(entries.data(), static_cast<int>(entries.size() * sizeof(Entry)));
    if (count <= 0) return {};
    const auto got = static_cast<std::size_t>(count);
    if (got < entries.size() || entries.size() >= most) {
      entries.resize(std::min(got, entries.size()));
      return entries;
    }
    entries.resize(entries.size() * 4);
  }
}

}  // namespace gtest_webhook::platform::darwin
