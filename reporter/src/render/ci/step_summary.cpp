#include "render/ci/step_summary.h"

#include <cctype>
#include <vector>

#include "json_writer.h"
#include "model/code_owners.h"
#include "render/chat_message.h"
#include "render/ci/annotations.h"

namespace gtest_webhook::detail {
namespace {

// Flaky tests and ids of the history's lists named at most.
constexpr std::size_t kNamed = 20;

std::string Heading(const Report& report, const ChatMessage& message) {
  return std::string("### ") + (message.stable ? "\xE2\x9C\x85 " : "\xE2\x9D\x8C ") +
         EscapeMarkdown(CutToChars(report.name, 300)) + ": " + message.verdict + "\n\n";
}

std::string CountsParagraph(const ChatMessage& message) {
  std::string text = EscapeMarkdown(message.counts_line);
  const auto commit = CommitLine(message);
  if (!commit.empty()) text += " \xC2\xB7 " + EscapeMarkdown(commit);
  if (!message.build_url.empty()) text += " \xC2\xB7 [build](" + message.build_url + ")";
  return text + "\n\n";
}

std::string Named(const std::vector<std::string>& ids, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < kNamed; ++i) {
    text += (i == 0 ? "" : ", ") + EscapeMarkdown(CutToChars(ids[i], 300));
  }
  const auto shown = std::min(ids.size(), kNamed);
  if (count > shown) text += " and " + std::to_string(count - shown) + " more";
  return text;
}

std::string ChangesParagraph(const Report& report, const ChatMessage& message) {
  if (!report.history || !report.history->previous) return {};
  const auto& history = *report.history;
  std::string text = "**Since the last run** (" +
                     std::string(history.previous->build_stable ? "stable" : "unstable") +
                     "): " + (message.changes_line.empty() ? "no change" : message.changes_line) +
                     "\n";
  if (history.new_failures_count > 0)
    text += "- new failures: " + Named(history.new_failures, history.new_failures_count) + "\n";
  if (history.fixed_count > 0)
    text += "- fixed: " + Named(history.fixed, history.fixed_count) + "\n";
  return text + "\n";
}

std::string FlakyParagraph(const Report& report) {
  const auto names = FlakyTestNames(report);
  if (names.empty()) return {};
  return "**Flaky** (failed, then passed): " + Named(names, names.size()) + "\n\n";
}

std::string Row(const Report& report, const ChatFailure& failure) {
  std::string test = EscapeMarkdown(CutToChars(failure.test, 300));
  const auto where = FailureLocation(report, failure);
  if (report.ci && !report.ci->blob_url.empty() && !where.path.empty()) {
    test = "[" + test + "](" + SourceLink(report.ci->blob_url, where.path, where.line) + ")";
  } else if (!where.path.empty()) {
    test += " (" + EscapeMarkdown(where.path) +
            (where.line > 0 ? ":" + std::to_string(where.line) : std::string()) + ")";
  }
  if (failure.is_new) test += " *(new)*";
  return "| " + test + " | " + failure.type + " | " + EscapeMarkdown(failure.first_line) + " | " +
         EscapeMarkdown(OwnersText(failure)) + " |\n";
}

}  // namespace

std::string EscapeMarkdown(std::string_view text) {
  const auto valid = ToValidUtf8(text);
  std::string out;
  out.reserve(valid.size());
  static const char kHex[] = "0123456789ABCDEF";
  for (const char c : valid) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (byte < 0x20 || byte == 0x7F) {  // shown, not passed on to the page
      out += "\\\\x";
      out += kHex[byte >> 4U];
      out += kHex[byte & 0xFU];
    } else if (std::string_view("\\`*_[]<>&|~$#!{}()").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string SourceLink(const std::string& blob_url, std::string_view path, int line) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string link = blob_url + "/";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || std::string_view("/-._~").find(c) != std::string_view::npos) {
      link += c;
    } else {
      link += '%';
      link += kHex[byte >> 4U];
      link += kHex[byte & 0xFU];
    }
  }
  return line > 0 ? link + "#L" + std::to_string(line) : link;
}

std::string StepSummary(const Report& report, const Summary& summary, std::size_t max_bytes) {
  // Each row is at most about 2 KB (its parts are cut), so this many always fill the limit.
  const auto message = BuildChatMessage(report, summary, max_bytes / 256 + 1);
  std::string text = Heading(report, message) + CountsParagraph(message) +
                     ChangesParagraph(report, message) + FlakyParagraph(report);
  if (message.failures.empty()) return text.size() <= max_bytes ? text : std::string();
  text += "| Test | Type | Failure | Owners |\n|---|---|---|---|\n";
  std::size_t shown = 0;
  for (const auto& failure : message.failures) {
    auto row = Row(report, failure);
    // Room for the last line, whatever it says.
    if (text.size() + row.size() + 64 > max_bytes) break;
    text += row;
    ++shown;
  }
  if (message.failure_count > shown) text += "\n" + AndMore(message.failure_count - shown) + "\n";
  return text;
}

}  // namespace gtest_webhook::detail
