// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/chat_message.h"

#include <unordered_set>

#include "json_writer.h"
#include "model/summary.h"
#include "model/text.h"

namespace gtest_webhook::detail {
namespace {

std::string Plural(std::size_t count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

std::string Verdict(const Report& report, bool stable) {
  switch (report.run.status) {
    case RunStatus::kTimeout:
      return "timed out";
    case RunStatus::kCanceled:
      return "canceled";
    case RunStatus::kCrashed:
      return "crashed";
    case RunStatus::kFinished:
      break;
  }
  return stable ? "stable" : "unstable";
}

std::string CountsLine(const Summary& counts) {
  const int passed = counts.tests - counts.failures - counts.errors - counts.skip - counts.bugs -
                     counts.quarantined_failures;
  std::string line = Plural(static_cast<std::size_t>(counts.tests), "test", "tests") + ": " +
                     std::to_string(passed) + " passed, " +
                     Plural(static_cast<std::size_t>(counts.failures), "failure", "failures") +
                     ", " + Plural(static_cast<std::size_t>(counts.errors), "error", "errors") +
                     ", " + std::to_string(counts.skip) + " skipped";
  if (counts.bugs > 0)
    line += ", " + Plural(static_cast<std::size_t>(counts.bugs), "known bug", "known bugs");
  if (counts.quarantined_failures > 0) {
    line += ", " + Plural(static_cast<std::size_t>(counts.quarantined_failures),
                          "quarantined failure", "quarantined failures");
  }
  return line;
}

std::string ChangesLine(const History& history) {
  std::vector<std::string> parts;
  if (history.new_failures_count > 0) {
    parts.push_back(Plural(history.new_failures_count, "new failure", "new failures"));
  }
  if (history.fixed_count > 0) parts.push_back(std::to_string(history.fixed_count) + " fixed");
  if (history.still_failing_count > 0) {
    parts.push_back(std::to_string(history.still_failing_count) + " still failing");
  }
  if (history.flaky_count > 0) parts.push_back(std::to_string(history.flaky_count) + " flaky");
  std::string line;
  for (const auto& part : parts) line += (line.empty() ? "" : ", ") + part;
  return line;
}

bool LooksLikeLocation(std::string_view line) {
  if (line == "unknown file") return true;
  const auto colon = line.rfind(':');
  return colon != std::string_view::npos && colon + 1 < line.size() &&
         line.find_first_not_of("0123456789", colon + 1) == std::string_view::npos;
}

// The first line of `message` that says something: FAIL() and ADD_FAILURE() start theirs with
// a bare "Failed".
std::string_view FirstTellingLine(std::string_view message) {
  while (!message.empty()) {
    const auto end = message.find('\n');
    const auto line = message.substr(0, end);
    if (line.find_first_not_of(' ') != std::string_view::npos && line != "Failed") return line;
    if (end == std::string_view::npos) break;
    message.remove_prefix(end + 1);
  }
  return {};
}

// The failure's location and first line: GoogleTest's messages start with the failure's
// `file:line` on a line of its own.
ChatFailure Describe(const Report& report, const TestCase& test) {
  ChatFailure failure;
  failure.test = HistoryId(report, test);
  failure.type = test.status == Status::kError ? "error" : "failure";
  const std::string_view message = test.message;
  const auto first = message.substr(0, message.find('\n'));
  if (LooksLikeLocation(first) && first.size() < message.size()) {
    failure.location = first == "unknown file" ? "" : std::string(first);
  } else if (!test.file.empty()) {
    failure.location = test.file + (test.line > 0 ? ":" + std::to_string(test.line) : "");
  }
  failure.first_line = CutToChars(FailureHeadline(message), 300);
  failure.owners = OwnersOf(report, test);
  failure.file = test.file;
  failure.line = test.line;
  return failure;
}

}  // namespace

std::string_view FailureHeadline(std::string_view message) {
  const auto first_end = message.find('\n');
  if (first_end != std::string_view::npos && LooksLikeLocation(message.substr(0, first_end))) {
    message.remove_prefix(first_end + 1);
  }
  return FirstTellingLine(message);
}

std::size_t CharCount(std::string_view text) {
  std::size_t count = 0;
  for (const unsigned char c : text) {
    if ((c & 0xC0U) != 0x80U) count += c >= 0xF0U ? 2 : 1;  // 4-byte sequences are two units
  }
  return count;
}

std::string CutToChars(std::string_view text, std::size_t max_chars) {
  if (CharCount(text) <= max_chars) return std::string(text);
  const std::size_t budget = max_chars == 0 ? 0 : max_chars - 1;  // room for "…"
  std::size_t count = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    const auto c = static_cast<unsigned char>(text[end]);
    const std::size_t units = c >= 0xF0U ? 2 : 1;
    std::size_t next = end + 1;
    while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0U) == 0x80U) ++next;
    if (count + units > budget) break;
    count += units;
    end = next;
  }
  return max_chars == 0 ? std::string() : std::string(text.substr(0, end)) + "\xE2\x80\xA6";
}

