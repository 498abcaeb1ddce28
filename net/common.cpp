// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "common.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <exception>
#include <new>

namespace gtest_webhook::net {
namespace {

// The longest Retry-After told as it is (about 31,700 years); a longer one is told as this.
constexpr std::int64_t kLongestRetryAfter = 1'000'000'000'000;

}  // namespace

std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value,
                                                         const HttpDateParser& date) {
  if (value.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  if (std::all_of(value.begin(), value.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    for (const char c : value) {
      seconds = std::min(seconds * 10 + (c - '0'), kLongestRetryAfter);
    }
  } else {
    const auto when = date(value);
    if (!when) return std::nullopt;
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    seconds = std::clamp(*when - now, std::int64_t{0}, kLongestRetryAfter);
  }
  return std::chrono::milliseconds(seconds * 1000);
}

HttpResponse Guarded(const std::function<void(HttpResponse&)>& perform) {
  HttpResponse response;
  try {
    perform(response);
  } catch (const std::bad_alloc&) {
    response.failure = TransportFailure::kOther;
    response.error = "out of memory while sending";
  } catch (const std::exception& e) {
    response.failure = TransportFailure::kOther;
    response.error = e.what();
  }
  return response;
}

}  // namespace gtest_webhook::net
