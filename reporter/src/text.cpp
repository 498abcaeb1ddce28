#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>

#include "platform/files.h"
#include "report.h"

namespace gtest_webhook {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

// GoogleTest's wildcard rule: `*` any run of characters, `?` any one character.
bool WildcardMatch(const std::string& pattern, const std::string& text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string> SplitPatterns(const std::string& text) {
  std::vector<std::string> patterns;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    auto end = text.find(':', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) patterns.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return patterns;
}

}  // namespace

TestFilter::TestFilter(const std::string& patterns) {
  if (patterns.empty()) return;
  const auto dash = patterns.find('-');
  positive_ = SplitPatterns(patterns.substr(0, dash));
  if (dash != std::string::npos) {
    negative_ = SplitPatterns(patterns.substr(dash + 1));
    // As in GoogleTest, "-A.b" alone means "everything except A.b".
    if (positive_.empty()) positive_.emplace_back("*");
  }
}

bool TestFilter::Matches(const std::string& full_name) const {
  const auto any = [&full_name](const std::vector<std::string>& list) {
    for (const auto& pattern : list) {
      if (WildcardMatch(pattern, full_name)) return true;
    }
    return false;
  };
  return any(positive_) && !any(negative_);
}

std::string CapMessage(std::string message, std::size_t max_bytes) {
  if (message.size() <= max_bytes) return message;
  const auto marker = [](std::size_t cut) {
    return "\n[... gtest-webhook cut " + std::to_string(cut) + " bytes ...]\n";
  };
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
  for (int i = 0; i < 3 && tail_begin < message.size() &&
                  IsContinuation(static_cast<unsigned char>(message[tail_begin]));
       ++i) {
    ++tail_begin;
  }
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

}  // namespace gtest_webhook
