// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/text.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>

#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

}  // namespace

std::string CutMarker(std::uint64_t cut) {
  return "\n[... gtest-webhook cut " + std::to_string(cut) + " bytes ...]\n";
}

std::size_t Utf8Start(std::string_view text, std::size_t at) {
  for (int i = 0; i < 3 && at < text.size() && IsContinuation(static_cast<unsigned char>(text[at]));
       ++i) {
    ++at;
  }
  return at;
}

std::string CapMessage(std::string message, std::size_t max_bytes) {
  if (message.size() <= max_bytes) return message;
  const auto marker = CutMarker;
  // The longest marker this message can need; the real one is never longer.
  const auto marker_room = marker(message.size()).size();
  if (max_bytes <= marker_room) {
    // Too small for head and tail: keep only what fits of the head.
    std::size_t head = max_bytes;
    while (head > 0 && IsContinuation(static_cast<unsigned char>(message[head]))) --head;
    message.resize(head);
    return message;
  }
  const auto budget = max_bytes - marker_room;
  std::size_t head = budget / 2;
  std::size_t tail_begin = message.size() - (budget - head);
  // Step back (head) or forward (tail) to the start of a UTF-8 sequence, at most three bytes:
  // further than that the bytes are not UTF-8 anyway and the serialiser replaces them.
  for (int i = 0; i < 3 && head > 0 && IsContinuation(static_cast<unsigned char>(message[head]));
       ++i) {
    --head;
  }
  tail_begin = Utf8Start(message, tail_begin);
  std::string capped;
  capped.reserve(max_bytes);
  capped.append(message, 0, head);
  capped += marker(tail_begin - head);
  capped.append(message, tail_begin, std::string::npos);
  return capped;
}

bool IsUncaughtException(std::string_view file, std::string_view message) {
  // GoogleTest's FormatCxxExceptionMessage, reported with no file ("unknown file").
  return (file.empty() || file == "unknown file") &&
         (message.rfind("C++ exception with description", 0) == 0 ||
          message.rfind("Unknown C++ exception", 0) == 0);
}

std::int64_t MillisecondsOf(double seconds) {
  constexpr double kCentury = 100.0 * 366 * 86400;
  if (!std::isfinite(seconds) || seconds <= 0) return 0;
  return std::llround(std::min(seconds, kCentury) * 1000.0);
}

std::int64_t MillisecondsOf(const char* text) { return MillisecondsOf(std::strtod(text, nullptr)); }

std::string FileStem(const std::string& path) {
  auto name = platform::FileNameOf(path);
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

std::optional<double> ParseSeconds(const std::string& text, double longest) {
  const auto trimmed = Trim(text);
  char* end = nullptr;
  errno = 0;
  const double seconds = std::strtod(trimmed.c_str(), &end);
  if (errno != 0 || end == trimmed.c_str() || *end != '\0' || !std::isfinite(seconds) ||
      seconds <= 0 || seconds > longest) {
    return std::nullopt;
  }
  return seconds;
}

std::int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatUtc(std::int64_t unix_ms) {
  const auto utc = platform::UtcCalendar(static_cast<std::time_t>(unix_ms / 1000));
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(unix_ms % 1000));
  return text;
}

std::string RandomId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string id;
  id.reserve(32);
  for (int word = 0; word < 4; ++word) {
    auto bits = static_cast<std::uint32_t>(device());
    for (int i = 0; i < 8; ++i, bits >>= 4U) id += kHex[bits & 0xFU];
  }
  return id;
}

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

}  // namespace gtest_webhook::detail