std::string EscapeMarkup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string CommitLine(const ChatMessage& message) {
  std::string line;
  if (!message.commit.empty()) line = "commit " + message.commit.substr(0, 12);
  if (!message.branch.empty()) {
    line += (line.empty() ? "" : " \xC2\xB7 ") + CutToChars(message.branch, 200);
  }
  return line;
}

std::string OwnersText(const ChatFailure& failure, std::size_t max_chars) {
  std::string text;
  for (const auto& owner : failure.owners) text += (text.empty() ? "" : " ") + owner;
  return CutToChars(text, max_chars);
}

std::string ShownTest(const ChatFailure& failure) {
  const auto owners = OwnersText(failure);
  return CutToChars(failure.test, 300) + (failure.is_new ? " (new)" : "") +
         (owners.empty() ? "" : " \xE2\x80\x94 " + owners);
}

// Flaky tests named in the counts line, at most.
constexpr std::size_t kShownFlaky = 5;

// ", 2 flaky (passed on a later attempt: A.B on attempt 2, C.D on attempt 3)".
std::string FlakyPart(const std::vector<std::string>& shown, int flaky) {
  std::string part = ", " + std::to_string(flaky) + " flaky (passed on a later attempt: ";
  for (std::size_t i = 0; i < shown.size(); ++i)
    part += (i == 0 ? "" : ", ") + CutToChars(shown[i], 200);
  const auto more = static_cast<std::size_t>(flaky) - shown.size();
  if (more > 0) part += " and " + std::to_string(more) + " more";
  return part + ")";
}

namespace {

// Names in a line: the first kShownInLine of `names` (each cut), and how many more of `count`.
constexpr std::size_t kShownInLine = 5;
std::string InLine(const std::vector<std::string>& names, std::size_t count) {
  std::string line;
  for (std::size_t i = 0; i < names.size() && i < kShownInLine; ++i) {
    line += (i == 0 ? "" : ", ") + CutToChars(names[i], 120);
  }
  const auto shown = std::min(names.size(), kShownInLine);
  if (count > shown) line += " and " + std::to_string(count - shown) + " more";
  return line;
}

// The message's stability line (see ChatMessage::stability_line).
std::string StabilityLine(const Report& report, const ChatMessage& message) {
  std::vector<std::string> parts;
  if (message.quarantined_count > 0) {
    parts.push_back("quarantined failures: " +
                    InLine(message.quarantined, message.quarantined_count));
  }
  if (report.history && report.history->unstable_count > 0) {
    parts.push_back("unstable: " +
                    InLine(UnstableNames(*report.history), report.history->unstable_count));
  }
  if (report.history && report.history->slower_count > 0) {
    parts.push_back("slower: " +
                    InLine(SlowerNames(*report.history), report.history->slower_count));
  }
  const auto notes = QuarantineNotes(report);
  if (!notes.empty()) parts.push_back("quarantine: " + InLine(notes, notes.size()));
  std::string line;
  for (const auto& part : parts) line += (line.empty() ? "" : "; ") + part;
  return CutToChars(line, 1000);
}

}  // namespace

std::string AndMore(std::size_t more) {
  return "and " + Plural(more, "more failure", "more failures");
}

