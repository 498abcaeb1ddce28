// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What a chat message tells, whatever the platform: built from a report in one pass over its
// test cases, keeping only the first failures, so that rendering costs the same for 20 tests
// and for 200,000.

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// One failure as a chat message shows it.
struct ChatFailure {
  /// The test's id (`Suite.Test`, or `binary:Suite.Test` in a report of several executables).
  std::string test;
  /// `file:line` of the first failure, empty when unknown.
  std::string location;
  /// The first line of the failure's message.
  std::string first_line;
  /// `failure` or `error`.
  std::string type;
  /// It did not fail in the last run (from the history).
  bool is_new = false;
  /// Who owns the test's file (CODEOWNERS, SPEC §17).
  std::vector<std::string> owners;
  /// The test's source file and line as the entry gives them (`file` may be empty, `line` 0).
  std::string file;
  int line = 0;
  /// The message, for those who show more than its first line: empty unless BuildChatMessage
  /// was asked to keep it, then capped (head and tail) to what it was asked to keep.
  std::string message;
  /// What the test wrote (SPEC §16), kept and capped like `message`.
  std::string output;
};

/// The owners, "@alice @org/team", at most `max_chars` long; empty when there are none.
std::string OwnersText(const ChatFailure& failure, std::size_t max_chars = 200);

/// The first line of a failure's message that says something: past its `file:line` line (and
/// the bare "Failed" of FAIL() and ADD_FAILURE()).
std::string_view FailureHeadline(std::string_view message);

/// How a failure's test is shown: its id, marked "(new)" when it did not fail last run, and its
/// owners.
std::string ShownTest(const ChatFailure& failure);

/// How many failures a chat message is built with at most; each platform shows fewer when its
/// limits demand.
inline constexpr std::size_t kChatFailures = 25;

/// Everything a chat message shows.
struct ChatMessage {
  std::string name;
  bool stable = false;
  /// "stable", "unstable", or how the run ended when it did not finish ("timed out" …).
  std::string verdict;
  Summary counts;
  /// "12 tests: 10 passed, 1 failure, 1 error, 0 skipped".
  std::string counts_line;
  /// The first failures, at most kChatFailures (or what BuildChatMessage was asked for).
  std::vector<ChatFailure> failures;
  /// How many failures there are in all.
  std::size_t failure_count = 0;
  /// "2 new failures, 1 fixed, 1 still failing, 1 flaky" since the last run; empty when there
  /// is no history or nothing to say.
  std::string changes_line;
  /// Failed tests in quarantine (SPEC §19), apart from the failures: the first ids (at most as
  /// many as failures), and how many in all.
  std::vector<std::string> quarantined;
  std::size_t quarantined_count = 0;
  /// Stability across runs in one line (SPEC §19): quarantined failures, unstable and slower
  /// tests, quarantine entries expired or ready to leave; empty when there is nothing to say.
  std::string stability_line;
  std::string build_url;
  std::string commit;
  std::string branch;
};

/// Builds the message of `report`, whose counters are `summary`, with at most `max_failures`
/// failures, each keeping at most `message_bytes` of its message.
ChatMessage BuildChatMessage(const Report& report, const Summary& summary,
                             std::size_t max_failures = kChatFailures,
                             std::size_t message_bytes = 0);

/// The tests of `report` that passed on a later attempt or both passed and failed, each named
/// once as its history id ("Suite.Test (attempt 2)"), in order of execution.
std::vector<std::string> FlakyTestNames(const Report& report);

/// The unstable tests of `history`, each "Suite.Test (4 flips)", most flips first.
std::vector<std::string> UnstableNames(const History& history);

/// The slower tests of `history`, each "Suite.Test: 2.5 s, usually 0.4 s".
std::vector<std::string> SlowerNames(const History& history);

/// What to tell of the quarantine file's entries: each expired one ("Net.* expired on
/// 2026-01-31, q.txt:3") and each ready to leave ("Disk.* passed every run of the last 20: ready
/// to leave quarantine, q.txt:4").
std::vector<std::string> QuarantineNotes(const Report& report);

/// The chat message of one report, built when first asked for, once, whichever thread asks.
class ChatMessageOnce {
 public:
  ChatMessageOnce(const Report& report, const Summary& summary)
      : report_(report), summary_(summary) {}
  const ChatMessage& Get() const {
    std::call_once(built_, [this] { message_ = BuildChatMessage(report_, summary_); });
    return message_;
  }

 private:
  const Report& report_;
  const Summary& summary_;
  mutable std::once_flag built_;
  mutable ChatMessage message_;
};

/// The length of `text` as the platforms count characters: in UTF-16 code units, which is what
/// JavaScript's `length` (and so Discord and Teams) measure; never less than code points.
std::size_t CharCount(std::string_view text);

/// `text` cut to at most `max_chars` (CharCount), ending with "…" when it was cut, never
/// splitting a UTF-8 sequence.
std::string CutToChars(std::string_view text, std::size_t max_chars);

/// `text` with &, < and > as entities: Slack's mrkdwn and Google Chat's HTML give them meaning.
std::string EscapeMarkup(std::string_view text);

/// "commit 4f2a9c1e7b3d · main", from what of the two is known; empty when neither.
std::string CommitLine(const ChatMessage& message);

/// "and N more failures" (or "and 1 more failure").
std::string AndMore(std::size_t more);

}  // namespace gtest_webhook::detail
