// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The GTEST_WEBHOOK_* variables gtest-webhook knows, and a word for every other one: a
// misspelled name (GTEST_WEBHOOK_SECRETS) would otherwise be ignored without a sound.

#include <algorithm>
#include <string_view>

#include "config/reporters.h"
#include "config/run_wide.h"
#include "gtest_webhook/options.h"
#include "platform/process.h"

namespace gtest_webhook {
namespace {

constexpr std::string_view kPrefix = "GTEST_WEBHOOK_";

// Every variable of the specification (the reporter keys' and the run-wide table's), and the
// one `gtest-webhook run` sets for its children.
const std::vector<std::string>& Known() {
  static const std::vector<std::string> known = [] {
    std::vector<std::string> names = detail::RunWideVariables();
    for (const auto& key : detail::kReporterKeys) names.emplace_back(key.variable);
    for (const char* name :
         {"GTEST_WEBHOOK_DISABLE", "GTEST_WEBHOOK_REPORTERS", "GTEST_WEBHOOK_RUN_STREAM"}) {
      names.emplace_back(name);
    }
    return names;
  }();
  return known;
}

// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
std::size_t Distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t replace = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, replace});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string_view Nearest(std::string_view name) {
  return *std::min_element(Known().begin(), Known().end(), [name](const auto& a, const auto& b) {
    return Distance(name, a) < Distance(name, b);
  });
}

}  // namespace

std::vector<std::string> UnknownVariables(const std::vector<std::string>& names) {
  std::vector<std::string> problems;
  for (const auto& name : names) {
    if (name.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    if (std::find(Known().begin(), Known().end(), name) != Known().end()) continue;
    const auto nearest = Nearest(name);
    // Close enough to be a slip of the keyboard: a third of the part after the prefix.
    const bool close =
        Distance(name, nearest) <= std::max<std::size_t>(2, (name.size() - kPrefix.size()) / 3);
    problems.push_back(name + " is not a gtest-webhook variable; it is ignored" +
                       (close ? " (did you mean " + std::string(nearest) + "?)" : ""));
  }
  return problems;
}

ConfigResult OptionsFromProcessEnvironment() {
  auto config = OptionsFromEnvironment(ProcessEnvironment());
  auto unknown = UnknownVariables(platform::EnvironmentNames());
  config.problems.insert(config.problems.end(), unknown.begin(), unknown.end());
  return config;
}

}  // namespace gtest_webhook
