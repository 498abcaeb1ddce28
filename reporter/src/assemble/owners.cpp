// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/owners.h"

#include <filesystem>
#include <map>
#include <optional>
#include <system_error>
#include <utility>

#include "bounds.h"
#include "model/code_owners.h"
#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

namespace fs = std::filesystem;

// Where GitHub and GitLab look for the file, below the root.
constexpr const char* kPlaces[] = {"CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS",
                                   "docs/CODEOWNERS"};

std::string GitTopLevel() {
  std::error_code error;
  auto directory = fs::current_path(error);
  while (!error && !directory.empty()) {
    if (fs::exists(directory / ".git", error)) return directory.string();
    if (directory == directory.root_path()) break;
    directory = directory.parent_path();
  }
  return {};
}

// The CODEOWNERS text of `options` or `root`; none (with a note when one could not be read).
std::optional<std::pair<std::string, std::string>> ReadCodeOwners(const Options& options,
                                                                  const std::string& root,
                                                                  std::vector<std::string>& notes) {
  std::vector<std::string> candidates;
  if (!options.codeowners_path.empty()) {
    candidates.push_back(options.codeowners_path);
  } else if (!root.empty()) {
    for (const char* place : kPlaces) candidates.push_back((fs::path(root) / place).string());
  }
  for (const auto& path : candidates) {
    std::string bytes;
    std::string why;
    const auto outcome = platform::ReadRegularFile(path, kCodeOwnersBytes, bytes, why);
    if (outcome == platform::ReadOutcome::kRead) return std::make_pair(path, std::move(bytes));
    if (outcome == platform::ReadOutcome::kRefused || !options.codeowners_path.empty()) {
      notes.push_back((options.codeowners_path.empty() ? "" : "GTEST_WEBHOOK_CODEOWNERS: ") +
                      std::string("cannot read '") + path + "' (" +
                      (why.empty() ? "it does not exist" : why) + "); failures have no owners");
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string RepositoryRoot(const EnvLookup& env) {
  for (const char* name : {"GITHUB_WORKSPACE", "CI_PROJECT_DIR", "BUILD_SOURCESDIRECTORY",
                           "BUILDKITE_BUILD_CHECKOUT_PATH"}) {
    if (auto value = env(name); value && !value->empty()) return *value;
  }
  if (env("JENKINS_URL")) {
    if (auto workspace = env("WORKSPACE"); workspace && !workspace->empty()) return *workspace;
  }
  return GitTopLevel();
}

void AssignOwners(Report& report, const Options& options, const EnvLookup& env,
                  std::vector<std::string>& notes) {
  report.repository_root = RepositoryRoot(env);
  std::vector<std::string> files;
  TestCase scratch;
  for (std::size_t i = 0, count = TestCaseCount(report); i < count; ++i) {
    const auto& test = TestCaseAt(report, i, scratch);
    if (IsProblem(test.status) && !test.file.empty()) files.push_back(test.file);
  }
  if (files.empty()) return;
  const auto text = ReadCodeOwners(options, report.repository_root, notes);
  if (!text) return;
  const auto owners = CodeOwners::Parse(text->second, text->first, notes);
  // Each distinct path is matched once, however many failures it has and however it is spelt.
  std::map<std::string, std::vector<std::string>> by_path;
  for (const auto& file : files) {
    const auto path = RelativeToRoot(report.repository_root, file);
    if (path.empty() || report.owners.count(file) != 0) continue;
    auto [it, added] = by_path.try_emplace(path);
    if (added) it->second = owners.For(path);
    if (!it->second.empty()) report.owners.emplace(file, it->second);
  }
}

}  // namespace gtest_webhook::detail
