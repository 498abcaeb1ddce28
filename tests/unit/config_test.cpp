// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <gtest/gtest.h>
#include <gtest_webhook/options.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "system_words.h"
#include "temp_dir.h"

namespace gtest_webhook {
namespace {

using testing::kDevice;
using testing::kNoSuchFile;
using testing::kNoSuchPath;
using testing::kNotAFile;

using Env = std::map<std::string, std::string>;

EnvLookup Lookup(Env env) {
  return [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

ConfigResult Parse(Env env) { return OptionsFromEnvironment(Lookup(std::move(env))); }

// The one problem line of `result`, or a failed assertion.
std::string OnlyProblem(const ConfigResult& result) {
  EXPECT_EQ(result.problems.size(), 1U) << ::testing::PrintToString(result.problems);
  return result.problems.empty() ? std::string() : result.problems.front();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ConfigShorthand, NothingSetMeansNoReporters) {
  const auto result = Parse({});
  EXPECT_TRUE(result.problems.empty());
  EXPECT_TRUE(result.options.reporters.empty());
  EXPECT_FALSE(result.options.disabled);
  EXPECT_EQ(result.options.timeout, std::chrono::seconds(30));
  EXPECT_EQ(result.options.connect_timeout, std::chrono::seconds(10));
  EXPECT_EQ(result.options.retries, 3);
  EXPECT_EQ(result.options.deadline, std::chrono::seconds(60));
  EXPECT_EQ(result.options.max_message, 65536U);
}

TEST(ConfigShorthand, ReadsEveryReporterVariable) {
  const auto result = Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"},
                             {"GTEST_WEBHOOK_WHEN", "fails"},
                             {"GTEST_WEBHOOK_HEADERS", R"({"X-Api-Key":"k1","X-Team":"core"})"},
                             {"GTEST_WEBHOOK_LABEL", "dashboard"}});
  EXPECT_TRUE(result.problems.empty()) << ::testing::PrintToString(result.problems);
  ASSERT_EQ(result.options.reporters.size(), 1U);
  const auto& r = result.options.reporters[0];
  EXPECT_EQ(r.url, "https://hooks.example/a");
  EXPECT_EQ(r.when, When::kFails);
  EXPECT_EQ(r.label, "dashboard");
  ASSERT_EQ(r.headers.size(), 2U);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"X-Api-Key", "k1"}));
}

TEST(ConfigShorthand, UnknownWhenFallsBackToAlways) {
  const auto result =
      Parse({{"GTEST_WEBHOOK_URL", "http://h/x"}, {"GTEST_WEBHOOK_WHEN", "sometimes"}});
  EXPECT_EQ(OnlyProblem(result),
            "GTEST_WEBHOOK_WHEN='sometimes' is not one of always, fails, changes; using always");
  ASSERT_EQ(result.options.reporters.size(), 1U);
  EXPECT_EQ(result.options.reporters[0].when, When::kAlways);
}

TEST(ConfigShorthand, UrlWithoutSchemeDisablesTheReporter) {
  const auto result = Parse({{"GTEST_WEBHOOK_URL", "hooks.example/path"}});
  EXPECT_EQ(OnlyProblem(result),
            "GTEST_WEBHOOK_URL='hooks.example/path' is invalid: it has no scheme (expected http:// "
            "or https://); this reporter is disabled");
  EXPECT_TRUE(result.options.reporters.empty());
}

TEST(ConfigShorthand, OtherSchemesAndBrokenUrlsAreRefused) {
  for (const char* url :
       {"ftp://h/x", "http://", "http://h:port/x", "http://h x/y", "https://[::1/x"}) {
    const auto result = Parse({{"GTEST_WEBHOOK_URL", url}});
    EXPECT_EQ(result.problems.size(), 1U) << url;
    EXPECT_TRUE(result.options.reporters.empty()) << url;
  }
  for (const char* url : {"http://127.0.0.1:8080/x", "https://[::1]:443/x", "HTTPS://h"}) {
    const auto result = Parse({{"GTEST_WEBHOOK_URL", url}});
    EXPECT_TRUE(result.problems.empty()) << url;
  }
}

TEST(ConfigShorthand, InvalidUrlIsShownMasked) {
  const auto result = Parse({{"GTEST_WEBHOOK_URL", "ftp://user:pw@h/a/TOKEN?k=SECRET"}});
  const auto line = OnlyProblem(result);
  EXPECT_TRUE(Contains(line, "GTEST_WEBHOOK_URL='ftp://***@h/a/***?***' is invalid")) << line;
  EXPECT_FALSE(Contains(line, "pw")) << line;
  EXPECT_FALSE(Contains(line, "TOKEN")) << line;
  EXPECT_FALSE(Contains(line, "SECRET")) << line;
}

