// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gtest_webhook {

/// When a webhook reporter fires (the seed's `when`).
enum class When {
  kAlways,   ///< Every finished run.
  kFails,    ///< Only when `buildStable` is false.
  kChanges,  ///< Only when `buildStable` differs from the last delivered result.
};

/// Returns the configuration spelling of `when`: "always", "fails" or "changes".
const char* ToString(When when);

/// What a reporter sends (SPEC §11).
enum class Format {
  kReport,      ///< The report payload of SPEC §4 (the default).
  kSlack,       ///< A Slack incoming-webhook message: Block Kit blocks and a `text` fallback.
  kTeams,       ///< A Microsoft Teams Workflows message with one Adaptive Card.
  kDiscord,     ///< A Discord webhook message with embeds.
  kGoogleChat,  ///< A Google Chat webhook message.
  kPrometheus,  ///< Prometheus text exposition for a Pushgateway (SPEC §18).
};

/// Returns the configuration spelling of `format`: "report", "slack", "teams", "discord",
/// "googlechat" or "prometheus".
const char* ToString(Format format);

/// Which testCase entries a `report` payload carries (SPEC §11).
enum class TestCases {
  kAll,     ///< Every entry (the default).
  kFailed,  ///< Only entries whose status is `failed` or `error`; the counts are unchanged.
};

/// Returns the configuration spelling: "all" or "failed".
const char* ToString(TestCases test_cases);

/// One webhook reporter: the seed's reporter object plus `headers` and `label`.
struct WebhookReporter {
  /// Destination URL, `http` or `https`.
  std::string url;
  /// When this reporter fires.
  When when = When::kAlways;
  /// HMAC key; empty means the body is not signed. Several keys separated by spaces (secret
  /// rotation) sign with each: one `v1,` signature per key, `Signature` with the first.
  std::string secret_key;
  /// HTTP Basic Auth user name; used only together with `password`.
  std::string username;
  /// HTTP Basic Auth password.
  std::string password;
  /// Extra request headers, in configuration order.
  std::vector<std::pair<std::string, std::string>> headers;
  /// Human-readable name used in logs and records; empty means the masked URL.
  std::string label;
  /// What is sent: the report payload or a chat message.
  Format format = Format::kReport;
  /// Which testCase entries a `report` payload carries.
  TestCases test_cases = TestCases::kAll;
};

/// One line of the `GTEST_WEBHOOK_QUARANTINE` file (SPEC §19):
/// `PATTERN [@owner …] [until=YYYY-MM-DD] [# reason]`.
struct QuarantineEntry {
  /// A GoogleTest wildcard pattern (`*`, `?`), matched against `Suite.Test` and, in reports of
  /// several executables, `binary:Suite.Test`.
  std::string pattern;
  /// Who looks after it (`@name`, `@org/team`, e-mail addresses), as written.
  std::vector<std::string> owners;
  /// The last day it quarantines (`YYYY-MM-DD`, UTC); empty for no end.
  std::string until;
  /// Why, as written after `#`.
  std::string reason;
  /// Its line in the file.
  int line = 0;
  /// `until` is past on the day the file was read: it quarantines nothing.
  bool expired = false;
};

/// `GTEST_WEBHOOK_SLOWER` (SPEC §19): a test is slower when its time in this run is at least
/// `factor` times the median of its passing runs in the window and `extra_ms` more than it.
struct SlowerRule {
  double factor = 3.0;
  std::int64_t extra_ms = 1000;
  /// `off`: no test is ever slower.
  bool off = false;
};

