// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace gtest_webhook::testing {

std::string MakeUniqueDirectory(const std::string& base, const std::string& prefix) {
  std::random_device device;
  std::filesystem::create_directories(base);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto path = std::filesystem::path(base) / (prefix + std::to_string(device()));
    // create_directory is false when the name exists: another process's, try again.
    std::error_code error;
    if (std::filesystem::create_directory(path, error)) {
      // Its owner's only, as mkdtemp makes it (on Windows: what its folder gives).
      std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::replace, error);
      return path.string();
    }
  }
  std::abort();
}

TempDir::TempDir()
    : path_(
          MakeUniqueDirectory(std::filesystem::temp_directory_path().string(), "gtest-webhook-")) {}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void SetVariable(const std::string& name, const std::string* value) {
#ifdef _WIN32
  _putenv_s(name.c_str(), value != nullptr ? value->c_str() : "");  // "" removes it there
#else
  if (value != nullptr) {
    ::setenv(name.c_str(), value->c_str(), 1);
  } else {
    ::unsetenv(name.c_str());
  }
#endif
}

std::vector<std::string> CacheVariables() {
#ifdef _WIN32
  return {"LOCALAPPDATA"};
#else
  return {"HOME", "XDG_CACHE_HOME"};
#endif
}

WithoutCacheVariables::WithoutCacheVariables(const std::string* home) {
  for (const auto& name : CacheVariables()) {
    const char* was = std::getenv(name.c_str());
    saved_.emplace_back(name, was != nullptr ? std::optional<std::string>(was) : std::nullopt);
    SetVariable(name, saved_.size() == 1 ? home : nullptr);
  }
}

WithoutCacheVariables::~WithoutCacheVariables() {
  for (const auto& [name, value] : saved_) SetVariable(name, value ? &*value : nullptr);
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace gtest_webhook::testing
