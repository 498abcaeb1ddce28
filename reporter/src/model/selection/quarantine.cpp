// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/selection/quarantine.h"

#include "model/test_filter.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

bool IsDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// A real day written `YYYY-MM-DD`.
bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !IsDigits(text.substr(0, 4)) ||
      !IsDigits(text.substr(5, 2)) || !IsDigits(text.substr(8, 2))) {
    return false;
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  const int month = std::stoi(std::string(text.substr(5, 2)));
  const int day = std::stoi(std::string(text.substr(8, 2)));
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

// The next word of `line` (split on spaces and tabs), removed from it.
std::string_view NextWord(std::string_view& line) {
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(start);
  const auto end = std::min(line.find_first_of(" \t"), line.size());
  const auto word = line.substr(0, end);
  line.remove_prefix(end);
  return word;
}

// Reads one entry from `line` into `entry`; returns what is wrong with it, empty when nothing.
std::string ReadEntry(std::string_view line, QuarantineEntry& entry) {
  if (const auto hash = line.find('#'); hash != std::string_view::npos) {
    entry.reason = Trim(std::string(line.substr(hash + 1)));
    line = line.substr(0, hash);
  }
  entry.pattern = std::string(NextWord(line));
  if (entry.pattern.front() == '-') return "a negative pattern quarantines nothing";
  for (auto word = NextWord(line); !word.empty(); word = NextWord(line)) {
    if (word.front() == '@' || (word.find('@') != std::string_view::npos && word.size() > 2)) {
      entry.owners.emplace_back(word);
    } else if (word.rfind("until=", 0) == 0) {
      if (!IsDate(word.substr(6))) return "until= takes a day written YYYY-MM-DD";
      entry.until = std::string(word.substr(6));
    } else {
      return "'" + std::string(word) + "' is neither an owner (@name) nor until=YYYY-MM-DD";
    }
  }
  return {};
}

}  // namespace

std::vector<QuarantineEntry> ParseQuarantine(std::string_view text, const std::string& origin,
                                             const std::string& today,
                                             std::vector<std::string>& warnings) {
  std::vector<QuarantineEntry> entries;
  int number = 0;
  while (!text.empty()) {
    const auto end = std::min(text.find('\n'), text.size());
    auto line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line[start] == '#') continue;
    QuarantineEntry entry;
    entry.line = number;
    if (const auto why = ReadEntry(line, entry); !why.empty()) {
      warnings.push_back(origin + ":" + std::to_string(number) + ": " + why +
                         "; the line is left out");
      continue;
    }
    entry.expired = !entry.until.empty() && entry.until < today;
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::size_t QuarantineOf(const std::vector<QuarantineEntry>& entries, const std::string& id,
                         const std::string& full_name) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].expired) continue;
    if (MatchesPattern(entries[i].pattern, id) ||
        (id.size() != full_name.size() && MatchesPattern(entries[i].pattern, full_name))) {
      return i;
    }
  }
  return entries.size();
}

std::string ExpiredLine(const std::string& origin, const QuarantineEntry& entry) {
  return origin + ":" + std::to_string(entry.line) + ": " + entry.pattern +
         " was quarantined until " + entry.until + "; it is quarantined no more";
}

}  // namespace gtest_webhook::detail
