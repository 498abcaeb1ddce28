// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Appending records to an AppendFile's mapping, the same on every system: Grow (each system's)
// makes room, and a record's newline commits it.

#include "platform/common/append_records.h"

#include <algorithm>
#include <cstring>

#include "platform/files.h"

namespace gtest_webhook::platform {

std::uint64_t AppendFile::NextCapacity(std::uint64_t needed) const {
  const auto used = reserved_.load();
  auto target = std::max(capacity_.load() * 2, kStep);
  while (target < used + needed + kReserve) target *= 2;
  return target <= window_ ? target : 0;
}

bool AppendFile::Append(std::string_view record) {
  std::lock_guard<std::mutex> lock(grow_);
  if (!open_) return false;
  const auto needed = record.size() + 1;
  if (reserved_.load() + needed + kReserve > capacity_.load() && !Grow(needed)) return false;
  const auto at = reserved_.fetch_add(needed);
  char* const base = base_.load();
  std::memcpy(base + at, record.data(), record.size());
  // The newline commits the record: readers skip one that lacks it.
  std::atomic_thread_fence(std::memory_order_release);
  base[at + record.size()] = '\n';
  return true;
}

bool AppendFile::AppendReserved(std::string_view first, std::string_view second,
                                std::string_view third) {
  if (!open_.load()) return false;
  const auto needed = first.size() + second.size() + third.size() + 1;
  const auto at = reserved_.fetch_add(needed);
  if (at + needed > capacity_.load()) return false;
  char* out = base_.load() + at;
  for (const auto part : {first, second, third}) {
    for (const char c : part) *out++ = c;  // memcpy is not async-signal-safe
  }
  std::atomic_thread_fence(std::memory_order_release);
  *out = '\n';
  return true;
}

}  // namespace gtest_webhook::platform
