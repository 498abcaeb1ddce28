// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Every chat format within its platform's limits, whatever the report holds: no failure, one,
// 5,000; long multi-byte (and 4-byte) names; 64 KiB messages; a long report name.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "chat_limits.h"
#include "model/summary.h"
#include "render/renderer.h"
#include "state/history.h"

namespace gtest_webhook::testing {
using namespace detail;  // NOLINT(google-build-using-namespace): the internals under test
using namespace detail;  // NOLINT(google-build-using-namespace): the internals under test
namespace {

using Json = nlohmann::json;
using detail::ChatMessageOnce;

std::string Repeat(const std::string& text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

// `failures` failing tests among 10 passing ones, each name ~1,200 bytes of 2-, 3- and 4-byte
// characters, each message 64 KiB.
Report Failing(std::size_t failures) {
  Report report;
  report.name = Repeat("Größe 世界 🙂 ", 40) + "<@everyone> & *bold*";
  report.run.binaries = {"calculator_test"};
  report.ci = CiInfo{"github-actions",
                     "0123456789abcdef0123",
                     "main",
                     "https://ci.example/build/7",
                     "",
                     "org/repo",
                     "7",
                     "test",
                     ""};
  for (std::size_t i = 0; i < failures + 10; ++i) {
    TestCase test;
    test.class_name = Repeat("Größe世界🙂", 30) + "Suite<i>";
    test.name = "Case" + std::to_string(i);
    test.status = i < failures ? Status::kFailed : Status::kPassed;
    if (i < failures)
      test.message = "calc.cpp:" + std::to_string(i + 1) + "\n" + Repeat("Ünïcödé 🙂 ", 6000);
    report.test_cases.push_back(std::move(test));
  }
  // Stability across runs (SPEC §19) at its caps: a failure in quarantine, 100 unstable and 100
  // slower tests of long names, and quarantine entries expired and ready to leave.
  TestCase quarantined = report.test_cases.front();
  quarantined.name = "InQuarantine";
  quarantined.status = Status::kFailed;
  quarantined.quarantined = true;
  quarantined.message = "calc.cpp:9\n" + Repeat("Ünïcödé 🙂 ", 6000);
  report.test_cases.push_back(std::move(quarantined));
  History history;
  history.new_failures_count = failures;
  history.fixed_count = 1;
  for (std::size_t i = 0; i < kHistoryListCap; ++i) {
    const auto id = Repeat("Unstäble🙂", 40) + "<@everyone>." + std::to_string(i);
    history.unstable.push_back(id);
    history.slower.push_back({id, 5000, 100});
    history.stability[id].flips = 7;
  }
  history.unstable_count = history.slower_count = 4000;
  report.history = history;
  report.quarantine_file = Repeat("quarantine/", 40) + "list.txt";
  for (int i = 0; i < 20; ++i) {
    QuarantineEntry entry;
    entry.pattern = Repeat("Größe世界🙂", 20) + std::to_string(i) + "*";
    entry.until = "2026-01-01";
    entry.expired = i % 2 == 0;
    entry.line = i + 1;
    report.quarantine.push_back(entry);
    if (!entry.expired) report.ready_to_leave.push_back(report.quarantine.size() - 1);
  }
  return report;
}

// Every format says how stable the suite is, whatever else it had to cut.
void ExpectStability(const std::string& body) {
  EXPECT_NE(body.find("quarantined failures: "), std::string::npos) << body.substr(0, 3000);
  EXPECT_NE(body.find("unstable: "), std::string::npos);
}

std::string Render(Format format, const Report& report) {
  const Summary summary = Summarize(report);
  const ChatMessageOnce message(report, summary);
  const auto body =
      detail::MakeRenderer(format, TestCases::kAll)->Render({report, summary, message});
  return ReadAll(*body);
}

// The number in "and N more failures", or 0 when there is none.
std::size_t MoreFailures(const std::string& body) {
  std::smatch match;
  static const std::regex kMore("and ([0-9]+) more failure");
  return std::regex_search(body, match, kMore) ? std::stoul(match[1]) : 0;
}

class ChatFormats : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ChatFormats, SlackStaysWithinItsLimits) {
  const auto body = Render(Format::kSlack, Failing(GetParam()));
  const auto message = Json::parse(body);  // also: valid UTF-8 throughout
  ExpectSlackWithinLimits(message);
  std::size_t shown = 0;
  for (const auto& block : message["blocks"]) {
    if (block["type"] == "section" &&
        block["text"]["text"].get<std::string>().find("calc.cpp:") != std::string::npos)
      ++shown;
  }
  EXPECT_EQ(shown + MoreFailures(body), GetParam());
  if (GetParam() > 0) {
    EXPECT_GT(shown, 0U) << "at least one failure is shown";
  }
  // Slack's markup is escaped: a test name cannot mention everyone.
  EXPECT_EQ(body.find("<@everyone>"), std::string::npos);
  ExpectStability(body);
}

TEST_P(ChatFormats, DiscordStaysWithinItsLimits) {
  const auto body = Render(Format::kDiscord, Failing(GetParam()));
  const auto message = Json::parse(body);
  ExpectDiscordWithinLimits(message);
  const auto& fields = message["embeds"][0]["fields"];
  const std::size_t more = MoreFailures(body);
  EXPECT_EQ(fields.size() - (more > 0 ? 1 : 0) + more, GetParam());
  EXPECT_EQ(message["embeds"][0]["color"], GetParam() == 0 ? 0x2EA043 : 0xD1242F);
  ExpectStability(body);
}

TEST_P(ChatFormats, TeamsStaysWithinItsLimits) {
  const auto body = Render(Format::kTeams, Failing(GetParam()));
  ExpectTeamsWithinLimits(body);
  const auto card = Json::parse(body)["attachments"][0]["content"];
  EXPECT_EQ(card["actions"][0]["url"], "https://ci.example/build/7");
  std::size_t shown = 0;
  for (const auto& item : card["body"]) shown += item["type"] == "Container" ? 1 : 0;
  EXPECT_EQ(shown + MoreFailures(body), GetParam());
  ExpectStability(body);
}

TEST_P(ChatFormats, GoogleChatStaysWithinItsLimits) {
  const auto body = Render(Format::kGoogleChat, Failing(GetParam()));
  ExpectGoogleChatWithinLimits(body);
  std::size_t shown = 0;
  const auto message = Json::parse(body);
  for (const auto& section : message["cardsV2"][0]["card"]["sections"]) {
    for (const auto& widget : section["widgets"]) shown += widget.contains("decoratedText") ? 1 : 0;
  }
  EXPECT_EQ(shown + MoreFailures(body), GetParam());
  // Card text is escaped HTML, and the message text cannot mention anyone.
  EXPECT_EQ(message["text"].get<std::string>().find('<'), std::string::npos);
  ExpectStability(body);
  if (GetParam() > 0) {
    EXPECT_NE(message["cardsV2"][0]["card"]["sections"].dump().find("Suite&lt;i&gt;"),
              std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Failures, ChatFormats, ::testing::Values(0, 1, 5000));

TEST(ChatMessage, TellsTheFirstLineTheLocationAndWhatChanged) {
  Report report;
  report.name = "unit";
  TestCase failed;
  failed.class_name = "Math";
  failed.name = "Adds";
  failed.status = Status::kFailed;
  failed.message = "math.cpp:12\nExpected equality of these values:\n  1\n  2";
  report.test_cases = {failed};
  report.history = History{};
  report.history->new_failures = {"Math.Adds", "Other.Test"};
  report.history->new_failures_count = 2;
  report.history->fixed_count = 1;
  const auto message = detail::BuildChatMessage(report, Summarize(report));
  EXPECT_TRUE(message.failures.at(0).is_new);
  EXPECT_NE(Render(Format::kSlack, report).find("*Math.Adds (new)*"), std::string::npos);
  ASSERT_EQ(message.failures.size(), 1U);
  EXPECT_EQ(message.failures[0].test, "Math.Adds");
  EXPECT_EQ(message.failures[0].location, "math.cpp:12");
  EXPECT_EQ(message.failures[0].first_line, "Expected equality of these values:");
  EXPECT_EQ(message.changes_line, "2 new failures, 1 fixed");
  EXPECT_EQ(message.counts_line, "1 test: 0 passed, 1 failure, 0 errors, 0 skipped");
  EXPECT_EQ(message.verdict, "unstable");
}

TEST(ChatMessage, NamesTheFlakyTestsAndDoesNotListTheirFailedAttempts) {
  Report report;
  report.name = "unit";
  TestCase first;
  first.class_name = "Net";
  first.name = "Connects";
  first.status = Status::kFailed;
  first.message = "net.cpp:3\nFailed";
  first.retried_away = true;
  TestCase second = first;
  second.status = Status::kPassed;
  second.message.clear();
  second.retried_away = false;
  second.attempt = 2;
  report.test_cases = {first, second};
  const auto message = detail::BuildChatMessage(report, Summarize(report));
  EXPECT_TRUE(message.failures.empty());
  EXPECT_EQ(message.counts_line,
            "1 test: 1 passed, 0 failures, 0 errors, 0 skipped, 1 flaky (passed on a later "
            "attempt: Net.Connects on attempt 2)");
  EXPECT_NE(Render(Format::kSlack, report).find("1 flaky (passed on a later attempt"),
            std::string::npos);
}

TEST(ChatMessage, CutsToCharactersNeverSplittingASequence) {
  EXPECT_EQ(detail::CharCount("a🙂é"), 4U);  // 🙂 is two UTF-16 units
  EXPECT_EQ(detail::CutToChars("a🙂é", 4), "a🙂é");
  EXPECT_EQ(detail::CutToChars("a🙂é", 3), "a…");  // 🙂 does not fit beside the ellipsis
  EXPECT_EQ(detail::CutToChars("aé🙂", 3), "aé…");
}

}  // namespace
}  // namespace gtest_webhook::testing
