// The GTEST_WEBHOOK_* variables gtest-webhook knows, and a word for every other one: a
// misspelled name (GTEST_WEBHOOK_SECRETS) would otherwise be ignored without a sound.

#include <algorithm>
#include <array>
#include <string_view>

#include "gtest_webhook/options.h"
#include "platform/process.h"

namespace gtest_webhook {
namespace {

constexpr std::string_view kPrefix = "GTEST_WEBHOOK_";

// Every variable of the specification, and the one `gtest-webhook run` sets for its children.
constexpr std::array<std::string_view, 25> kKnown = {
    "GTEST_WEBHOOK_CA_BUNDLE",  "GTEST_WEBHOOK_COLLECT_DIR", "GTEST_WEBHOOK_COMMIT_SHA",
    "GTEST_WEBHOOK_DEADLINE",   "GTEST_WEBHOOK_DISABLE",     "GTEST_WEBHOOK_FORMAT",
    "GTEST_WEBHOOK_HEADERS",    "GTEST_WEBHOOK_KNOWN_BUGS",  "GTEST_WEBHOOK_LABEL",
    "GTEST_WEBHOOK_LOG",        "GTEST_WEBHOOK_MAX_MESSAGE", "GTEST_WEBHOOK_NAME",
    "GTEST_WEBHOOK_OUTPUT",     "GTEST_WEBHOOK_PASSWORD",    "GTEST_WEBHOOK_REPORTERS",
    "GTEST_WEBHOOK_RETRIES",    "GTEST_WEBHOOK_SECRET",      "GTEST_WEBHOOK_STATE_DIR",
    "GTEST_WEBHOOK_TARGET_URL", "GTEST_WEBHOOK_TEST_CASES",  "GTEST_WEBHOOK_TIMEOUT",
    "GTEST_WEBHOOK_URL",        "GTEST_WEBHOOK_USERNAME",    "GTEST_WEBHOOK_WHEN",
    "GTEST_WEBHOOK_RUN_STREAM"};

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
  return *std::min_element(kKnown.begin(), kKnown.end(), [name](auto a, auto b) {
    return Distance(name, a) < Distance(name, b);
  });
}

}  // namespace

std::vector<std::string> UnknownVariables(const std::vector<std::string>& names) {
  std::vector<std::string> problems;
  for (const auto& name : names) {
    if (name.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    if (std::find(kKnown.begin(), kKnown.end(), name) != kKnown.end()) continue;
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