/// Everything that configures a run, as plain data. `OptionsFromEnvironment` fills it from
/// the `GTEST_WEBHOOK_*` variables; tests and explicit integrations may build it directly.
struct Options {
  /// `GTEST_WEBHOOK_DISABLE=1`: do nothing at all.
  bool disabled = false;
  /// Webhook reporters, shorthand first, then `GTEST_WEBHOOK_REPORTERS` in order.
  std::vector<WebhookReporter> reporters;
  /// Report `name`; empty means the test binary's file name (plus a shard suffix).
  std::string name;
  /// Where `when=changes` keeps its state; empty means the XDG cache default.
  std::string state_dir;
  /// GoogleTest filter patterns (`Suite.Test:Other.*`) of tests known to fail.
  std::string known_bugs;
  /// `GTEST_WEBHOOK_QUARANTINE`: the quarantine file, and its entries as read (SPEC §19).
  std::string quarantine_path;
  std::vector<QuarantineEntry> quarantine;
  /// `GTEST_WEBHOOK_WINDOW`: the runs of a report name that stability is judged over (SPEC §19),
  /// which the history keeps.
  int window = 20;
  /// `GTEST_WEBHOOK_SLOWER`: when a test is slower than it was.
  SlowerRule slower;
  /// Also write the payload to this file; empty means no file.
  std::string output_path;
  /// `GTEST_WEBHOOK_JUNIT`: also write the report as JUnit XML to this file (SPEC §17).
  std::string junit_path;
  /// `GTEST_WEBHOOK_SUMMARY`: append a Markdown summary of the report to this file, such as
  /// `$GITHUB_STEP_SUMMARY` (SPEC §17).
  std::string summary_path;
  /// `GTEST_WEBHOOK_HTML`: also write the report as one self-contained HTML page to this file
  /// (SPEC §18).
  std::string html_path;
  /// `GTEST_WEBHOOK_ANNOTATIONS=github`: print GitHub workflow commands for the failures on
  /// stdout (SPEC §17).
  bool github_annotations = false;
  /// `GTEST_WEBHOOK_CODEOWNERS`: the CODEOWNERS file that names the owners of failures; empty
  /// means the repository root's (`CODEOWNERS`, `.github/`, `.gitlab/`, `docs/`).
  std::string codeowners_path;
  /// `GTEST_WEBHOOK_COLLECT_DIR`: a test process writes its results into a file of its own in
  /// this directory as it runs, for `gtest-webhook send` to merge, instead of delivering them.
  std::string collect_dir;
  /// Append delivery records to this file (JSON lines); empty means no log.
  std::string log_path;
  /// How long one HTTP attempt may take.
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  /// How long connecting may take (at most `timeout`).
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  /// Retries after the first attempt.
  int retries = 3;
  /// How long all deliveries of a run may take together.
  std::chrono::milliseconds deadline{std::chrono::seconds(60)};
  /// The wait before the first retry; each further retry waits twice as long, up to
  /// `backoff_max`, each wait drawn at random from its upper half (jitter). Not read from the
  /// environment.
  std::chrono::milliseconds backoff_initial{500};
  /// The longest wait between two attempts, unless the receiver's `Retry-After` asks for more.
  std::chrono::milliseconds backoff_max{std::chrono::seconds(10)};
  /// CA certificate file for TLS verification; empty means the system store.
  std::string ca_bundle;
  /// Bytes kept of one failure message.
  std::size_t max_message = 65536;
  /// GTEST_WEBHOOK_MAX_OUTPUT: bytes of each test's output kept for the report (SPEC §16);
  /// 0 captures nothing.
  std::size_t max_output = 8192;
  /// Overrides the commit detected from the CI environment.
  std::string commit_sha;
  /// Overrides the link to the build detected from the CI environment.
  std::string target_url;
};

/// Looks up one environment variable; `std::nullopt` when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The real process environment.
EnvLookup ProcessEnvironment();

/// The result of reading the configuration: the options, and one human-readable line per
/// problem (naming the variable, the value with secrets masked, and what is wrong). A problem
/// never stops the run: the affected setting keeps its default or the reporter is dropped, as
/// the line says.
struct ConfigResult {
  Options options;
  std::vector<std::string> problems;
};

/// Reads every `GTEST_WEBHOOK_*` variable of the specification from `env`.
ConfigResult OptionsFromEnvironment(const EnvLookup& env = ProcessEnvironment());

/// Reads this process's environment as OptionsFromEnvironment does, and also has a problem line
/// for every `GTEST_WEBHOOK_*` variable that is not one of gtest-webhook's (with the nearest
/// known name, when one is close).
ConfigResult OptionsFromProcessEnvironment();

/// One problem line for each of `names` that starts with `GTEST_WEBHOOK_` but is not a variable
/// gtest-webhook reads.
std::vector<std::string> UnknownVariables(const std::vector<std::string>& names);

/// Makes the relative paths of `options` (output, JUnit, summary and CODEOWNERS files, delivery
/// log, state and collect directories, CA bundle) absolute against `directory`, where the process
/// started: a test that changes the working directory must not move them.
void ResolvePaths(Options& options, const std::string& directory);

/// True when a report configured by `options` goes anywhere: to a reporter, an output, JUnit or
/// summary file, or GitHub annotations.
bool HasDestination(const Options& options);

/// True when `env` asks for reporting at all: a reporter URL or list, an output, JUnit or
/// summary file, GitHub annotations or a collect directory is set and `GTEST_WEBHOOK_DISABLE` is
/// not `1`. Cheap: reads a few variables, parses nothing.
bool EnvironmentRequestsReporting(const EnvLookup& env = ProcessEnvironment());

}  // namespace gtest_webhook
