#include "state.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

ChangeState ChangeState::Open(const Options& options, const std::string& report_name,
                              const std::string& reporter_key,
                              std::chrono::steady_clock::time_point deadline,
                              std::vector<std::string>& warnings) {
  ChangeState state;
  state.report_name_ = report_name;
  std::string why;
  const auto directory = StateDirectory(options, why);
  if (directory.empty() || !platform::MakeDirectories(directory, 0700, why)) {
    warnings.push_back("GTEST_WEBHOOK_STATE_DIR: cannot use '" + directory + "' (" + why +
                       "); when=changes treats this run as a change and cannot remember it");
    return state;
  }
  const auto path = directory + "/" + StateFileName(report_name, reporter_key);
  state.lock_ = platform::FileLock::Acquire(path + ".lock", deadline, why);
  if (!state.lock_) {
    warnings.push_back("GTEST_WEBHOOK_STATE_DIR: cannot lock the state in '" + directory + "' (" +
                       why + "); when=changes treats this run as a change");
    return state;
  }
  state.path_ = path;
  std::ifstream file(path, std::ios::binary);
  if (!file) return state;  // never delivered: no state, which counts as a change
  std::ostringstream content;
  content << file.rdbuf();
  const auto json = nlohmann::json::parse(content.str(), nullptr, false);
  if (json.is_object() && json.contains("buildStable") && json["buildStable"].is_boolean()) {
    state.last_delivered_ = json["buildStable"].get<bool>();
  } else {
    warnings.push_back("state file '" + path +
                       "' is corrupt; when=changes treats this run as a change");
  }
  return state;
}

void ChangeState::Save(bool build_stable, std::vector<std::string>& warnings) {
  if (!lock_) return;
  const nlohmann::json json = {{"name", report_name_},
                               {"buildStable", build_stable},
                               {"deliveredAt", FormatUtc(NowUnixMs())}};
  std::string why;
  auto file = platform::FileWriter::Open(path_, 0600, why);
  if (file) {
    file->Write(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    why = file->Commit();
  }
  if (!why.empty()) {
    warnings.push_back("cannot save state file '" + path_ + "' (" + why +
                       "); the next run will count as a change");
    return;
  }
  last_delivered_ = build_stable;
}

}  // namespace gtest_webhook::detail
