#include "state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "gtest_webhook/report.h"
#include "gtest_webhook/signing.h"
#include "libraries.h"
#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

std::string Sha256Hex(const std::string& text, std::size_t hex_digits) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  Crypto().sha256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return Hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest))
      .substr(0, hex_digits);
}

}  // namespace

std::string StateDirectory(const Options& options) {
  if (!options.state_dir.empty()) return options.state_dir;
  const char* cache = std::getenv("XDG_CACHE_HOME");
  if (cache != nullptr && cache[0] == '/') return std::string(cache) + "/gtest-webhook";
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "/tmp") + "/.cache/gtest-webhook";
}

std::string StateFileName(const std::string& report_name, const std::string& url) {
  std::string readable;
  for (const char c : report_name.substr(0, 64)) {
    readable +=
        (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_') ? c : '_';
  }
  // The readable part may collide ("a/b", "a_b"); the hash of the exact name does not.
  return readable + "." + Sha256Hex(report_name, 8) + "." + Sha256Hex(url, 16) + ".json";
}

ChangeState ChangeState::Open(const Options& options, const std::string& report_name,
                              const std::string& url,
                              std::chrono::steady_clock::time_point deadline,
                              std::vector<std::string>& warnings) {
  ChangeState state;
  state.report_name_ = report_name;
  const auto directory = StateDirectory(options);
  std::string why;
  if (!platform::MakeDirectories(directory, 0700, why)) {
    warnings.push_back("GTEST_WEBHOOK_STATE_DIR: cannot use '" + directory + "' (" + why +
                       "); when=changes treats this run as a change and cannot remember it");
    return state;
  }
  const auto path = directory + "/" + StateFileName(report_name, url);
  const int fd = ::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    warnings.push_back("GTEST_WEBHOOK_STATE_DIR: cannot create a lock in '" + directory + "' (" +
                       std::strerror(errno) + "); when=changes treats this run as a change");
    return state;
  }
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      warnings.push_back(
          "GTEST_WEBHOOK_STATE_DIR: another run held the state lock until the "
          "deadline; when=changes treats this run as a change");
      return state;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  state.lock_fd_ = fd;
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
  if (lock_fd_ < 0) return;
  const nlohmann::json json = {{"name", report_name_},
                               {"buildStable", build_stable},
                               {"deliveredAt", FormatUtc(NowUnixMs())}};
  const auto text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::string temp = path_ + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  bool ok = fd >= 0;
  if (ok) {
    ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    ok = ok && std::rename(temp.c_str(), path_.c_str()) == 0;
  }
  if (!ok) {
    warnings.push_back("cannot save state file '" + path_ + "' (" + std::strerror(errno) +
                       "); the next run will count as a change");
    if (fd >= 0) std::remove(temp.c_str());
    return;
  }
  last_delivered_ = build_stable;
}

ChangeState::ChangeState(ChangeState&& other) noexcept
    : path_(std::move(other.path_)),
      lock_fd_(other.lock_fd_),
      report_name_(std::move(other.report_name_)),
      last_delivered_(other.last_delivered_) {
  other.lock_fd_ = -1;
}

ChangeState::~ChangeState() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing releases the flock
}

}  // namespace gtest_webhook::detail
