#include <cstdlib>

#include "merge.h"
#include "report.h"

namespace gtest_webhook {
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

void GitHubActions(const EnvLookup& env, CiInfo& ci) {
  ci.commit_sha = Get(env, "GITHUB_SHA");
  ci.branch = Get(env, "GITHUB_HEAD_REF");
  if (ci.branch.empty()) ci.branch = Get(env, "GITHUB_REF_NAME");
  ci.repository = Get(env, "GITHUB_REPOSITORY");
  ci.build_id = Get(env, "GITHUB_RUN_ID");
  ci.job = Get(env, "GITHUB_JOB");
  const auto server = Get(env, "GITHUB_SERVER_URL");
  if (!server.empty() && !ci.repository.empty() && !ci.build_id.empty()) {
    ci.build_url = server + "/" + ci.repository + "/actions/runs/" + ci.build_id;
  }
}

void GitLabCi(const EnvLookup& env, CiInfo& ci) {
  ci.commit_sha = Get(env, "CI_COMMIT_SHA");
  ci.branch = Get(env, "CI_COMMIT_REF_NAME");
  ci.repository = Get(env, "CI_PROJECT_PATH");
  ci.build_id = Get(env, "CI_PIPELINE_ID");
  ci.job = Get(env, "CI_JOB_NAME");
  ci.build_url = Get(env, "CI_JOB_URL");
  if (ci.build_url.empty()) ci.build_url = Get(env, "CI_PIPELINE_URL");
}

void Jenkins(const EnvLookup& env, CiInfo& ci) {
  ci.commit_sha = Get(env, "GIT_COMMIT");
  ci.branch = Get(env, "BRANCH_NAME");
  if (ci.branch.empty()) ci.branch = StripRefPrefix(Get(env, "GIT_BRANCH"));
  ci.build_id = Get(env, "BUILD_NUMBER");
  ci.job = Get(env, "JOB_NAME");
  ci.build_url = Get(env, "BUILD_URL");
}

void CircleCi(const EnvLookup& env, CiInfo& ci) {
  ci.commit_sha = Get(env, "CIRCLE_SHA1");
  ci.branch = Get(env, "CIRCLE_BRANCH");
  ci.repository = Get(env, "CIRCLE_PROJECT_USERNAME");
  if (!ci.repository.empty()) ci.repository += "/" + Get(env, "CIRCLE_PROJECT_REPONAME");
  ci.build_id = Get(env, "CIRCLE_BUILD_NUM");
  ci.job = Get(env, "CIRCLE_JOB");
  ci.build_url = Get(env, "CIRCLE_BUILD_URL");
}

void Buildkite(const EnvLookup& env, CiInfo& ci) {
  ci.commit_sha = Get(env, "BUILDKITE_COMMIT");
  ci.branch = Get(env, "BUILDKITE_BRANCH");
  ci.repository = Get(env, "BUILDKITE_PIPELINE_SLUG");
  ci.build_id = Get(env, "BUILDKITE_BUILD_NUMBER");
  ci.job = Get(env, "BUILDKITE_LABEL");
  ci.build_url = Get(env, "BUILDKITE_BUILD_URL");
}

void AzurePipelines(const EnvLookup& env, CiInfo& ci) {
  ci.commit_sha = Get(env, "BUILD_SOURCEVERSION");
  ci.branch = StripRefPrefix(Get(env, "BUILD_SOURCEBRANCH"));
  ci.repository = Get(env, "BUILD_REPOSITORY_NAME");
  ci.build_id = Get(env, "BUILD_BUILDID");
  ci.job = Get(env, "SYSTEM_JOBDISPLAYNAME");
  const auto collection = Get(env, "SYSTEM_COLLECTIONURI");
  const auto project = Get(env, "SYSTEM_TEAMPROJECT");
  if (!collection.empty() && !project.empty() && !ci.build_id.empty()) {
    ci.build_url = collection + project + "/_build/results?buildId=" + ci.build_id;
  }
}

// Each provider: how it is recognised, its name, and what it says about the build.
struct Provider {
  bool (*detect)(const EnvLookup& env);
  const char* name;
  void (*fill)(const EnvLookup& env, CiInfo& ci);
};

const Provider kProviders[] = {
    {[](const EnvLookup& env) { return Get(env, "GITHUB_ACTIONS") == "true"; }, "github-actions",
     GitHubActions},
    {[](const EnvLookup& env) { return Get(env, "GITLAB_CI") == "true"; }, "gitlab-ci", GitLabCi},
    {[](const EnvLookup& env) { return !Get(env, "JENKINS_URL").empty(); }, "jenkins", Jenkins},
    {[](const EnvLookup& env) { return Get(env, "CIRCLECI") == "true"; }, "circleci", CircleCi},
    {[](const EnvLookup& env) { return Get(env, "BUILDKITE") == "true"; }, "buildkite", Buildkite},
    {[](const EnvLookup& env) {
       return Get(env, "TF_BUILD") == "True" || Get(env, "TF_BUILD") == "true";
     },
     "azure-pipelines", AzurePipelines},
};

std::optional<CiInfo> DetectProvider(const EnvLookup& env) {
  for (const auto& provider : kProviders) {
    if (!provider.detect(env)) continue;
    CiInfo ci;
    ci.provider = provider.name;
    provider.fill(env, ci);
    return ci;
  }
  return std::nullopt;
}

}  // namespace

std::optional<CiInfo> DetectCi(const EnvLookup& env, const Options& options) {
  auto ci = DetectProvider(env);
  if (!ci && options.commit_sha.empty() && options.target_url.empty()) return std::nullopt;
  if (!ci) ci.emplace();
  if (!options.commit_sha.empty()) ci->commit_sha = options.commit_sha;
  ci->target_url = options.target_url.empty() ? ci->build_url : options.target_url;
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

std::string DefaultReportName(const std::string& binary, const std::optional<Shard>& shard) {
  if (!shard) return binary;
  return binary + " [shard " + std::to_string(shard->index) + "/" + std::to_string(shard->total) +
         "]";
}

void CompleteReport(Report& report, const Options& options) {
  if (report.run.id.empty()) report.run.id = RandomId();
  report.ci = DetectCi(ProcessEnvironment(), options);
  if (report.run.binaries.empty() && !report.run.binary.empty()) {
    report.run.binaries = {report.run.binary};
  }
  if (report.name.empty()) {
    report.name = options.name.empty() ? detail::DefaultName(report) : options.name;
  }
  if (!report.source && !options.known_bugs.empty()) {
    const TestFilter known_bugs(options.known_bugs);
    for (auto& test : report.test_cases) {
      // A test process may have tagged it already, with the patterns it was given.
      test.tagged_bug =
          test.tagged_bug || (!test.outside_test && known_bugs.Matches(FullName(test)));
    }
  }
  MarkFlaky(report);
}

}  // namespace gtest_webhook
