// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Recognises an input by its content and hands it to the reader for its format.

#include "inputs/sources.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "capture/collect_format.h"
#include "inputs/collect_reader.h"
#include "inputs/gtest_json.h"
#include "inputs/payload_input.h"
#include "inputs/xml_reports.h"
#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

// JSON that is not a collect file: GoogleTest's output, or a payload of ours.
SourceResult ReadJson(std::string_view text, const std::string& origin, std::size_t max_message) {
  // A quick look at the top-level keys decides; each reader parses in full.
  if (text.find("\"testsuites\"") != std::string_view::npos &&
      text.find("\"buildStable\"") == std::string_view::npos) {
    return ReadGoogleTestJson(text, origin, max_message);
  }
  if (text.find("\"testCase\"") != std::string_view::npos) return ReadPayload(text, origin);
  SourceResult result;
  const bool valid = nlohmann::json::accept(text);
  result.problems.push_back(
      {origin, valid ? "JSON, but neither GoogleTest output nor a gtest-webhook report"
                     : "not a test report: JSON that does not parse (is it truncated?)"});
  return result;
}

}  // namespace

SourceResult ReadInput(std::string_view bytes, const std::string& origin, std::size_t max_message,
                       bool writer_alive) {
  if (bytes.rfind(kCollectMagic, 0) == 0) {
    return ReadCollectFile(bytes, origin, max_message, writer_alive);
  }
  auto text = bytes;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);  // a UTF-8 byte order mark
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') {
    return ReadJson(text, origin, max_message);
  }
  if (first != std::string_view::npos && text[first] == '<') {
    return ReadXml(text, origin, max_message);
  }
  SourceResult result;
  result.problems.push_back(
      {origin, bytes.empty() ? "the file is empty"
                             : "not a test report: neither a gtest-webhook collect file or "
                               "report, GoogleTest JSON or XML, nor JUnit XML"});
  return result;
}

std::int64_t ParseTimestamp(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  char fraction[16] = {};
  const int fields =
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, fraction);
  if (fields < 6) return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::string rest = fields == 7 ? fraction : "";
  if (!rest.empty() && rest.front() == '.') {
    std::size_t digits = 1;
    while (digits < rest.size() && digits <= 3 &&
           std::isdigit(static_cast<unsigned char>(rest[digits])) != 0) {
      millis = millis * 10 + (rest[digits] - '0');
      ++digits;
    }
    for (auto n = digits; n <= 3; ++n) millis *= 10;
  }
  const bool utc = !rest.empty() && rest.back() == 'Z';
  tm.tm_isdst = -1;
  const auto seconds = utc ? platform::FromUtcCalendar(tm) : std::mktime(&tm);
  if (seconds <= 0) return 0;  // also mktime's -1: not a time
  return static_cast<std::int64_t>(seconds) * 1000 + millis;
}

}  // namespace gtest_webhook::detail
