// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Dashboards (SPEC §18): the Prometheus exposition's escaping and counting, the Pushgateway
// group a report name is pushed to, and what the HTML page makes of hostile text.

#include <gtest/gtest.h>

#include "model/summary.h"
#include "render/ci/html_page.h"
#include "render/metrics/prometheus.h"

namespace gtest_webhook::testing {
using namespace detail;  // NOLINT(google-build-using-namespace): the internals under test
namespace {

TestCase Entry(const std::string& suite, const std::string& name, Status status) {
  TestCase test;
  test.class_name = suite;
  test.name = name;
  test.status = status;
  return test;
}

TEST(Prometheus, EscapesLabelValuesAndCountsEachFailedTestOnce) {
  Report report;
  report.run.started_at_ms = 1000;
  report.run.finished_at_ms = 3500;
  report.test_cases = {Entry("Quote\"Back\\slash", "Line\nFeed", Status::kFailed),
                       Entry("Repeated", "Twice", Status::kFailed),
                       Entry("Repeated", "Twice", Status::kFailed),
                       Entry("Bad", "Utf8\xC3", Status::kError),
                       Entry("Ok", "Passes", Status::kPassed),
                       Entry("Ok", "Skipped", Status::kSkipped)};
  const auto text = RenderPrometheus(report, Summarize(report));
  EXPECT_NE(text.find("gtest_webhook_test_failed{test=\"Quote\\\"Back\\\\slash.Line\\nFeed\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("gtest_webhook_test_failed{test=\"Repeated.Twice\"} 1\ngtest_webhook_test_"
                      "failed{test=\"Bad.Utf8\xEF\xBF\xBD\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("gtest_webhook_tests{status=\"passed\"} 1\n"
                      "gtest_webhook_tests{status=\"failed\"} 3\n"
                      "gtest_webhook_tests{status=\"error\"} 1\n"
                      "gtest_webhook_tests{status=\"skipped\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("gtest_webhook_run_duration_seconds 2.5\n"), std::string::npos);
  EXPECT_NE(text.find("gtest_webhook_run_finished_timestamp_seconds 3.5\n"), std::string::npos);
  EXPECT_NE(text.find("gtest_webhook_build_stable 0\n"), std::string::npos);
  // Every family has its HELP and TYPE before its samples.
  for (const char* family :
       {"gtest_webhook_tests", "gtest_webhook_build_stable", "gtest_webhook_flaky_tests",
        "gtest_webhook_run_duration_seconds", "gtest_webhook_run_finished_timestamp_seconds",
        "gtest_webhook_test_failed", "gtest_webhook_test_failed_omitted"}) {
    const auto help = text.find(std::string("# HELP ") + family + " ");
    const auto type = text.find(std::string("# TYPE ") + family + " gauge\n");
    ASSERT_NE(help, std::string::npos) << family;
    EXPECT_EQ(type, text.find('\n', help) + 1) << family;
  }
}

TEST(Prometheus, ATestRetriedAwayIsNotAFailedSeries) {
  Report report;
  auto first = Entry("Net", "Flaky", Status::kFailed);
  first.retried_away = true;
  auto second = Entry("Net", "Flaky", Status::kPassed);
  second.attempt = 2;
  report.test_cases = {first, second};
  const auto text = RenderPrometheus(report, Summarize(report));
  EXPECT_EQ(text.find("gtest_webhook_test_failed{"), std::string::npos) << text;
  EXPECT_NE(text.find("gtest_webhook_flaky_tests 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("gtest_webhook_build_stable 1\n"), std::string::npos) << text;
}

std::string GroupUrl(std::string_view url, std::string_view name) {
  return PushgatewayGroupOf(url, name).url;
}

TEST(Pushgateway, TheReportNameJoinsTheGroupingKeyInBase64Url) {
  EXPECT_EQ(GroupUrl("http://pg:9091/metrics/job/ci", "a/b c"),
            "http://pg:9091/metrics/job/ci/report@base64/YS9iIGM");
  // base64url: `-` and `_` for `+` and `/`, no padding.
  EXPECT_EQ(GroupUrl("http://pg/metrics/job/ci/", "\xC3\xBF\xC3\xBF"),
            "http://pg/metrics/job/ci/report@base64/w7_Dvw");
  // A name that is not UTF-8 is made valid first: Debian's Pushgateway stores a group of any
  // bytes, and then refuses every push of anyone's ("not utf8").
  EXPECT_EQ(GroupUrl("http://pg/metrics/job/ci", "caf\xE9"),
            "http://pg/metrics/job/ci/report@base64/Y2Fm77-9");
  EXPECT_EQ(GroupUrl("http://pg/metrics/job@base64/Y2k/env/prod?x=1", "n"),
            "http://pg/metrics/job@base64/Y2k/env/prod/report@base64/bg?x=1");
  EXPECT_EQ(GroupUrl("http://pg/metrics/job/ci", ""), "http://pg/metrics/job/ci/report@base64/=");
  // A job named `report` is no `report` label.
  EXPECT_EQ(GroupUrl("http://pg/metrics/job/report", "n"),
            "http://pg/metrics/job/report/report@base64/bg");
}

TEST(Pushgateway, AURLThatIsNoGroupOrNamesTheReportIsKept) {
  EXPECT_EQ(GroupUrl("http://pg/metrics", "n"), "http://pg/metrics");
  EXPECT_EQ(GroupUrl("http://pg/hook", "n"), "http://pg/hook");
  EXPECT_EQ(GroupUrl("http://pg/metrics/job/ci/report/x", "n"),
            "http://pg/metrics/job/ci/report/x");
  EXPECT_EQ(GroupUrl("http://pg/metrics/job/ci/report@base64/eA", "n"),
            "http://pg/metrics/job/ci/report@base64/eA");
  // Only a group is replaced whole (PUT), whoever named the report in it.
  EXPECT_TRUE(PushgatewayGroupOf("http://pg/metrics/job/ci/report/x", "n").is_group);
  EXPECT_TRUE(PushgatewayGroupOf("http://pg/metrics/job/ci", "n").is_group);
  EXPECT_FALSE(PushgatewayGroupOf("http://pg/hook", "n").is_group);
}

TEST(Pushgateway, AWiringTestNeverWritesIntoARealReportsGroup) {
  EXPECT_EQ(PushgatewayGroupOf("http://pg/metrics/job/ci/report/nightly/env/x?y", "t", true).url,
            "http://pg/metrics/job/ci/env/x/report@base64/dA?y");
  EXPECT_EQ(PushgatewayGroupOf("http://pg/metrics/job/ci/report@base64/eA/", "t", true).url,
            "http://pg/metrics/job/ci/report@base64/dA");
  EXPECT_EQ(PushgatewayGroupOf("http://pg/metrics/job/report", "t", true).url,
            "http://pg/metrics/job/report/report@base64/dA");
}

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

// Nothing of the report becomes markup: names, messages, output and URLs are text, a URL that is
// not http(s) is no link, and the page asks for nothing.
TEST(HtmlPage, EscapesEverythingItShowsAndLinksOnlyWebUrls) {
  Report report;
  report.name = "<script>alert('name')</script>";
  report.ci = CiInfo{};
  report.ci->build_url = "javascript:alert(1)";
  report.ci->blob_url = "javascript:alert(2)";
  auto test = Entry("A<b>", "C\"D", Status::kFailed);
  test.message = "x.cpp:3\n<img src=x onerror=alert(3)>\x01";
  test.output = "</pre><script>alert(4)</script>";
  report.test_cases = {test};
  const auto page = HtmlPage(report, Summarize(report));
  EXPECT_EQ(Occurrences(page, "<script"), 0U) << page;
  EXPECT_EQ(Occurrences(page, "<img"), 0U);
  EXPECT_EQ(Occurrences(page, "<a "), 0U);
  EXPECT_EQ(Occurrences(page, "javascript:"), 0U);
  EXPECT_NE(page.find("&lt;script&gt;alert('name')&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("A&lt;b&gt;.C&quot;D"), std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(3)&gt;\\x01"), std::string::npos);
  EXPECT_NE(page.find("&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("content=\"default-src 'none'; style-src 'unsafe-inline'\""),
            std::string::npos);
  EXPECT_EQ(Occurrences(page, "src="), Occurrences(page, "onerror=alert(3)"));
}

// The chart draws each run the history keeps, and a page lists at most kPageFailures failures.
TEST(HtmlPage, ChartsTheHistorysRunsAndCapsTheFailures) {
  Report report;
  report.name = "n";
  for (std::size_t i = 0; i < kPageFailures + 7; ++i) {
    report.test_cases.push_back(Entry("S", "T" + std::to_string(i), Status::kFailed));
  }
  History history;
  for (int run = 0; run < 4; ++run) {
    History::Run kept;
    kept.run_id = "r" + std::to_string(run);
    kept.build_stable = run % 2 == 0;
    kept.failures = run;
    history.runs.push_back(kept);
  }
  report.history = history;
  const auto page = HtmlPage(report, Summarize(report));
  EXPECT_EQ(Occurrences(page, "<rect "), 4U);
  EXPECT_EQ(Occurrences(page, "class=\"ok\""), 2U);
  EXPECT_EQ(Occurrences(page, "<article class=\"failure\">"), kPageFailures);
  EXPECT_NE(page.find("and 7 more failures"), std::string::npos);
}

}  // namespace
}  // namespace gtest_webhook::testing
