#include "state.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report.h"

namespace gtest_webhook::detail {
namespace {

// 64-bit FNV-1a as hex: names files apart; the state holds no secret worth a stronger hash,
// and a URL's token cannot be read back from 64 bits of it.
std::string NameHash(const std::string& text, std::size_t hex_digits) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(hex).substr(0, hex_digits);
}

// A state file holds one small JSON object; more is not a state file.
constexpr std::uint64_t kStateFileBytes = 64 * 1024;

}  // namespace

std::string StateDirectory(const Options& options, std::string& why) {
  if (!options.state_dir.empty()) return options.state_dir;
  const char* cache = std::getenv("XDG_CACHE_HOME");
  if (cache != nullptr && cache[0] == '/') return std::string(cache) + "/gtest-webhook";
  const char* home = std::getenv("HOME");
  std::error_code error;
  if (home == nullptr || home[0] != '/') {
    why = "HOME is not set; set GTEST_WEBHOOK_STATE_DIR";
  } else if (!std::filesystem::is_directory(home, error)) {
    why = std::string("HOME '") + home + "' is not a directory; set GTEST_WEBHOOK_STATE_DIR";
  } else {
    return std::string(home) + "/.cache/gtest-webhook";
  }
  return {};
}

std::string StateKey(const Options& options, std::size_t index) {
  const auto& url = options.reporters[index].url;
  int earlier = 0;
  for (std::size_t i = 0; i < index; ++i) earlier += options.reporters[i].url == url ? 1 : 0;
  return earlier == 0 ? url : url + "#" + std::to_string(earlier + 1);
}

std::string ReporterHash(const Options& options, std::size_t index) {
  return NameHash(StateKey(options, index), 16);
}

std::string StateFileName(const std::string& report_name, const std::string& reporter_key) {
  std::string readable;
  for (const char c : report_name.substr(0, 64)) {
    readable +=
        (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') ? c : '_';
  }
  // The readable part may collide ("a/b", "a_b"); the hash of the exact name does not.
  return readable + "." + NameHash(report_name, 8) + "." + NameHash(reporter_key, 16) + ".json";
}

std::unique_ptr<platform::Directory> OpenStateDirectory(const Options& options, std::string& why) {
  const auto path = StateDirectory(options, why);
  if (path.empty()) {
    if (!why.empty()) why = "cannot use a state directory (" + why + ")";
    return nullptr;
  }
  auto directory = platform::Directory::Open(path, platform::DirectoryUse::kPrivate, why);
  if (!directory) why = "cannot use '" + path + "' (" + why + ")";
  return directory;
}

std::string StateDirectoryProblem(const std::string& why) {
  return "GTEST_WEBHOOK_STATE_DIR: " + why +
         "; this run has no history, when=changes counts it as a change, and nothing can wait in "
         "the outbox";
}

ChangeState ChangeState::Open(const Options& options, const std::string& report_name,
                              const std::string& reporter_key,
                              std::chrono::steady_clock::time_point deadline,
                              std::vector<std::string>& warnings) {
  ChangeState state;
  state.report_name_ = report_name;
  std::string why;
  auto directory = OpenStateDirectory(options, why);
  if (!directory) {
    warnings.push_back(StateDirectoryProblem(why));
    return state;
  }
  const auto name = StateFileName(report_name, reporter_key);
  state.lock_ = directory->Lock(name + ".lock", deadline, why, warnings);
  if (!state.lock_) {
    warnings.push_back("GTEST_WEBHOOK_STATE_DIR: cannot lock the state in '" + directory->path() +
                       "' (" + why + "); when=changes treats this run as a change");
    return state;
  }
  std::string content;
  const auto read = directory->Read(name, kStateFileBytes, content, why);
  state.directory_ = std::move(directory);
  state.name_ = name;
  if (read == platform::ReadOutcome::kMissing) return state;  // never delivered: a change
  const auto json = read == platform::ReadOutcome::kRead
                        ? nlohmann::json::parse(content, nullptr, false)
                        : nlohmann::json();
  if (json.is_object() && json.contains("buildStable") && json["buildStable"].is_boolean()) {
    state.last_delivered_ = json["buildStable"].get<bool>();
  } else {
    warnings.push_back(
        "state file '" + state.directory_->PathOf(name) + "' " +
        (read == platform::ReadOutcome::kRead ? "is corrupt" : "cannot be read (" + why + ")") +
        "; when=changes treats this run as a change");
  }
  return state;
}

void ChangeState::Save(bool build_stable, std::vector<std::string>& warnings) {
  if (!lock_) return;
  const nlohmann::json json = {{"name", report_name_},
                               {"buildStable", build_stable},
                               {"deliveredAt", FormatUtc(NowUnixMs())}};
  std::string why;
  auto file = directory_->Write(name_, 0600, why);
  if (file) {
    file->Write(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    why = file->Commit();
  }
  if (!why.empty()) {
    warnings.push_back("cannot save state file '" + directory_->PathOf(name_) + "' (" + why +
                       "); the next run will count as a change");
    return;
  }
  last_delivered_ = build_stable;
}

}  // namespace gtest_webhook::detail
