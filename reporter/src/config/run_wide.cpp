// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The run-wide settings: one table row per variable, each with how its value is read.

#include "config/run_wide.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "bounds.h"
#include "config/reporters.h"
#include "model/selection/quarantine.h"
#include "model/url.h"
#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

// Reads one variable's (non-blank) value into the options, or adds a problem line.
using Read = void (*)(const char* variable, const std::string& value, Options& options,
                      Problems& problems);

struct RunWideSetting {
  const char* variable;
  Read read;
};

// A number of seconds above 0 and at most a day, kept in `target`; the default otherwise.
void Seconds(const char* variable, const std::string& value, std::chrono::milliseconds& target,
             Problems& problems) {
  const auto seconds = ParseSeconds(value, 86400);
  if (!seconds) {
    problems.push_back(std::string(variable) + "=" + Shown(value) +
                       " is not a number of seconds above 0 and at most 86400; using " +
                       std::to_string(target.count() / 1000));
    return;
  }
  target = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(*seconds * 1000)));
  if (target.count() == 0) target = std::chrono::milliseconds(1);
}

// A whole number in [min, max], kept in `target`; the default otherwise.
template <typename T>
void Whole(const char* variable, const std::string& value, T& target, long long min, long long max,
           const char* unit, Problems& problems) {
  const auto text = Trim(value);
  char* end = nullptr;
  errno = 0;
  const long long number = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0' || number < min || number > max) {
    problems.push_back(std::string(variable) + "=" + Shown(value) + " is not a whole number of " +
                       unit + " from " + std::to_string(min) + " to " + std::to_string(max) +
                       "; using " + std::to_string(target));
    return;
  }
  target = static_cast<T>(number);
}

// The bundle is kept even when it cannot be used now: https deliveries then fail as a problem
// of this machine, and their reports wait in the outbox until it is fixed, rather than going to
// a receiver that the system's store would not verify anyway.
void CaBundle(const char* variable, const std::string& value, Options& options,
              Problems& problems) {
  options.ca_bundle = value;
  std::string bytes;
  std::string why;
  if (platform::ReadRegularFile(value, kCaBundleBytes, bytes, why) !=
      platform::ReadOutcome::kRead) {
    problems.push_back(std::string(variable) + "=" + Shown(value) + " cannot be used (" + why +
                       "); https deliveries fail and wait in the outbox until it is fixed");
  }
}

void TargetUrl(const char* variable, const std::string& value, Options& options,
               Problems& problems) {
  const auto url = Trim(value);
  if (const auto why = ValidateWebhookUrl(url); !why.empty()) {
    problems.push_back(std::string(variable) + "=" + ShownUrl(url) + " is invalid: " + why +
                       "; it is ignored");
  } else {
    options.target_url = url;
  }
}

// `github` is the one CI whose workflow commands are known; `off` (or `0`) says none.
void Annotations(const char* variable, const std::string& value, Options& options,
                 Problems& problems) {
  if (Lower(Trim(value)) == "github") {
    options.github_annotations = true;
  } else if (!IsOff(value)) {
    problems.push_back(std::string(variable) + "=" + Shown(value) +
                       " is not `github` (the one kind of annotations there is) or `off`; no "
                       "annotations are printed");
  }
}

// The quarantine file (SPEC §19), read once: a file that cannot be read quarantines nothing,
// and says so; a bad line or an expired entry is one line each.
void Quarantine(const char* variable, const std::string& value, Options& options,
                Problems& problems) {
  options.quarantine_path = value;
  std::string text;
  std::string why;
  if (platform::ReadRegularFile(value, kConfigFileBytes, text, why) !=
      platform::ReadOutcome::kRead) {
    problems.push_back(std::string(variable) + "=" + Shown(value) + " cannot be read (" + why +
                       "); no test is quarantined");
    return;
  }
  const auto today = FormatUtc(NowUnixMs()).substr(0, 10);
  options.quarantine = ParseQuarantine(text, value, today, problems);
  for (const auto& entry : options.quarantine) {
    if (entry.expired) problems.push_back(std::string(variable) + ": " + ExpiredLine(value, entry));
  }
}

// One part of GTEST_WEBHOOK_SLOWER into `rule`; false when it is neither `Nx` (a factor from 1
// to 1000) nor `Ms` (seconds from 0 to a day).
bool SlowerPart(const std::string& part, SlowerRule& rule) {
  if (part == "0s") {
    rule.extra_ms = 0;
    return true;
  }
  if (part.size() < 2) return false;
  const char unit = part.back();
  const auto number = ParseSeconds(part.substr(0, part.size() - 1), unit == 'x' ? 1000 : 86400);
  if (!number) return false;
  if (unit == 'x' && *number >= 1) {
    rule.factor = *number;
    return true;
  }
  if (unit == 's') {
    rule.extra_ms = std::llround(*number * 1000);
    return true;
  }
  return false;
}

