// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Reading the configuration: GTEST_WEBHOOK_DISABLE, then the reporters from both front ends
// through the one validator, then the run-wide table.

#include <filesystem>

#include "config/choices.h"
#include "config/list.h"
#include "config/reporters.h"
#include "config/run_wide.h"
#include "config/shorthand.h"
#include "config/validate.h"
#include "gtest_webhook/options.h"
#include "platform/process.h"

namespace gtest_webhook {
namespace {

// True when GTEST_WEBHOOK_DISABLE turns reporting off; a value that is neither on nor off
// gets a line.
bool Disabled(const EnvLookup& env, detail::Problems& problems) {
  const auto value = detail::NonBlank(env, "GTEST_WEBHOOK_DISABLE");
  if (!value) return false;
  if (detail::IsOn(*value)) return true;
  if (!detail::IsOff(*value)) {
    problems.push_back("GTEST_WEBHOOK_DISABLE=" + detail::Shown(*value) +
                       " is not 1 or 0; reporting stays enabled");
  }
  return false;
}

}  // namespace

const char* ToString(When when) { return detail::SpellingOf(detail::kWhens, when); }

const char* ToString(Format format) { return detail::SpellingOf(detail::kFormats, format); }

const char* ToString(TestCases test_cases) {
  return detail::SpellingOf(detail::kTestCases, test_cases);
}

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) { return platform::EnvironmentVariable(name); };
}

ConfigResult OptionsFromEnvironment(const EnvLookup& env) {
  ConfigResult result;
  if (Disabled(env, result.problems)) {
    result.options.disabled = true;
    return result;
  }
  std::vector<detail::ReporterDescription> descriptions;
  if (auto shorthand = detail::ShorthandReporter(env, result.problems)) {
    descriptions.push_back(std::move(*shorthand));
  }
  for (auto& listed : detail::ListedReporters(env, result.problems)) {
    descriptions.push_back(std::move(listed));
  }
  for (const auto& description : descriptions) {
    if (auto reporter = detail::ValidateReporter(description, result.problems)) {
      result.options.reporters.push_back(std::move(*reporter));
    }
  }
  detail::ReadRunWide(env, result.options, result.problems);
  return result;
}

void ResolvePaths(Options& options, const std::string& directory) {
  if (directory.empty()) return;
  for (std::string* path : {&options.output_path, &options.junit_path, &options.summary_path,
                            &options.html_path, &options.codeowners_path, &options.log_path,
                            &options.state_dir, &options.collect_dir, &options.ca_bundle}) {
    const std::filesystem::path given(*path);
    if (!path->empty() && given.is_relative()) {
      *path = (std::filesystem::path(directory) / given).lexically_normal().string();
    }
  }
}

bool HasDestination(const Options& options) {
  return !options.reporters.empty() || !options.output_path.empty() ||
         !options.junit_path.empty() || !options.summary_path.empty() ||
         !options.html_path.empty() || options.github_annotations;
}

bool EnvironmentRequestsReporting(const EnvLookup& env) {
  if (const auto disable = env("GTEST_WEBHOOK_DISABLE"); disable && detail::IsOn(*disable)) {
    return false;
  }
  for (const char* name : {"GTEST_WEBHOOK_URL", "GTEST_WEBHOOK_REPORTERS", "GTEST_WEBHOOK_OUTPUT",
                           "GTEST_WEBHOOK_JUNIT", "GTEST_WEBHOOK_SUMMARY", "GTEST_WEBHOOK_HTML",
                           "GTEST_WEBHOOK_ANNOTATIONS", "GTEST_WEBHOOK_COLLECT_DIR"}) {
    if (detail::NonBlank(env, name)) return true;
  }
  return false;
}

}  // namespace gtest_webhook
