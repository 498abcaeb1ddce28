// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/ci/step_summary.h"

#include <vector>

#include "json_writer.h"
#include "model/code_owners.h"
#include "render/chat_message.h"
#include "render/ci/annotations.h"

namespace gtest_webhook::detail {
namespace {

std::string Markdown(std::string_view text) { return Escaped(text, Target::kMarkdown); }

// Flaky tests and ids of the history's lists named at most.
constexpr std::size_t kNamed = 20;

std::string Heading(const Report& report, const ChatMessage& message) {
  return std::string("### ") + (message.stable ? "\xE2\x9C\x85 " : "\xE2\x9D\x8C ") +
         Markdown(CutToChars(report.name, 300)) + ": " + message.verdict + "\n\n";
}

std::string CountsParagraph(const ChatMessage& message) {
  std::string text = Markdown(message.counts_line);
  const auto commit = CommitLine(message);
  if (!commit.empty()) text += " \xC2\xB7 " + Markdown(commit);
  const auto build = LinkDestination(message.build_url);
  if (!build.empty()) text += " \xC2\xB7 [build](" + build + ")";
  return text + "\n\n";
}

std::string Named(const std::vector<std::string>& ids, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < kNamed; ++i) {
    text += (i == 0 ? "" : ", ") + Markdown(CutToChars(ids[i], 300));
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

// Stability across runs (SPEC §19): failures in quarantine, unstable and slower tests, and the
// quarantine's entries that expired or may leave it.
std::string StabilityParagraph(const Report& report, const ChatMessage& message) {
  std::string text;
  if (message.quarantined_count > 0) {
    text += "**Quarantined failures** (not counted as failures): " +
            Named(message.quarantined, message.quarantined_count) + "\n\n";
  }
  if (report.history && report.history->unstable_count > 0) {
    text += "**Unstable** (passed and failed by turns in the last " +
            std::to_string(report.history->runs.size()) +
            " runs): " + Named(UnstableNames(*report.history), report.history->unstable_count) +
            "\n\n";
  }
  if (report.history && report.history->slower_count > 0) {
    text += "**Slower** than usual: " +
            Named(SlowerNames(*report.history), report.history->slower_count) + "\n\n";
  }
  const auto notes = QuarantineNotes(report);
  if (!notes.empty()) text += "**Quarantine**: " + Named(notes, notes.size()) + "\n\n";
  return text;
}

std::string Row(const Report& report, const ChatFailure& failure) {
  std::string test = Markdown(CutToChars(failure.test, 300));
  const auto where = FailureLocation(report, failure);
  const auto link = report.ci && !where.path.empty()
                        ? SourceLink(report.ci->blob_url, where.path, where.line)
                        : std::string();
  if (!link.empty()) {
    test = "[" + test + "](" + link + ")";
  } else if (!where.path.empty()) {
    test += " (" + Markdown(where.path) +
            (where.line > 0 ? ":" + std::to_string(where.line) : std::string()) + ")";
  }
  if (failure.is_new) test += " *(new)*";
  return "| " + test + " | " + failure.type + " | " + Markdown(failure.first_line) + " | " +
         Markdown(OwnersText(failure)) + " |\n";
}

}  // namespace

std::string SourceLink(const std::string& blob_url, std::string_view path, int line) {
  auto link = LinkDestination(blob_url);
  if (link.empty()) return {};
  link += '/';
  AppendPercentEncoded(link, path, "/-._~");
  return line > 0 ? link + "#L" + std::to_string(line) : link;
}

std::string StepSummary(const Report& report, const Summary& summary, std::size_t max_bytes,
                        std::uint64_t held) {
  // Each row is at most about 2 KB (its parts are cut), so this many always fill the limit.
  const auto message = BuildChatMessage(report, summary, max_bytes / 256 + 1);
  std::string text = Heading(report, message) + CountsParagraph(message) +
                     ChangesParagraph(report, message) + FlakyParagraph(report) +
                     StabilityParagraph(report, message);
  // Room for the last line, whatever it says.
  constexpr std::size_t kLastLine = 256;
  if (message.failures.empty()) return text.size() <= max_bytes ? text : std::string();
  if (text.size() + kLastLine > max_bytes) return {};
  text += "| Test | Type | Failure | Owners |\n|---|---|---|---|\n";
  std::size_t shown = 0;
  for (const auto& failure : message.failures) {
    auto row = Row(report, failure);
    if (text.size() + row.size() + kLastLine > max_bytes) break;
    text += row;
    ++shown;
  }
  if (message.failure_count > shown) {
    text += "\n" + AndMore(message.failure_count - shown);
    if (held > 0) {
      text += " (this step's summary already holds " + std::to_string(held) +
              " bytes of other reports, and GitHub shows at most 1 MiB of it)";
    }
    text += "\n";
  }
  return text;
}

}  // namespace gtest_webhook::detail