// `Nx,Ms`, `Nx` or `Ms`, or `off`.
void Slower(const char* variable, const std::string& value, Options& options, Problems& problems) {
  const auto text = Lower(Trim(value));
  if (IsOff(text)) {
    options.slower.off = true;
    return;
  }
  SlowerRule rule;
  bool valid = true;
  for (std::size_t begin = 0; valid && begin <= text.size();) {
    const auto end = std::min(text.find(',', begin), text.size());
    valid = SlowerPart(Trim(text.substr(begin, end - begin)), rule);
    begin = end + 1;
  }
  if (!valid) {
    problems.push_back(std::string(variable) + "=" + Shown(value) +
                       " is not like 3x,1s (a factor from 1 to 1000, seconds from 0 to 86400) "
                       "or off; using 3x,1s");
    return;
  }
  options.slower = rule;
}

// Every run-wide variable of SPEC §3 but GTEST_WEBHOOK_DISABLE, which is read first.
const RunWideSetting kRunWide[] = {
    {"GTEST_WEBHOOK_NAME", [](auto, auto& v, auto& o, auto&) { o.name = Trim(v); }},
    {"GTEST_WEBHOOK_STATE_DIR", [](auto, auto& v, auto& o, auto&) { o.state_dir = v; }},
    {"GTEST_WEBHOOK_KNOWN_BUGS", [](auto, auto& v, auto& o, auto&) { o.known_bugs = Trim(v); }},
    {"GTEST_WEBHOOK_QUARANTINE", Quarantine},
    {"GTEST_WEBHOOK_WINDOW",
     [](auto name, auto& v, auto& o, auto& p) { Whole(name, v, o.window, 2, 100, "runs", p); }},
    {"GTEST_WEBHOOK_SLOWER", Slower},
    {"GTEST_WEBHOOK_OUTPUT", [](auto, auto& v, auto& o, auto&) { o.output_path = v; }},
    {"GTEST_WEBHOOK_JUNIT", [](auto, auto& v, auto& o, auto&) { o.junit_path = v; }},
    {"GTEST_WEBHOOK_SUMMARY", [](auto, auto& v, auto& o, auto&) { o.summary_path = v; }},
    {"GTEST_WEBHOOK_HTML", [](auto, auto& v, auto& o, auto&) { o.html_path = v; }},
    {"GTEST_WEBHOOK_ANNOTATIONS", Annotations},
    {"GTEST_WEBHOOK_CODEOWNERS", [](auto, auto& v, auto& o, auto&) { o.codeowners_path = v; }},
    {"GTEST_WEBHOOK_COLLECT_DIR", [](auto, auto& v, auto& o, auto&) { o.collect_dir = v; }},
    {"GTEST_WEBHOOK_LOG", [](auto, auto& v, auto& o, auto&) { o.log_path = v; }},
    {"GTEST_WEBHOOK_COMMIT_SHA", [](auto, auto& v, auto& o, auto&) { o.commit_sha = Trim(v); }},
    {"GTEST_WEBHOOK_TARGET_URL", TargetUrl},
    {"GTEST_WEBHOOK_TIMEOUT",
     [](auto name, auto& v, auto& o, auto& p) {
       Seconds(name, v, o.timeout, p);
       o.connect_timeout = std::min(o.connect_timeout, o.timeout);
     }},
    {"GTEST_WEBHOOK_DEADLINE",
     [](auto name, auto& v, auto& o, auto& p) { Seconds(name, v, o.deadline, p); }},
    {"GTEST_WEBHOOK_RETRIES",
     [](auto name, auto& v, auto& o, auto& p) { Whole(name, v, o.retries, 0, 100, "retries", p); }},
    {"GTEST_WEBHOOK_MAX_MESSAGE",
     [](auto name, auto& v, auto& o, auto& p) {
       Whole(name, v, o.max_message, 256, 1LL << 30, "bytes", p);
     }},
    {"GTEST_WEBHOOK_MAX_OUTPUT",
     [](auto name, auto& v, auto& o, auto& p) {
       Whole(name, v, o.max_output, 0, 16LL << 20, "bytes", p);
     }},
    {"GTEST_WEBHOOK_CA_BUNDLE", CaBundle},
};

}  // namespace

void ReadRunWide(const EnvLookup& env, Options& options, Problems& problems) {
  for (const auto& setting : kRunWide) {
    if (const auto value = NonBlank(env, setting.variable)) {
      setting.read(setting.variable, *value, options, problems);
    }
  }
}

std::vector<std::string> RunWideVariables() {
  std::vector<std::string> names;
  for (const auto& setting : kRunWide) names.emplace_back(setting.variable);
  return names;
}

}  // namespace gtest_webhook::detail
