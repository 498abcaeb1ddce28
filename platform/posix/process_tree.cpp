// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The process tree, read from /proc on Linux. Elsewhere these find nothing: `run` then reaches
// the processes of its command's process group only, and names stream peers by other means.

#include "process_tree.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace gtest_webhook::platform {
namespace {

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

// The same from every process's parent, for systems without the lists: slower.
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

}  // namespace

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

std::int64_t HolderOfSocket(const std::vector<std::int64_t>& candidates, std::uint64_t inode,
                            bool& hidden) {
  const std::string wanted = "socket:[" + std::to_string(inode) + "]";
  hidden = false;
  for (const auto pid : candidates) {
    const auto directory = "/proc/" + std::to_string(pid) + "/fd";
    if (::access(directory.c_str(), R_OK | X_OK) != 0 && errno == EACCES) hidden = true;
    for (const auto fd : NumberedEntries(directory)) {
      char target[64];
      const auto length =
          ::readlink((directory + "/" + std::to_string(fd)).c_str(), target, sizeof target - 1);
      if (length > 0 &&
          wanted.compare(0, std::string::npos, target, static_cast<std::size_t>(length)) == 0) {
        return pid;
      }
    }
  }
  return -1;
}

}  // namespace gtest_webhook::platform