TEST(ConfigShorthand, UsernameWithoutPasswordIsAnError) {
  const auto result =
      Parse({{"GTEST_WEBHOOK_URL", "http://h/x"}, {"GTEST_WEBHOOK_USERNAME", "ci"}});
  const auto line = OnlyProblem(result);
  EXPECT_EQ(line,
            "GTEST_WEBHOOK_USERNAME is set but GTEST_WEBHOOK_PASSWORD is not; Basic Auth needs "
            "both, so this reporter is disabled");
  EXPECT_TRUE(result.options.reporters.empty());
  const auto reverse =
      Parse({{"GTEST_WEBHOOK_URL", "http://h/x"}, {"GTEST_WEBHOOK_PASSWORD", "hunter2"}});
  const auto other = OnlyProblem(reverse);
  EXPECT_TRUE(Contains(other, "GTEST_WEBHOOK_PASSWORD is set but GTEST_WEBHOOK_USERNAME is not"))
      << other;
  EXPECT_FALSE(Contains(other, "hunter2")) << other;
}

TEST(ConfigShorthand, ReadsSecretAndCredentials) {
  const auto result = Parse({{"GTEST_WEBHOOK_URL", "https://h/x"},
                             {"GTEST_WEBHOOK_WHEN", "changes"},
                             {"GTEST_WEBHOOK_SECRET", "s3cr3t"},
                             {"GTEST_WEBHOOK_USERNAME", "u"},
                             {"GTEST_WEBHOOK_PASSWORD", "p4ss"}});
  EXPECT_TRUE(result.problems.empty()) << ::testing::PrintToString(result.problems);
  ASSERT_EQ(result.options.reporters.size(), 1U);
  const auto& r = result.options.reporters[0];
  EXPECT_EQ(r.when, When::kChanges);
  EXPECT_EQ(r.secret_key, "s3cr3t");
  EXPECT_EQ(r.username, "u");
  EXPECT_EQ(r.password, "p4ss");
}

TEST(ConfigShorthand, MalformedStandardWebhooksSecretDisablesTheReporter) {
  const auto result =
      Parse({{"GTEST_WEBHOOK_URL", "https://h/x"}, {"GTEST_WEBHOOK_SECRET", "whsec_n0t-base64!"}});
  const auto line = OnlyProblem(result);
  EXPECT_TRUE(Contains(line, "its secret starts with whsec_ but the rest is not valid base64"))
      << line;
  EXPECT_FALSE(Contains(line, "n0t-base64")) << line;
  EXPECT_TRUE(result.options.reporters.empty());
}

TEST(ConfigShorthand, WarnsWhenSecretsWouldCrossPlainHttp) {
  for (const auto& [url, warned] :
       std::vector<std::pair<std::string, bool>>{{"http://dash.example/hook", true},
                                                 {"https://dash.example/hook", false},
                                                 {"http://127.0.0.1:8080/hook", false},
                                                 {"http://localhost/hook", false},
                                                 {"http://[::1]:9/hook", false}}) {
    const auto signed_result = Parse({{"GTEST_WEBHOOK_URL", url}, {"GTEST_WEBHOOK_SECRET", "k"}});
    EXPECT_EQ(signed_result.problems.size(), warned ? 1U : 0U) << url;
    const auto auth_result = Parse({{"GTEST_WEBHOOK_URL", url},
                                    {"GTEST_WEBHOOK_USERNAME", "u"},
                                    {"GTEST_WEBHOOK_PASSWORD", "p"}});
    EXPECT_EQ(auth_result.problems.size(), warned ? 1U : 0U) << url;
    if (warned) {
      EXPECT_TRUE(
          Contains(signed_result.problems[0], "over plain http to a host that is not loopback"));
      EXPECT_EQ(signed_result.options.reporters.size(), 1U);  // a warning, not a refusal
    }
  }
  EXPECT_TRUE(Parse({{"GTEST_WEBHOOK_URL", "http://dash.example/hook"}}).problems.empty());
}

TEST(ConfigShorthand, ReporterVariablesWithoutUrlAreNamed) {
  const auto result = Parse({{"GTEST_WEBHOOK_WHEN", "fails"}});
  EXPECT_EQ(OnlyProblem(result),
            "GTEST_WEBHOOK_WHEN is set but GTEST_WEBHOOK_URL is not; it is ignored");
}

TEST(ConfigHeaders, MalformedJsonIsNamedWithoutEchoingIt) {
  const auto result = Parse(
      {{"GTEST_WEBHOOK_URL", "http://h/x"}, {"GTEST_WEBHOOK_HEADERS", R"({"X-Api-Key": tok3n})"}});
  const auto line = OnlyProblem(result);
  EXPECT_TRUE(Contains(line, "GTEST_WEBHOOK_HEADERS is not valid JSON")) << line;
  EXPECT_FALSE(Contains(line, "tok3n")) << line;
  ASSERT_EQ(result.options.reporters.size(), 1U);
  EXPECT_TRUE(result.options.reporters[0].headers.empty());
}

