// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Processes on Linux, read from /proc: the tree below a process, how one was started, its
// executable and its name; and the child subreaper that keeps orphans of the tree in reach.

#include <dirent.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "platform/files.h"
#include "platform/linux/proc.h"
#include "platform/posix/system.h"
#include "platform/process.h"

namespace gtest_webhook::platform {

std::vector<std::int64_t> NumberedEntries(const std::string& directory) {
  std::vector<std::int64_t> numbers;
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return numbers;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long long number = std::strtoll(entry->d_name, &end, 10);
    if (end != entry->d_name && *end == '\0') numbers.push_back(number);
  }
  ::closedir(dir);
  return numbers;
}

namespace {

// The parent's pid from /proc/PID/stat: the field after the state, after the command name in
// parentheses (which may itself hold spaces and parentheses).
std::int64_t ParentOf(std::int64_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const auto close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(text.substr(close + 1));
  std::string state;
  std::int64_t parent = -1;
  rest >> state >> parent;
  return parent;
}

// The children of `pid` as its threads list them (/proc/PID/task/TID/children); false when the
// system does not provide these lists.
bool ChildrenOf(std::int64_t pid, std::vector<std::int64_t>& children) {
  const auto tasks = "/proc/" + std::to_string(pid) + "/task";
  const auto threads = NumberedEntries(tasks);
  bool listed = false;
  for (const auto thread : threads) {
    std::ifstream list(tasks + "/" + std::to_string(thread) + "/children");
    if (!list) continue;
    listed = true;
    std::int64_t child = 0;
    while (list >> child) children.push_back(child);
  }
  return listed || threads.empty();
}

// The same from every process's parent, for kernels without the lists: slower.
std::vector<std::int64_t> DescendantsByParent(std::int64_t root) {
  std::multimap<std::int64_t, std::int64_t> children;
  for (const auto pid : NumberedEntries("/proc")) children.emplace(ParentOf(pid), pid);
  std::vector<std::int64_t> found;
  std::vector<std::int64_t> pending = {root};
  while (!pending.empty()) {
    const auto parent = pending.back();
    pending.pop_back();
    const auto [begin, end] = children.equal_range(parent);
    for (auto it = begin; it != end; ++it) {
      found.push_back(it->second);
      pending.push_back(it->second);
    }
  }
  return found;
}

// The NUL-separated strings of a /proc file (cmdline, environ).
std::vector<std::string> NulSeparated(const std::string& bytes) {
  std::vector<std::string> strings;
  std::size_t begin = 0;
  while (begin < bytes.size()) {
    auto end = bytes.find('\0', begin);
    if (end == std::string::npos) end = bytes.size();
    strings.emplace_back(bytes, begin, end - begin);
    begin = end + 1;
  }
  return strings;
}

std::string LinkTarget(const std::string& path) {
  char target[4096];
  const auto length = ::readlink(path.c_str(), target, sizeof target - 1);
  return length > 0 ? std::string(target, static_cast<std::size_t>(length)) : std::string();
}

// Bounded like every input: a command line and an environment of at most 4 MiB each.
constexpr std::uint64_t kLaunchLimit = 4U << 20U;

}  // namespace

namespace system {

std::vector<std::int64_t> Descendants(std::int64_t root) {
  std::vector<std::int64_t> found;
  std::vector<std::int64_t> pending = {root};
  while (!pending.empty()) {
    const auto parent = pending.back();
    pending.pop_back();
    std::vector<std::int64_t> children;
    if (!ChildrenOf(parent, children)) return DescendantsByParent(root);
    found.insert(found.end(), children.begin(), children.end());
    pending.insert(pending.end(), children.begin(), children.end());
  }
  return found;
}

std::string ExecutableOf(std::int64_t pid) {
  return LinkTarget("/proc/" + std::to_string(pid) + "/exe");
}

void NameThisProcess(const char* name) { ::prctl(PR_SET_NAME, name); }

std::string NameOf(std::int64_t pid) {
  std::string name;
  std::string why;
  if (ReadRegularFile("/proc/" + std::to_string(pid) + "/comm", 64, name, why) !=
      ReadOutcome::kRead) {
    return {};
  }
  if (!name.empty() && name.back() == '\n') name.pop_back();
  return name;
}

void AdoptOrphans() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }

}  // namespace system

std::vector<std::string> OwnArguments() {
  std::string bytes;
  std::string why;
  if (ReadRegularFile("/proc/self/cmdline", kLaunchLimit, bytes, why) != ReadOutcome::kRead) {
    return {};
  }
  return NulSeparated(bytes);
}

std::optional<ProcessLaunch> LaunchOf(std::int64_t pid) {
  const auto proc = "/proc/" + std::to_string(pid) + "/";
  ProcessLaunch launch;
  launch.executable = LinkTarget(proc + "exe");
  launch.directory = LinkTarget(proc + "cwd");
  std::string bytes;
  std::string why;
  if (launch.executable.empty() || launch.directory.empty() ||
      ReadRegularFile(proc + "cmdline", kLaunchLimit, bytes, why) != ReadOutcome::kRead) {
    return std::nullopt;
  }
  launch.arguments = NulSeparated(bytes);
  if (launch.arguments.empty() ||
      ReadRegularFile(proc + "environ", kLaunchLimit, bytes, why) != ReadOutcome::kRead) {
    return std::nullopt;
  }
  for (const auto& entry : NulSeparated(bytes)) {
    const auto equals = entry.find('=');
    if (equals != std::string::npos)
      launch.environment.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
  }
  return launch;
}

}  // namespace gtest_webhook::platform
