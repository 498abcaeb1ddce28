// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "state/state_dir.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/report.h"
#include "platform/files.h"

namespace gtest_webhook::detail {

// 64-bit FNV-1a as hex: names files apart; the state holds no secret worth a stronger hash,
// and a URL's token cannot be read back from 64 bits of it.
std::string NameHash(std::string_view text, std::size_t hex_digits) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(hex).substr(0, hex_digits);
}

std::string StateDirectory(const Options& options, std::string& why, const EnvLookup& env) {
  if (!options.state_dir.empty()) return options.state_dir;
  const auto cache = platform::UserCacheDirectory(env, why);
  if (cache.empty()) {
    why += "; set GTEST_WEBHOOK_STATE_DIR";
    return {};
  }
  return cache + "/gtest-webhook";
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

std::unique_ptr<platform::Directory> OpenStateDirectory(const Options& options, std::string& why,
                                                        const EnvLookup& env) {
  const auto path = StateDirectory(options, why, env);
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

}  // namespace gtest_webhook::detail