TEST(ConfigHeaders, ReservedAndInvalidHeadersAreRefused) {
  const auto result = Parse(
      {{"GTEST_WEBHOOK_URL", "http://h/x"},
       {"GTEST_WEBHOOK_HEADERS",
        R"({"Authorization":"Bearer x","content-type":"text/plain","Signature":"s","Bad Name":"v","X-Num":5,"X-Line":"a\r\nb","X-Ok":"yes"})"}});
  EXPECT_EQ(result.problems.size(), 6U) << ::testing::PrintToString(result.problems);
  ASSERT_EQ(result.options.reporters.size(), 1U);
  ASSERT_EQ(result.options.reporters[0].headers.size(), 1U);
  EXPECT_EQ(result.options.reporters[0].headers[0].first, "X-Ok");
  for (const auto& line : result.problems) EXPECT_FALSE(Contains(line, "Bearer x")) << line;
}

TEST(ConfigHeaders, MustBeAnObject) {
  const auto result =
      Parse({{"GTEST_WEBHOOK_URL", "http://h/x"}, {"GTEST_WEBHOOK_HEADERS", R"(["X-A"])"}});
  EXPECT_TRUE(Contains(OnlyProblem(result), "must be a JSON object"));
}

TEST(ConfigReporters, AcceptsTheSeedShape) {
  const auto result = Parse({{"GTEST_WEBHOOK_REPORTERS", R"({"reporters":[
      {"webhook":{"url":"https://a.example/1","when":"always"}},
      {"webhook":{"url":"https://b.example/2","when":"fails","headers":{"X-K":"v"},"label":"B"}}]})"}});
  EXPECT_TRUE(result.problems.empty()) << ::testing::PrintToString(result.problems);
  ASSERT_EQ(result.options.reporters.size(), 2U);
  EXPECT_EQ(result.options.reporters[1].when, When::kFails);
  EXPECT_EQ(result.options.reporters[1].label, "B");
  EXPECT_EQ(result.options.reporters[1].headers.size(), 1U);
}

