// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/common/reading.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "platform/files.h"

namespace gtest_webhook::platform {

std::string DescribeBytes(std::uint64_t bytes) {
  constexpr std::uint64_t kKiB = 1024;
  constexpr std::uint64_t kMiB = kKiB * 1024;
  char text[48];
  if (bytes >= kMiB) {
    std::snprintf(text, sizeof text, bytes % kMiB == 0 ? "%.0f MiB" : "%.1f MiB",
                  static_cast<double>(bytes) / static_cast<double>(kMiB));
  } else if (bytes >= kKiB) {
    std::snprintf(text, sizeof text, bytes % kKiB == 0 ? "%.0f KiB" : "%.1f KiB",
                  static_cast<double>(bytes) / static_cast<double>(kKiB));
  } else {
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  }
  return text;
}

std::string TooLarge(std::uint64_t size, std::uint64_t limit) {
  if (size <= limit) return {};
  return "it holds " + DescribeBytes(size) + ", more than the " + DescribeBytes(limit) +
         " that is read of it";
}

bool ReadBounded(const ReadPiece& read, std::uint64_t limit, std::string& bytes, std::string& why,
                 bool partial) {
  bytes.clear();
  char buffer[65536];
  while (true) {
    const auto n = read(buffer, sizeof buffer, why);
    if (n < 0) return false;
    if (n == 0) return true;
    if (bytes.size() + static_cast<std::uint64_t>(n) > limit) {
      if (partial) {
        bytes.append(buffer, static_cast<std::size_t>(limit - bytes.size()));
        return true;
      }
      why = "it holds more than " + DescribeBytes(limit) + ", the most that is read of it";
      return false;
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

bool HoldsAny(const ReadPiece& read, const std::vector<std::string_view>& needles,
              std::uint64_t limit) {
  std::size_t overlap = 0;  // what a needle cut by the end of a piece needs of it
  for (const auto needle : needles) overlap = std::max(overlap, needle.size() - 1);
  constexpr std::size_t kPiece = 1U << 20U;
  const std::unique_ptr<char[]> piece(new char[kPiece]);
  std::string window;  // the end of the pieces before, then this piece
  std::string why;
  for (std::uint64_t read_so_far = 0; read_so_far < limit;) {
    const auto n =
        read(piece.get(),
             static_cast<std::size_t>(std::min<std::uint64_t>(kPiece, limit - read_so_far)), why);
    if (n <= 0) return false;
    window.erase(0, window.size() - std::min(window.size(), overlap));
    window.append(piece.get(), static_cast<std::size_t>(n));
    read_so_far += static_cast<std::uint64_t>(n);
    for (const auto needle : needles) {
      if (window.find(needle) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace gtest_webhook::platform
