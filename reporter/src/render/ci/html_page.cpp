// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// One HTML page, self-contained: a Content-Security-Policy of `default-src 'none'` with inline
// styles allowed, so that the browser makes no request at all (no script, font, image or style
// from anywhere); the chart is inline SVG. Every text of the report goes through
// Target::kXmlAttribute (escape.h), which escapes `& < > "`, makes invalid UTF-8 U+FFFD and shows
// control characters as `\xNN`; a link is made only of an http(s) URL.

#include "render/ci/html_page.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "json_writer.h"
#include "model/text.h"
#include "render/chat_message.h"
#include "render/ci/annotations.h"
#include "render/ci/step_summary.h"

namespace gtest_webhook::detail {
namespace {

// The slowest tests listed, and the ids of a history list named, at most.
constexpr std::size_t kSlowest = 10;
constexpr std::size_t kNamed = 50;
// Bytes of a failure's message and of its output shown, at most (head and tail).
constexpr std::size_t kShownBytes = 8192;

constexpr const char* kStyle = R"(
:root{--ok:#1b7a34;--bad:#c0262d;--line:#1a5fb4;--muted:#5e6470;--rule:#d9dce1;--code:#f5f6f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2026}
main{max-width:72rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;margin:0 0 .25rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:1px solid var(--rule)}
h3{font-size:1rem;margin:0;overflow-wrap:anywhere}
.verdict{display:inline-block;padding:.1rem .6rem;border-radius:1rem;color:#fff;font-weight:600}
.stable{background:var(--ok)}.unstable{background:var(--bad)}
.muted{color:var(--muted)}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0;padding:0;list-style:none}
.counts li{border:1px solid var(--rule);border-radius:.4rem;padding:.3rem .7rem}
.counts b{font-size:1.2rem;margin-right:.3rem}
svg{width:100%;height:auto;max-height:14rem}
rect.ok{fill:var(--ok)}rect.bad{fill:var(--bad)}rect.flaky{fill:#c88a04}rect.skip{fill:#9a9ea6}
rect.none{fill:var(--rule)}svg.strip{width:auto;height:.8rem;vertical-align:middle}polyline.duration{fill:none;stroke:var(--line);
 stroke-width:2}text.duration{fill:var(--line)}
.failure{border:1px solid var(--rule);border-left:4px solid var(--bad);border-radius:.4rem;
 padding:.6rem .8rem;margin:.75rem 0;break-inside:avoid}
.tag{font-size:.75rem;border:1px solid currentColor;border-radius:.3rem;padding:0 .3rem;
 margin-left:.4rem;color:var(--bad)}
pre{background:var(--code);padding:.5rem;border-radius:.3rem;overflow:auto;max-height:24rem;
 white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem;margin:.4rem 0}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--rule);
 overflow-wrap:anywhere}
td.n{text-align:right;white-space:nowrap}
ul.ids{padding-left:1.25rem;overflow-wrap:anywhere}
@media (max-width:40rem){main{padding:.75rem}body{font-size:14px}}
@media print{main{max-width:none;padding:0}pre{max-height:none;overflow:visible}
 a{color:inherit}.verdict{border:1px solid #000}}
)";

// Characters of a name (a report's, a test's, a path) shown at most, as the job summary does:
// a test may be named with any number of them.
constexpr std::size_t kNameChars = 300;

// `text`, escaped for HTML text and attribute values alike.
void Text(std::string& out, std::string_view text) {
  AppendEscaped(out, text, Target::kXmlAttribute);
}

// A name, cut to kNameChars.
void Name(std::string& out, std::string_view name) { Text(out, CutToChars(name, kNameChars)); }

void Element(std::string& out, const char* tag, std::string_view text, const char* cls = "") {
  out.append("<").append(tag);
  if (*cls != '\0') out.append(" class=\"").append(cls).append("\"");
  out.append(">");
  Text(out, text);
  out.append("</").append(tag).append(">");
}

// A link to `url` when it is an http(s) URL (LinkDestination), else `text` alone.
void Link(std::string& out, const std::string& url, std::string_view text) {
  const auto destination = LinkDestination(url);
  if (destination.empty()) return Text(out, text);
  out.append("<a href=\"");
  Text(out, destination);
  out.append("\">");
  Text(out, text);
  out.append("</a>");
}

std::string Seconds(std::int64_t ms) {
  std::string text;
  AppendSeconds(text, std::max<std::int64_t>(ms, 0));
  return text + " s";
}

void Count(std::string& out, std::int64_t number, const char* what) {
  out.append("<li><b>").append(std::to_string(number)).append("</b>").append(what).append("</li>");
}

void Header(std::string& out, const Report& report, const Summary& summary,
            const ChatMessage& message) {
  out.append("<header><h1>");
  Name(out, report.name);
  out.append("</h1><p><span class=\"verdict ")
      .append(summary.build_stable ? "stable" : "unstable")
      .append("\">");
  Text(out, message.verdict);
  out.append("</span> <span class=\"muted\">");
  Text(out, "finished " + FormatUtc(report.run.finished_at_ms) + " after " +
                Seconds(report.run.finished_at_ms - report.run.started_at_ms));
  const auto commit = CommitLine(message);
  if (!commit.empty()) Text(out, " \xC2\xB7 " + commit);
  out.append("</span>");
  if (!LinkDestination(message.build_url).empty()) {
    out.append(" \xC2\xB7 ");
    Link(out, message.build_url, "the build");
  }
  out.append("</p><ul class=\"counts\">");
  Count(out, summary.tests, "tests");
  Count(out, summary.failures, "failures");
  Count(out, summary.errors, "errors");
  Count(out, summary.skip, "skipped");
  Count(out, summary.flaky, "flaky");
  if (summary.quarantined_failures > 0) Count(out, summary.quarantined_failures, "quarantined");
  out.append("</ul>");
  Element(out, "p", message.counts_line, "muted");
  out.append("</header>");
}

// The runs the chart draws: the history's, or this run alone when there is no history.
std::vector<History::Run> ChartRuns(const Report& report, const Summary& summary) {
  if (report.history && !report.history->runs.empty()) return report.history->runs;
  History::Run run;
  run.run_id = report.run.id;
  run.finished_at_ms = report.run.finished_at_ms;
  run.build_stable = summary.build_stable;
  run.tests = summary.tests;
  run.failures = summary.failures + summary.errors;
  // Inputs of `send` may say a run ended before it started: no negative bar or line.
  run.duration_ms = std::max<std::int64_t>(report.run.finished_at_ms - report.run.started_at_ms, 0);
  return {run};
}

// `value` with one decimal: 12.5.
std::string Number(double value) {
  std::string text = std::to_string(std::lround(value * 10));
  if (text.size() == 1) text.insert(0, "0");
  return text.insert(text.size() - 1, ".");
}

// A label of the chart at (`x`, `y`), with `attributes`.
void Label(std::string& out, int x, int y, const char* attributes, std::string_view text) {
  out.append("<text x=\"")
      .append(std::to_string(x))
      .append("\" y=\"")
      .append(std::to_string(y))
      .append(R"(" font-size="11" )")
      .append(attributes)
      .append(">");
  Text(out, text);
  out.append("</text>");
}

void Bar(std::string& out, const History::Run& run, double x, double width, double height) {
  out.append("<rect x=\"")
      .append(Number(x))
      .append("\" y=\"")
      .append(Number(150 - height))
      .append("\" width=\"")
      .append(Number(width))
      .append("\" height=\"")
      .append(Number(height))
      .append("\" class=\"")
      .append(run.build_stable ? "ok" : "bad")
      .append("\"><title>");
  Text(out, FormatUtc(run.finished_at_ms) + " \xC2\xB7 " +
                (run.build_stable ? "stable" : "unstable") + " \xC2\xB7 " +
                std::to_string(run.failures) + " failures of " + std::to_string(run.tests) +
                " tests \xC2\xB7 " + Seconds(run.duration_ms) + " \xC2\xB7 run " + run.run_id);
  out.append("</title></rect>");
}

// Bars of the failures of each run (green when stable, red when not) and a line of durations.
void Chart(std::string& out, const Report& report, const Summary& summary) {
  const auto runs = ChartRuns(report, summary);
  int most_failures = 1;
  std::int64_t longest = 1;
  for (const auto& run : runs) {
    most_failures = std::max(most_failures, run.failures);
    longest = std::max(longest, run.duration_ms);
  }
  out.append("<h2>The last ").append(std::to_string(runs.size())).append(" runs</h2>");
  out.append(
      "<svg viewBox=\"0 0 640 180\" role=\"img\" aria-label=\"Failures and duration of the "
      "recent runs\"><line x1=\"40\" y1=\"150\" x2=\"630\" y2=\"150\" stroke=\"#999\"/>");
  const double slot = 590.0 / static_cast<double>(runs.size());
  std::string line;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const double x = 40 + slot * static_cast<double>(i);
    const double height = std::max(3.0, 115.0 * runs[i].failures / most_failures);
    Bar(out, runs[i], x + slot * 0.15, slot * 0.7, height);
    line += Number(x + slot / 2) + "," +
            Number(150 - 115.0 * static_cast<double>(runs[i].duration_ms) /
                             static_cast<double>(longest)) +
            " ";
  }
  out.append(R"(<polyline class="duration" points=")").append(line).append(R"("/>)");
  Label(out, 0, 14, R"(fill="#555")", std::to_string(most_failures) + " failures");
  Label(out, 630, 14, R"(text-anchor="end" class="duration")",
        "line: duration, longest " + Seconds(longest));
  Label(out, 40, 170, R"(fill="#555")", FormatUtc(runs.front().finished_at_ms));
  Label(out, 630, 170, R"(text-anchor="end" fill="#555")", FormatUtc(runs.back().finished_at_ms));
  out.append("</svg>");
}

void Ids(std::string& out, const char* title, const std::vector<std::string>& ids,
         std::size_t count) {
  if (count == 0) return;
  out.append("<h3>").append(title).append(" (").append(std::to_string(count)).append(")</h3>");
  out.append("<ul class=\"ids\">");
  const auto shown = std::min(ids.size(), kNamed);
  for (std::size_t i = 0; i < shown; ++i) Element(out, "li", CutToChars(ids[i], kNameChars));
  if (count > shown) Element(out, "li", "and " + std::to_string(count - shown) + " more");
  out.append("</ul>");
}

void Changes(std::string& out, const Report& report, const ChatMessage& message) {
  const auto flaky = FlakyTestNames(report);
  const bool history = report.history && report.history->previous;
  if (!history && flaky.empty()) return;
  out.append("<section><h2>Since the last run</h2>");
  if (history) {
    const auto& changes = *report.history;
    Element(out, "p",
            std::string("The last run was ") +
                (changes.previous->build_stable ? "stable" : "unstable") + ": " +
                (message.changes_line.empty() ? "no change" : message.changes_line) + ".");
    Ids(out, "New failures", changes.new_failures, changes.new_failures_count);
    Ids(out, "Fixed", changes.fixed, changes.fixed_count);
    Ids(out, "Still failing", changes.still_failing, changes.still_failing_count);
  }
  Ids(out, "Flaky (failed, then passed)", flaky, flaky.size());
  out.append("</section>");
}

// A run's outcome in a strip (SPEC §19): its class, and what it says.
std::pair<const char*, const char*> Outcome(char outcome) {
  switch (outcome) {
    case 'P':
      return {"ok", "passed"};
    case 'F':
      return {"bad", "failed"};
    case 'X':
      return {"flaky", "failed, then passed on a retry"};
    case 'S':
      return {"skip", "skipped"};
    default:
      return {"none", "not run"};
  }
}

// The outcomes of a test over the window, oldest first: a square per run.
void Strip(std::string& out, const std::string& outcomes) {
  const auto width = std::to_string(outcomes.size() * 12);
  out.append(R"(<svg class="strip" viewBox="0 0 )")
      .append(width)
      .append(R"( 12" width=")")
      .append(width)
      .append(R"(" height="12" role="img" aria-label="outcomes of the last runs, oldest first">)");
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto [cls, word] = Outcome(outcomes[i]);
    out.append(R"(<rect class=")")
        .append(cls)
        .append(R"(" x=")")
        .append(std::to_string(i * 12))
        .append(R"(" y="0" width="10" height="12"><title>)")
        .append(word)
        .append("</title></rect>");
  }
  out.append("</svg>");
}

// The tests the strips are drawn for: those failing (shown as failures, then in quarantine),
// then the unstable ones, each once and with its stability.
std::vector<std::string> StripTests(const History& history, const ChatMessage& message) {
  std::vector<std::string> ids;
  std::unordered_set<std::string> seen;
  const auto add = [&](const std::string& id) {
    if (ids.size() < kNamed && history.stability.count(id) != 0 && seen.insert(id).second) {
      ids.push_back(id);
    }
  };
  for (const auto& failure : message.failures) add(failure.test);
  for (const auto& id : message.quarantined) add(id);
  for (const auto& id : history.unstable) add(id);
  return ids;
}

void Strips(std::string& out, const History& history, const ChatMessage& message) {
  const auto ids = StripTests(history, message);
  if (ids.empty()) return;
  out.append(
      "<h3>The last runs of failing and unstable tests</h3><table "
      "class=\"strips\"><tr><th>Test</th>"
      "<th>Flips</th><th>Failed</th><th>Oldest to newest</th></tr>");
  for (const auto& id : ids) {
    const auto& stability = history.stability.at(id);
    out.append("<tr><td>");
    Name(out, id);
    out.append("</td><td class=\"n\">")
        .append(std::to_string(stability.flips))
        .append("</td><td class=\"n\">")
        .append(std::to_string(stability.failed))
        .append(" of ")
        .append(std::to_string(stability.runs))
        .append("</td><td>");
    Strip(out, stability.outcomes);
    out.append("</td></tr>");
  }
  out.append("</table>");
}

// Stability across runs (SPEC §19): failures in quarantine, the quarantine's entries that
// expired or may leave it, slower tests, and a strip of outcomes per failing or unstable test.
void Stability(std::string& out, const Report& report, const ChatMessage& message) {
  const auto notes = QuarantineNotes(report);
  const auto* history = report.history ? &*report.history : nullptr;
  const bool strips = history != nullptr && !StripTests(*history, message).empty();
  const auto slower = history != nullptr ? history->slower_count : 0;
  if (message.quarantined_count == 0 && notes.empty() && slower == 0 && !strips) return;
  out.append("<section><h2>Stability across runs</h2>");
  Ids(out, "Quarantined failures (not counted as failures)", message.quarantined,
      message.quarantined_count);
  Ids(out, "Quarantine", notes, notes.size());
  if (history != nullptr) {
    Ids(out, "Slower than usual", SlowerNames(*history), slower);
    Strips(out, *history, message);
  }
  out.append("</section>");
}

void Where(std::string& out, const Report& report, const ChatFailure& failure) {
  const auto where = FailureLocation(report, failure);
  const auto& path = where.path.empty() ? where.given : where.path;
  if (path.empty()) return;
  const auto place = CutToChars(path, kNameChars) +
                     (where.line > 0 ? ":" + std::to_string(where.line) : std::string());
  const auto link = where.path.empty() || !report.ci
                        ? ""
                        : SourceLink(report.ci->blob_url, where.path, where.line);
  Link(out, link, place);
}

void Failure(std::string& out, const Report& report, const ChatFailure& failure) {
  out.append("<article class=\"failure\"><h3>");
  Name(out, failure.test);
  out.append("<span class=\"tag\">").append(failure.type).append("</span>");
  if (failure.is_new) out.append("<span class=\"tag\">new</span>");
  out.append("</h3>");
  std::string where;
  Where(where, report, failure);
  const auto owners = OwnersText(failure, 1000);
  if (!owners.empty()) Text(where, (where.empty() ? "" : " \xC2\xB7 ") + ("owners: " + owners));
  if (!where.empty()) out.append("<p class=\"muted\">").append(where).append("</p>");
  Element(out, "pre", failure.message);
  if (!failure.output.empty()) {
    out.append("<p class=\"muted\">Output</p>");
    Element(out, "pre", failure.output);
  }
  out.append("</article>");
}

void Failures(std::string& out, const Report& report, const ChatMessage& message) {
  if (message.failure_count == 0) return;
  out.append("<section><h2>Failures (")
      .append(std::to_string(message.failure_count))
      .append(")</h2>");
  for (const auto& failure : message.failures) Failure(out, report, failure);
  if (message.failure_count > message.failures.size()) {
    Element(out, "p",
            AndMore(message.failure_count - message.failures.size()) +
                ": the JSON payload and the JUnit file list every one.");
  }
  out.append("</section>");
}

void Slowest(std::string& out, const Report& report) {
  using Entry = std::pair<std::int64_t, std::size_t>;  // time, index
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> slowest;
  TestCase scratch;
  const auto count = TestCaseCount(report);
  for (std::size_t i = 0; i < count; ++i) {
    slowest.emplace(TestCaseAt(report, i, scratch).time_ms, i);
    if (slowest.size() > kSlowest) slowest.pop();
  }
  std::vector<Entry> rows;
  for (; !slowest.empty(); slowest.pop()) rows.push_back(slowest.top());
  if (rows.empty()) return;
  out.append("<section><h2>The slowest tests</h2><table><tr><th>Test</th><th>Time</th></tr>");
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    const auto& test = TestCaseAt(report, row->second, scratch);
    out.append("<tr><td>");
    Name(out, HistoryId(report, test));
    out.append("</td><td class=\"n\">").append(Seconds(row->first)).append("</td></tr>");
  }
  out.append("</table></section>");
}

}  // namespace

std::string HtmlPage(const Report& report, const Summary& summary) {
  const auto message = BuildChatMessage(report, summary, kPageFailures, kShownBytes);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  Name(out, report.name);
  Text(out, ": " + message.verdict);
  out.append("</title><style>").append(kStyle).append("</style></head><body><main>");
  Header(out, report, summary, message);
  Chart(out, report, summary);
  Changes(out, report, message);
  Failures(out, report, message);
  Stability(out, report, message);
  Slowest(out, report);
  out.append("<footer><p class=\"muted\">gtest-webhook report, run ");
  Text(out, report.run.id);
  out.append("</p></footer></main></body></html>\n");
  return out;
}

}  // namespace gtest_webhook::detail