TEST(ConfigReporters, AcceptsABareArrayAndCombinesWithShorthand) {
  const auto result =
      Parse({{"GTEST_WEBHOOK_URL", "http://first/x"},
             {"GTEST_WEBHOOK_REPORTERS", R"([{"webhook":{"url":"http://second/y"}}])"}});
  EXPECT_TRUE(result.problems.empty());
  ASSERT_EQ(result.options.reporters.size(), 2U);
  EXPECT_EQ(result.options.reporters[0].url, "http://first/x");
  EXPECT_EQ(result.options.reporters[1].url, "http://second/y");
}

TEST(ConfigReporters, ReadsAFile) {
  testing::TempDir dir;
  const auto path = dir.File("reporters.json");
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    std::fputs(R"([{"webhook":{"url":"http://from-file/x","when":"fails"}}])", file);
    std::fclose(file);
  }
  const auto result = Parse({{"GTEST_WEBHOOK_REPORTERS", "@" + path}});
  EXPECT_TRUE(result.problems.empty());
  ASSERT_EQ(result.options.reporters.size(), 1U);
  EXPECT_EQ(result.options.reporters[0].url, "http://from-file/x");

  const auto missing = Parse({{"GTEST_WEBHOOK_REPORTERS", "@" + dir.File("nope.json")}});
  const auto line = OnlyProblem(missing);
  EXPECT_TRUE(Contains(line, "cannot be read")) << line;
  EXPECT_TRUE(Contains(line, kNoSuchFile)) << line;
}

TEST(ConfigReporters, ExpandsEnvironmentReferences) {
  const auto result = Parse(
      {{"GTEST_WEBHOOK_REPORTERS",
        R"([{"webhook":{"url":"https://h/${HOOK_PATH}","headers":{"X-Key":"${API_KEY}"},"label":"L-${TEAM}"}}])"},
       {"HOOK_PATH", "p/q"},
       {"API_KEY", "k-123"},
       {"TEAM", "core"}});
  EXPECT_TRUE(result.problems.empty()) << ::testing::PrintToString(result.problems);
  ASSERT_EQ(result.options.reporters.size(), 1U);
  EXPECT_EQ(result.options.reporters[0].url, "https://h/p/q");
  EXPECT_EQ(result.options.reporters[0].headers[0].second, "k-123");
  EXPECT_EQ(result.options.reporters[0].label, "L-core");
}

TEST(ConfigReporters, MissingReferenceDisablesTheReporter) {
  const auto result = Parse({{"GTEST_WEBHOOK_REPORTERS",
                              R"([{"webhook":{"url":"https://h/x","secretKey":"${NOPE}"}}])"}});
  EXPECT_TRUE(
      Contains(OnlyProblem(result), "reporters[0].secretKey refers to ${NOPE}, which is not set"));
  EXPECT_TRUE(result.options.reporters.empty());
}

TEST(ConfigReporters, MalformedJsonSaysWhereWithoutEchoingSecrets) {
  const auto result =
      Parse({{"GTEST_WEBHOOK_REPORTERS", R"([{"webhook":{"url":"http://h","secretKey":hush}}])"}});
  const auto line = OnlyProblem(result);
  EXPECT_TRUE(
      Contains(line, "GTEST_WEBHOOK_REPORTERS is not valid JSON (parse error at line 1, column"))
      << line;
  EXPECT_FALSE(Contains(line, "hush")) << line;
}

TEST(ConfigReporters, ShapeMistakesAreNamed) {
  const auto cases = std::vector<std::pair<std::string, std::string>>{
      {R"({"hooks":[]})", "without a \"reporters\" array"},
      {R"({"reporters":{}})", "must be an array"},
      {R"("just text")", "must be an array"},
      {R"([42])", "reporters[0] must be an object"},
      {R"([{"email":{"to":"x"}}])", "found 'email'"},
      {R"([{"webhook":{"when":"always"}}])", "has no \"url\""},
      {R"([{"webhook":{"url":7}}])", "reporters[0].url must be a string"},
  };
  for (const auto& [json, expected] : cases) {
    const auto result = Parse({{"GTEST_WEBHOOK_REPORTERS", json}});
    EXPECT_TRUE(Contains(OnlyProblem(result), expected)) << json;
    EXPECT_TRUE(result.options.reporters.empty()) << json;
  }
}

TEST(ConfigReporters, CredentialsComeInPairs) {
  const auto result = Parse(
      {{"GTEST_WEBHOOK_REPORTERS", R"([{"webhook":{"url":"https://h/x","password":"${PW}"}}])"},
       {"PW", "hunter2"}});
  const auto line = OnlyProblem(result);
  EXPECT_EQ(line.rfind("GTEST_WEBHOOK_REPORTERS reporters[0].password is set but "
                       "GTEST_WEBHOOK_REPORTERS reporters[0].username is not",
                       0),
            0U)
      << line;
  EXPECT_FALSE(Contains(line, "hunter2"));
}

TEST(ConfigReporters, UnknownKeysAreNamedButKept) {
  const auto result =
      Parse({{"GTEST_WEBHOOK_REPORTERS", R"([{"webhook":{"url":"http://h/x","secret":"oops"}}])"}});
  const auto line = OnlyProblem(result);
  EXPECT_TRUE(Contains(line, "unknown key 'secret'")) << line;
  EXPECT_FALSE(Contains(line, "oops")) << line;
  EXPECT_EQ(result.options.reporters.size(), 1U);
}

TEST(ConfigRunWide, ReadsEveryVariable) {
  const auto result = Parse({{"GTEST_WEBHOOK_NAME", "nightly"},
                             {"GTEST_WEBHOOK_STATE_DIR", "/tmp/state"},
                             {"GTEST_WEBHOOK_KNOWN_BUGS", "A.b:C.*"},
                             {"GTEST_WEBHOOK_OUTPUT", "/tmp/out.json"},
                             {"GTEST_WEBHOOK_LOG", "/tmp/log.jsonl"},
                             {"GTEST_WEBHOOK_TIMEOUT", "2.5"},
                             {"GTEST_WEBHOOK_RETRIES", "0"},
                             {"GTEST_WEBHOOK_DEADLINE", "15"},
                             {"GTEST_WEBHOOK_MAX_MESSAGE", "1024"},
                             {"GTEST_WEBHOOK_COMMIT_SHA", "abc"},
                             {"GTEST_WEBHOOK_TARGET_URL", "https://ci.example/build/1"}});
  EXPECT_TRUE(result.problems.empty()) << ::testing::PrintToString(result.problems);
  const auto& o = result.options;
  EXPECT_EQ(o.name, "nightly");
  EXPECT_EQ(o.state_dir, "/tmp/state");
  EXPECT_EQ(o.known_bugs, "A.b:C.*");
  EXPECT_EQ(o.output_path, "/tmp/out.json");
  EXPECT_EQ(o.log_path, "/tmp/log.jsonl");
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(o.connect_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(o.retries, 0);
  EXPECT_EQ(o.deadline, std::chrono::seconds(15));
  EXPECT_EQ(o.max_message, 1024U);
  EXPECT_EQ(o.commit_sha, "abc");
  EXPECT_EQ(o.target_url, "https://ci.example/build/1");
}

TEST(ConfigRunWide, BadNumbersKeepTheDefaults) {
  const auto cases = std::vector<std::pair<std::string, std::string>>{
      {"GTEST_WEBHOOK_TIMEOUT", "soon"},    {"GTEST_WEBHOOK_TIMEOUT", "-1"},
      {"GTEST_WEBHOOK_TIMEOUT", "0"},       {"GTEST_WEBHOOK_DEADLINE", "1e9"},
      {"GTEST_WEBHOOK_RETRIES", "two"},     {"GTEST_WEBHOOK_RETRIES", "-3"},
      {"GTEST_WEBHOOK_RETRIES", "1.5"},     {"GTEST_WEBHOOK_MAX_MESSAGE", "12"},
      {"GTEST_WEBHOOK_MAX_MESSAGE", "lots"}};
  for (const auto& [name, value] : cases) {
    const auto result = Parse({{name, value}});
    const auto line = OnlyProblem(result);
    EXPECT_EQ(line.rfind(name + "='" + value + "' is not", 0), 0U) << line;
    EXPECT_TRUE(Contains(line, "; using ")) << line;
    const Options defaults;
    EXPECT_EQ(result.options.timeout, defaults.timeout);
    EXPECT_EQ(result.options.deadline, defaults.deadline);
    EXPECT_EQ(result.options.retries, defaults.retries);
    EXPECT_EQ(result.options.max_message, defaults.max_message);
  }
}

// An unusable bundle is named, and kept: https deliveries then fail as this machine's problem and
// wait in the outbox, instead of going out verified against the wrong certificates.
TEST(ConfigRunWide, UnreadableCaBundleAndBadTargetUrlAreNamed) {
  const auto bundle = Parse({{"GTEST_WEBHOOK_CA_BUNDLE", "/nonexistent/ca.pem"}});
  EXPECT_EQ(OnlyProblem(bundle), std::string("GTEST_WEBHOOK_CA_BUNDLE='/nonexistent/ca.pem' cannot "
                                             "be used (") +
                                     kNoSuchPath +
                                     "); https deliveries fail and wait in the outbox until it "
                                     "is fixed");
  EXPECT_EQ(bundle.options.ca_bundle, "/nonexistent/ca.pem");
  const auto device = Parse({{"GTEST_WEBHOOK_CA_BUNDLE", kDevice}});
  EXPECT_TRUE(Contains(OnlyProblem(device), kNotAFile)) << OnlyProblem(device);
  const auto target = Parse({{"GTEST_WEBHOOK_TARGET_URL", "not a url"}});
  EXPECT_TRUE(Contains(OnlyProblem(target), "GTEST_WEBHOOK_TARGET_URL"));
  EXPECT_TRUE(target.options.target_url.empty());
}

TEST(ConfigDisable, OneTurnsEverythingOff) {
  const auto result = Parse({{"GTEST_WEBHOOK_DISABLE", "1"}, {"GTEST_WEBHOOK_URL", "nonsense"}});
  EXPECT_TRUE(result.options.disabled);
  EXPECT_TRUE(result.problems.empty());
  EXPECT_FALSE(EnvironmentRequestsReporting(
      Lookup({{"GTEST_WEBHOOK_DISABLE", "1"}, {"GTEST_WEBHOOK_URL", "http://h/x"}})));
  const auto bad = Parse({{"GTEST_WEBHOOK_DISABLE", "maybe"}});
  EXPECT_FALSE(bad.options.disabled);
  EXPECT_TRUE(Contains(OnlyProblem(bad), "GTEST_WEBHOOK_DISABLE='maybe' is not 1 or 0"));
}

TEST(ConfigDisable, ReportingIsRequestedByAReporterOrAnOutputFile) {
  EXPECT_FALSE(EnvironmentRequestsReporting(Lookup({})));
  EXPECT_FALSE(EnvironmentRequestsReporting(Lookup({{"GTEST_WEBHOOK_URL", "  "}})));
  EXPECT_TRUE(EnvironmentRequestsReporting(Lookup({{"GTEST_WEBHOOK_URL", "http://h"}})));
  EXPECT_TRUE(EnvironmentRequestsReporting(Lookup({{"GTEST_WEBHOOK_REPORTERS", "[]"}})));
  EXPECT_TRUE(EnvironmentRequestsReporting(Lookup({{"GTEST_WEBHOOK_OUTPUT", "/tmp/x"}})));
}

// Hardening: what used to pass without a word now gets one line naming the variable.

TEST(ConfigHardening, AnEmptyCredentialDisablesTheReporterInsteadOfSendingWithoutIt) {
  for (const char* name :
       {"GTEST_WEBHOOK_SECRET", "GTEST_WEBHOOK_USERNAME", "GTEST_WEBHOOK_PASSWORD"}) {
    Env env = {{"GTEST_WEBHOOK_URL", "https://hooks.example/a"}, {name, ""}};
    if (std::string(name) != "GTEST_WEBHOOK_SECRET") {
      env["GTEST_WEBHOOK_USERNAME"] = env.count("GTEST_WEBHOOK_USERNAME") ? "" : "ci";
      env["GTEST_WEBHOOK_PASSWORD"] = env.count("GTEST_WEBHOOK_PASSWORD") ? "" : "pw";
    }
    const auto result = Parse(env);
    EXPECT_EQ(OnlyProblem(result), std::string(name) +
                                       " is set but empty; this reporter is disabled rather than "
                                       "sending without it");
    EXPECT_TRUE(result.options.reporters.empty());
  }
}

TEST(ConfigHardening, AReferenceThatExpandsToNothingDisablesTheReporter) {
  const auto expanded = Parse(
      {{"GTEST_WEBHOOK_REPORTERS",
        R"([{"webhook": {"url": "https://hooks.example/a", "secretKey": "${HOOK_SECRET}"}}])"},
       {"HOOK_SECRET", ""}});
  EXPECT_EQ(OnlyProblem(expanded),
            "GTEST_WEBHOOK_REPORTERS reporters[0].secretKey is empty once its ${...} references "
            "are expanded; this reporter is disabled rather than sending without it");
  EXPECT_TRUE(expanded.options.reporters.empty());
  const auto literal = Parse(
      {{"GTEST_WEBHOOK_REPORTERS", R"([{"url": "https://hooks.example/a", "secretKey": ""}])"}});
  EXPECT_TRUE(Contains(OnlyProblem(literal), "reporters[0].secretKey is empty; this reporter"));
  EXPECT_TRUE(literal.options.reporters.empty());
}

TEST(ConfigHardening, ANulCharacterIsRefusedNotCutShort) {
  const auto secret =
      Parse({{"GTEST_WEBHOOK_REPORTERS",
              R"([{"url": "https://hooks.example/a", "secretKey": "ab\u0000cd"}])"}});
  EXPECT_EQ(OnlyProblem(secret),
            "GTEST_WEBHOOK_REPORTERS reporters[0].secretKey contains a NUL character, which "
            "cannot be sent; this reporter is disabled");
  EXPECT_TRUE(secret.options.reporters.empty());
  const auto header = Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"},
                             {"GTEST_WEBHOOK_HEADERS", R"({"X-Token": "ab\u0000cd"})"}});
  EXPECT_TRUE(Contains(OnlyProblem(header), "header 'X-Token' has a line break or a NUL"));
  ASSERT_EQ(header.options.reporters.size(), 1U);
  EXPECT_TRUE(header.options.reporters[0].headers.empty());
}

TEST(ConfigHardening, AHeaderWithAnEmptyValueIsKept) {
  const auto result = Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"},
                             {"GTEST_WEBHOOK_HEADERS", R"({"X-Empty": ""})"}});
  EXPECT_TRUE(result.problems.empty()) << ::testing::PrintToString(result.problems);
  ASSERT_EQ(result.options.reporters.size(), 1U);
  EXPECT_EQ(result.options.reporters[0].headers,
            (std::vector<std::pair<std::string, std::string>>{{"X-Empty", ""}}));
}

TEST(ConfigHardening, ZeroSecondsSaysWhatIsAllowed) {
  const auto result = Parse({{"GTEST_WEBHOOK_TIMEOUT", "0"}});
  EXPECT_EQ(OnlyProblem(result),
            "GTEST_WEBHOOK_TIMEOUT='0' is not a number of seconds above 0 and at most 86400; "
            "using 30");
}

TEST(ConfigHardening, ADirectoryForTheReporterFileIsSaidToBeOne) {
  testing::TempDir dir;
  const auto result = Parse({{"GTEST_WEBHOOK_REPORTERS", "@" + dir.path()}});
  EXPECT_EQ(OnlyProblem(result),
            "GTEST_WEBHOOK_REPORTERS names the file '" + dir.path() +
                "', which cannot be read (it is a directory, not a regular file); no reporters "
                "from it");
}

TEST(ConfigHardening, PortAndHostAreCheckedAtStartUp) {
  for (const auto& [url, why] : std::vector<std::pair<std::string, std::string>>{
           {"https://hooks.example:70000/a", "its port is not between 1 and 65535"},
           {"https://hooks.example:0/a", "its port is not between 1 and 65535"},
           {"https://hooks$example/a", "its host is not a valid host name or address"},
           {"https://hooks..example/a", "its host is not a valid host name or address"},
           {"https://-hooks.example/a", "its host is not a valid host name or address"},
           {"http://[::1/a", "its IPv6 host has no closing ']'"}}) {
    const auto result = Parse({{"GTEST_WEBHOOK_URL", url}});
    EXPECT_TRUE(Contains(OnlyProblem(result), "is invalid: " + why + "; this reporter is disabled"))
        << url;
    EXPECT_TRUE(result.options.reporters.empty()) << url;
  }
  for (const std::string url :
       {"https://hooks.example:443/a", "http://127.0.0.1:65535/", "http://[::1]:8080/",
        "http://ci_receiver:8080/", "https://hooks.example./a"}) {
    EXPECT_TRUE(Parse({{"GTEST_WEBHOOK_URL", url}}).problems.empty()) << url;
  }
}

TEST(ConfigHardening, MisspelledVariablesAreNamedWithTheNearestKnownOne) {
  EXPECT_EQ(UnknownVariables({"PATH", "GTEST_WEBHOOK_URL", "GTEST_WEBHOOK_RUN_STREAM",
                              "GTEST_WEBHOOK_SECRETS", "GTEST_WEBHOOK_TIMOUT",
                              "GTEST_WEBHOOK_SOMETHING_ELSE_ENTIRELY"}),
            (std::vector<std::string>{
                "GTEST_WEBHOOK_SECRETS is not a gtest-webhook variable; it is ignored (did you "
                "mean GTEST_WEBHOOK_SECRET?)",
                "GTEST_WEBHOOK_TIMOUT is not a gtest-webhook variable; it is ignored (did you "
                "mean GTEST_WEBHOOK_TIMEOUT?)",
                "GTEST_WEBHOOK_SOMETHING_ELSE_ENTIRELY is not a gtest-webhook variable; it is "
                "ignored"}));
}

TEST(ConfigHardening, RelativePathsAreResolvedWhereTheProcessStarted) {
  Options options;
  options.output_path = "reports/report.json";
  options.log_path = "../deliveries.jsonl";
  options.state_dir = "state";
  options.collect_dir = "/abs/collect";
  options.ca_bundle = "ca.pem";
  ResolvePaths(options, "/work/start");
  // In the system's own separators (`\` on Windows).
  const auto native = [](const char* path) {
    return std::filesystem::path(path).make_preferred().string();
  };
  EXPECT_EQ(options.output_path, native("/work/start/reports/report.json"));
  EXPECT_EQ(options.log_path, native("/work/deliveries.jsonl"));
  EXPECT_EQ(options.state_dir, native("/work/start/state"));
  EXPECT_EQ(options.collect_dir, native("/abs/collect"));
  EXPECT_EQ(options.ca_bundle, native("/work/start/ca.pem"));
}

TEST(ConfigFormats, EachReporterHasAFormatAndTestCases) {
  const auto result = Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"},
                             {"GTEST_WEBHOOK_FORMAT", " Slack "},
                             {"GTEST_WEBHOOK_TEST_CASES", "failed"},
                             {"GTEST_WEBHOOK_REPORTERS",
                              R"([{"url": "https://hooks.example/b", "format": "teams"},
                  {"url": "https://hooks.example/c", "format": "discord", "testCases": "all"},
                  {"url": "https://hooks.example/d", "format": "googlechat"},
                  {"url": "https://hooks.example/e"}])"}});
  EXPECT_TRUE(result.problems.empty()) << ::testing::PrintToString(result.problems);
  ASSERT_EQ(result.options.reporters.size(), 5U);
  const Format formats[] = {Format::kSlack, Format::kTeams, Format::kDiscord, Format::kGoogleChat,
                            Format::kReport};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(result.options.reporters[i].format, formats[i]);
  EXPECT_EQ(result.options.reporters[0].test_cases, TestCases::kFailed);
  EXPECT_EQ(result.options.reporters[4].test_cases, TestCases::kAll);
}

TEST(ConfigFormats, AnUnknownFormatOrTestCasesKeepsTheDefaultAndSaysSo) {
  const auto format =
      Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"}, {"GTEST_WEBHOOK_FORMAT", "slak"}});
  EXPECT_EQ(OnlyProblem(format),
            "GTEST_WEBHOOK_FORMAT='slak' is not one of report, slack, teams, discord, "
            "googlechat, prometheus; using report");
  ASSERT_EQ(format.options.reporters.size(), 1U);
  EXPECT_EQ(format.options.reporters[0].format, Format::kReport);
  const auto cases = Parse({{"GTEST_WEBHOOK_REPORTERS",
                             R"([{"url": "https://hooks.example/b", "testCases": "failing"}])"}});
  EXPECT_EQ(OnlyProblem(cases),
            "GTEST_WEBHOOK_REPORTERS reporters[0].testCases='failing' is not one of all, failed; "
            "using all");
  const auto orphan = Parse({{"GTEST_WEBHOOK_FORMAT", "slack"}});
  EXPECT_EQ(OnlyProblem(orphan),
            "GTEST_WEBHOOK_FORMAT is set but GTEST_WEBHOOK_URL is not; it "
            "is ignored");
}

TEST(ConfigFormats, SeveralSecretKeysAreCheckedOneByOne) {
  const auto good = Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"},
                           {"GTEST_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw old"}});
  EXPECT_TRUE(good.problems.empty()) << ::testing::PrintToString(good.problems);
  ASSERT_EQ(good.options.reporters.size(), 1U);
  const auto bad = Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"},
                          {"GTEST_WEBHOOK_SECRET", "first whsec_%%%"}});
  EXPECT_EQ(OnlyProblem(bad),
            "reporter https://hooks.example/a: its secret key 2 starts with whsec_ but the rest "
            "is not valid base64 (Standard Webhooks secrets are whsec_<base64>); this reporter is "
            "disabled");
  EXPECT_TRUE(bad.options.reporters.empty());
}

TEST(ConfigFormats, EverySpellingReadsBackAsItsValue) {
  for (const auto format :
       {Format::kReport, Format::kSlack, Format::kTeams, Format::kDiscord, Format::kGoogleChat}) {
    for (const auto cases : {TestCases::kAll, TestCases::kFailed}) {
      for (const auto when : {When::kAlways, When::kFails, When::kChanges}) {
        const auto result = Parse({{"GTEST_WEBHOOK_URL", "https://hooks.example/a"},
                                   {"GTEST_WEBHOOK_FORMAT", ToString(format)},
                                   {"GTEST_WEBHOOK_TEST_CASES", ToString(cases)},
                                   {"GTEST_WEBHOOK_WHEN", ToString(when)}});
        ASSERT_EQ(result.options.reporters.size(), 1U);
        EXPECT_EQ(result.options.reporters[0].format, format) << ToString(format);
        EXPECT_EQ(result.options.reporters[0].test_cases, cases) << ToString(cases);
        EXPECT_EQ(result.options.reporters[0].when, when) << ToString(when);
      }
    }
  }
}

TEST(ConfigFormats, TheNewShorthandVariablesAreKnown) {
  EXPECT_TRUE(UnknownVariables({"GTEST_WEBHOOK_FORMAT", "GTEST_WEBHOOK_TEST_CASES"}).empty());
  EXPECT_EQ(UnknownVariables({"GTEST_WEBHOOK_FORMATS"}).at(0),
            "GTEST_WEBHOOK_FORMATS is not a gtest-webhook variable; it is ignored (did you mean "
            "GTEST_WEBHOOK_FORMAT?)");
}

TEST(ConfigStability, ReadsTheWindowAndTheSlowerRule) {
  auto result = Parse({{"GTEST_WEBHOOK_WINDOW", "50"}, {"GTEST_WEBHOOK_SLOWER", "2.5x, 0.5s"}});
  EXPECT_TRUE(result.problems.empty());
  EXPECT_EQ(result.options.window, 50);
  EXPECT_DOUBLE_EQ(result.options.slower.factor, 2.5);
  EXPECT_EQ(result.options.slower.extra_ms, 500);
  result = Parse({{"GTEST_WEBHOOK_SLOWER", "0s"}});
  EXPECT_EQ(result.options.slower.extra_ms, 0);
  EXPECT_DOUBLE_EQ(result.options.slower.factor, 3.0);
  EXPECT_TRUE(Parse({{"GTEST_WEBHOOK_SLOWER", "off"}}).options.slower.off);
  const auto defaults = Parse({});
  EXPECT_EQ(defaults.options.window, 20);
  EXPECT_EQ(defaults.options.slower.extra_ms, 1000);
}

TEST(ConfigStability, RefusesAWindowOrRuleItCannotUse) {
  auto result = Parse({{"GTEST_WEBHOOK_WINDOW", "101"}});
  EXPECT_TRUE(Contains(OnlyProblem(result),
                       "GTEST_WEBHOOK_WINDOW='101' is not a whole number of "
                       "runs from 2 to 100; using 20"));
  EXPECT_EQ(result.options.window, 20);
  for (const auto* bad : {"3", "0.5x", "1s,x", "fast", "3x,100000s", "3x,"}) {
    result = Parse({{"GTEST_WEBHOOK_SLOWER", bad}});
    EXPECT_TRUE(Contains(OnlyProblem(result), "GTEST_WEBHOOK_SLOWER=")) << bad;
    EXPECT_DOUBLE_EQ(result.options.slower.factor, 3.0) << bad;
    EXPECT_EQ(result.options.slower.extra_ms, 1000) << bad;
  }
}

TEST(ConfigQuarantine, ReadsTheFileAndNamesBadAndExpiredLines) {
  testing::TempDir dir;
  const auto path = dir.File("quarantine.txt");
  std::ofstream(path) << "Net.* @alice until=2999-01-01 # flaky server\n"
                      << "Old.Test until=2001-01-01\n"
                      << "Bad.Test someone\n";
  const auto result = Parse({{"GTEST_WEBHOOK_QUARANTINE", path}});
  ASSERT_EQ(result.options.quarantine.size(), 2U);
  EXPECT_EQ(result.options.quarantine_path, path);
  EXPECT_EQ(result.options.quarantine[0].reason, "flaky server");
  EXPECT_TRUE(result.options.quarantine[1].expired);
  ASSERT_EQ(result.problems.size(), 2U) << ::testing::PrintToString(result.problems);
  EXPECT_EQ(result.problems[0], path +
                                    ":3: 'someone' is neither an owner (@name) nor "
                                    "until=YYYY-MM-DD; the line is left out");
  EXPECT_EQ(result.problems[1], "GTEST_WEBHOOK_QUARANTINE: " + path +
                                    ":2: Old.Test was quarantined until 2001-01-01; it is "
                                    "quarantined no more");
}

TEST(ConfigQuarantine, AFileThatCannotBeReadQuarantinesNothing) {
  testing::TempDir dir;
  const auto result = Parse({{"GTEST_WEBHOOK_QUARANTINE", dir.File("missing")}});
  EXPECT_TRUE(result.options.quarantine.empty());
  const auto problem = OnlyProblem(result);
  EXPECT_TRUE(Contains(problem, "GTEST_WEBHOOK_QUARANTINE=")) << problem;
  EXPECT_TRUE(Contains(problem, "cannot be read (")) << problem;
  EXPECT_TRUE(Contains(problem, "); no test is quarantined")) << problem;
}

}  // namespace
}  // namespace gtest_webhook