std::vector<std::string> UnstableNames(const History& history) {
  std::vector<std::string> names;
  for (const auto& id : history.unstable) {
    const auto it = history.stability.find(id);
    const int flips = it == history.stability.end() ? 0 : it->second.flips;
    names.push_back(id + " (" + Plural(static_cast<std::size_t>(flips), "flip", "flips") + ")");
  }
  return names;
}

std::vector<std::string> SlowerNames(const History& history) {
  std::vector<std::string> names;
  for (const auto& slower : history.slower) {
    std::string seconds;
    std::string median;
    AppendSeconds(seconds, slower.time_ms);
    AppendSeconds(median, slower.median_ms);
    names.push_back(slower.id + ": " + seconds + " s, usually " + median + " s");
  }
  return names;
}

std::vector<std::string> QuarantineNotes(const Report& report) {
  std::vector<std::string> notes;
  const auto where = [&](const QuarantineEntry& entry) {
    return report.quarantine_file + ":" + std::to_string(entry.line);
  };
  for (const auto& entry : report.quarantine) {
    if (entry.expired) {
      notes.push_back(entry.pattern + " expired on " + entry.until + ", " + where(entry));
    }
  }
  for (const auto index : report.ready_to_leave) {
    const auto& entry = report.quarantine[index];
    notes.push_back(entry.pattern + " passed every run of the last " +
                    std::to_string(report.history ? report.history->runs.size() : 0) +
                    ": ready to leave quarantine, " + where(entry));
  }
  return notes;
}

std::vector<std::string> FlakyTestNames(const Report& report) {
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  TestCase scratch;
  for (std::size_t i = 0, count = TestCaseCount(report); i < count; ++i) {
    const auto& test = TestCaseAt(report, i, scratch);
    if (!test.tagged_flaky || test.status != Status::kPassed) continue;
    auto id = HistoryId(report, test);
    if (seen.insert(id).second) {
      names.push_back(id + (test.attempt > 1 ? " (attempt " + std::to_string(test.attempt) + ")"
                                             : std::string()));
    }
  }
  return names;
}

ChatMessage BuildChatMessage(const Report& report, const Summary& summary, std::size_t max_failures,
                             std::size_t message_bytes) {
  ChatMessage message;
  message.name = report.name;
  message.stable = summary.build_stable;
  message.verdict = Verdict(report, summary.build_stable);
  message.counts = summary;
  message.counts_line = CountsLine(summary);
  std::unordered_set<std::string> new_failures;
  if (report.history) {
    message.changes_line = ChangesLine(*report.history);
    new_failures.insert(report.history->new_failures.begin(), report.history->new_failures.end());
  }
  TestCase scratch;
  const auto count = TestCaseCount(report);
  std::vector<std::string> flaky;
  for (std::size_t i = 0; i < count; ++i) {
    const TestCase& test = TestCaseAt(report, i, scratch);
    if (test.attempt > 1 && test.status == Status::kPassed && flaky.size() < kShownFlaky) {
      flaky.push_back(HistoryId(report, test) + " on attempt " + std::to_string(test.attempt));
    }
    if (!IsProblem(test.status) || test.tagged_bug || !IsLastAttempt(test)) continue;
    if (test.quarantined) {
      if (message.quarantined_count++ < max_failures) {
        message.quarantined.push_back(HistoryId(report, test));
      }
      continue;
    }
    if (message.failure_count++ < max_failures) {
      message.failures.push_back(Describe(report, test));
      if (message_bytes > 0) {
        message.failures.back().message = CapMessage(test.message, message_bytes);
        message.failures.back().output = CapMessage(test.output, message_bytes);
      }
      message.failures.back().is_new = new_failures.count(message.failures.back().test) != 0;
    }
  }
  if (summary.flaky > 0) message.counts_line += FlakyPart(flaky, summary.flaky);
  message.stability_line = StabilityLine(report, message);
  if (report.ci) {
    message.build_url =
        report.ci->target_url.empty() ? report.ci->build_url : report.ci->target_url;
    message.commit = report.ci->commit_sha;
    message.branch = report.ci->branch;
  }
  return message;
}

}  // namespace gtest_webhook::detail
