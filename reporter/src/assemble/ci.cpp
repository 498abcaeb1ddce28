// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/ci.h"

#include <cstdlib>
#include <initializer_list>

namespace gtest_webhook::detail {
namespace {

// Reads `name` from `env`, empty when unset.
std::string Get(const EnvLookup& env, const char* name) { return env(name).value_or(""); }

std::string StripRefPrefix(std::string ref) {
  for (const char* prefix : {"refs/heads/", "refs/tags/", "origin/"}) {
    const std::string p = prefix;
    if (ref.compare(0, p.size(), p) == 0) return ref.substr(p.size());
  }
  return ref;
}

// The first of `names` that is set and not empty; empty when none is.
std::string First(const EnvLookup& env, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (name == nullptr) continue;
    auto value = Get(env, name);
    if (!value.empty()) return value;
  }
  return {};
}

// What a provider's variables say, field by field (each field: its variable, then a fallback);
// `finish` derives what no single variable holds.
struct Provider {
  const char* name;
  bool (*detect)(const EnvLookup& env);
  const char* commit;
  const char* branch[2];
  bool strip_ref;  // the branch may come as refs/heads/… or origin/…
  const char* repository;
  const char* build_id;
  const char* job;
  const char* build_url[2];
  void (*finish)(const EnvLookup& env, CiInfo& ci);
};

const Provider kProviders[] = {
    {"github-actions",
     [](const EnvLookup& env) { return Get(env, "GITHUB_ACTIONS") == "true"; },
     "GITHUB_SHA",
     {"GITHUB_HEAD_REF", "GITHUB_REF_NAME"},
     false,
     "GITHUB_REPOSITORY",
     "GITHUB_RUN_ID",
     "GITHUB_JOB",
     {nullptr, nullptr},
     [](const EnvLookup& env, CiInfo& ci) {
       const auto server = Get(env, "GITHUB_SERVER_URL");
       if (!server.empty() && !ci.repository.empty() && !ci.build_id.empty()) {
         ci.build_url = server + "/" + ci.repository + "/actions/runs/" + ci.build_id;
       }
     }},
    {"gitlab-ci",
     [](const EnvLookup& env) { return Get(env, "GITLAB_CI") == "true"; },
     "CI_COMMIT_SHA",
     {"CI_COMMIT_REF_NAME", nullptr},
     false,
     "CI_PROJECT_PATH",
     "CI_PIPELINE_ID",
     "CI_JOB_NAME",
     {"CI_JOB_URL", "CI_PIPELINE_URL"},
     nullptr},
    {"jenkins",
     [](const EnvLookup& env) { return !Get(env, "JENKINS_URL").empty(); },
     "GIT_COMMIT",
     {"BRANCH_NAME", "GIT_BRANCH"},
     true,
     nullptr,
     "BUILD_NUMBER",
     "JOB_NAME",
     {"BUILD_URL", nullptr},
     nullptr},
    {"circleci",
     [](const EnvLookup& env) { return Get(env, "CIRCLECI") == "true"; },
     "CIRCLE_SHA1",
     {"CIRCLE_BRANCH", nullptr},
     false,
     "CIRCLE_PROJECT_USERNAME",
     "CIRCLE_BUILD_NUM",
     "CIRCLE_JOB",
     {"CIRCLE_BUILD_URL", nullptr},
     [](const EnvLookup& env, CiInfo& ci) {
       if (!ci.repository.empty()) ci.repository += "/" + Get(env, "CIRCLE_PROJECT_REPONAME");
     }},
    {"buildkite",
     [](const EnvLookup& env) { return Get(env, "BUILDKITE") == "true"; },
     "BUILDKITE_COMMIT",
     {"BUILDKITE_BRANCH", nullptr},
     false,
     "BUILDKITE_PIPELINE_SLUG",
     "BUILDKITE_BUILD_NUMBER",
     "BUILDKITE_LABEL",
     {"BUILDKITE_BUILD_URL", nullptr},
     nullptr},
    {"azure-pipelines",
     [](const EnvLookup& env) {
       return Get(env, "TF_BUILD") == "True" || Get(env, "TF_BUILD") == "true";
     },
     "BUILD_SOURCEVERSION",
     {"BUILD_SOURCEBRANCH", nullptr},
     true,
     "BUILD_REPOSITORY_NAME",
     "BUILD_BUILDID",
     "SYSTEM_JOBDISPLAYNAME",
     {nullptr, nullptr},
     [](const EnvLookup& env, CiInfo& ci) {
       const auto collection = Get(env, "SYSTEM_COLLECTIONURI");
       const auto project = Get(env, "SYSTEM_TEAMPROJECT");
       if (!collection.empty() && !project.empty() && !ci.build_id.empty()) {
         ci.build_url = collection + project + "/_build/results?buildId=" + ci.build_id;
       }
     }},
};

std::optional<CiInfo> DetectProvider(const EnvLookup& env) {
  for (const auto& provider : kProviders) {
    if (!provider.detect(env)) continue;
    CiInfo ci;
    ci.provider = provider.name;
    ci.commit_sha = First(env, {provider.commit});
    ci.branch = First(env, {provider.branch[0], provider.branch[1]});
    if (provider.strip_ref) ci.branch = StripRefPrefix(ci.branch);
    ci.repository = First(env, {provider.repository});
    ci.build_id = First(env, {provider.build_id});
    ci.job = First(env, {provider.job});
    ci.build_url = First(env, {provider.build_url[0], provider.build_url[1]});
    if (provider.finish != nullptr) provider.finish(env, ci);
    return ci;
  }
  return std::nullopt;
}

// Links to files at the commit, where the provider shows them.
std::string BlobUrl(const EnvLookup& env, const CiInfo& ci) {
  if (ci.commit_sha.empty()) return {};
  const auto server = Get(env, "GITHUB_SERVER_URL");
  if (ci.provider == "github-actions" && !server.empty() && !ci.repository.empty()) {
    return server + "/" + ci.repository + "/blob/" + ci.commit_sha;
  }
  const auto project = Get(env, "CI_PROJECT_URL");
  if (ci.provider == "gitlab-ci" && !project.empty()) return project + "/-/blob/" + ci.commit_sha;
  return {};
}

}  // namespace

std::optional<CiInfo> DetectCi(const EnvLookup& env, const Options& options) {
  auto ci = DetectProvider(env);
  if (!ci && options.commit_sha.empty() && options.target_url.empty()) return std::nullopt;
  if (!ci) ci.emplace();
  if (!options.commit_sha.empty()) ci->commit_sha = options.commit_sha;
  ci->target_url = options.target_url.empty() ? ci->build_url : options.target_url;
  ci->blob_url = BlobUrl(env, *ci);
  return ci;
}

std::optional<Shard> ShardFromEnvironment(const EnvLookup& env) {
  const auto total = env("GTEST_TOTAL_SHARDS");
  const auto index = env("GTEST_SHARD_INDEX");
  if (!total || !index) return std::nullopt;
  char* end_total = nullptr;
  char* end_index = nullptr;
  const long t = std::strtol(total->c_str(), &end_total, 10);
  const long i = std::strtol(index->c_str(), &end_index, 10);
  if (*end_total != '\0' || *end_index != '\0' || t <= 1 || i < 0 || i >= t) return std::nullopt;
  return Shard{static_cast<int>(i), static_cast<int>(t)};
}

}  // namespace gtest_webhook::detail
