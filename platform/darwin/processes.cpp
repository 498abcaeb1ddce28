// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Processes on macOS, asked of libproc and sysctl (Darwin has no /proc): the tree below a
// process, how one was started, its executable and its name. Darwin has no child subreaper:
// an orphan of the tree goes to launchd, out of reach. A process cannot rename itself either;
// NameThisProcess names its (only) thread, which NameOf reads back.

#include <crt_externs.h>
#include <libproc.h>
#include <pthread.h>
#include <sys/sysctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "platform/darwin/lists.h"
#include "platform/posix/system.h"
#include "platform/process.h"

namespace gtest_webhook::platform {
namespace {

// Bounded like every input: a command line and an environment of at most 4 MiB together (the
// system's own limit, KERN_ARGMAX, is lower).
constexpr std::size_t kLaunchLimit = 4U << 20U;

// proc_listchildpids gives a number of ids (not of bytes, as proc_pidinfo does).
std::vector<std::int64_t> ChildrenOf(std::int64_t pid) {
  const auto children = darwin::ReadList<pid_t>(64, 65536, [pid](pid_t* buffer, int bytes) {
    return ::proc_listchildpids(static_cast<pid_t>(pid), buffer, bytes);
  });
  return {children.begin(), children.end()};
}

// The arguments and environment the kernel keeps for `pid` (KERN_PROCARGS2): argc, the
// executable's path, padding, argc arguments, then the environment, each NUL-terminated.
bool ReadProcessArguments(std::int64_t pid, ProcessLaunch& launch) {
  int most = 0;
  std::size_t size = sizeof most;
  int limit[2] = {CTL_KERN, KERN_ARGMAX};
  if (::sysctl(limit, 2, &most, &size, nullptr, 0) != 0 || most <= 0) return false;
  std::string bytes(std::min(static_cast<std::size_t>(most), kLaunchLimit), '\0');
  size = bytes.size();
  int name[3] = {CTL_KERN, KERN_PROCARGS2, static_cast<int>(pid)};
  if (::sysctl(name, 3, bytes.data(), &size, nullptr, 0) != 0 || size < sizeof(int)) return false;
  bytes.resize(size);
  int argc = 0;
  std::memcpy(&argc, bytes.data(), sizeof argc);
  std::size_t at = bytes.find('\0', sizeof argc);  // after the executable's path
  at = bytes.find_first_not_of('\0', at);
  std::vector<std::string> strings;
  while (at != std::string::npos && at < bytes.size()) {
    const auto end = std::min(bytes.find('\0', at), bytes.size());
    if (end == at) break;  // the end of the environment
    strings.emplace_back(bytes, at, end - at);
    at = end + 1;
  }
  if (argc <= 0 || strings.size() < static_cast<std::size_t>(argc)) return false;
  launch.arguments.assign(strings.begin(), strings.begin() + argc);
  for (auto it = strings.begin() + argc; it != strings.end(); ++it) {
    const auto equals = it->find('=');
    if (equals != std::string::npos)
      launch.environment.emplace_back(it->substr(0, equals), it->substr(equals + 1));
  }
  return true;
}

std::string WorkingDirectoryOf(std::int64_t pid) {
  proc_vnodepathinfo paths{};
  if (::proc_pidinfo(static_cast<int>(pid), PROC_PIDVNODEPATHINFO, 0, &paths, sizeof paths) !=
      static_cast<int>(sizeof paths)) {
    return {};
  }
  return paths.pvi_cdir.vip_path;
}

// The name of the first thread of `pid`; empty when it has none or cannot be looked at.
std::string FirstThreadName(std::int64_t pid) {
  std::uint64_t threads[1] = {};
  if (::proc_pidinfo(static_cast<int>(pid), PROC_PIDLISTTHREADS, 0, threads, sizeof threads) <
      static_cast<int>(sizeof threads[0])) {
    return {};
  }
  proc_threadinfo thread{};
  if (::proc_pidinfo(static_cast<int>(pid), PROC_PIDTHREADINFO, threads[0], &thread,
                     sizeof thread) != static_cast<int>(sizeof thread)) {
    return {};
  }
  return std::string(thread.pth_name, ::strnlen(thread.pth_name, sizeof thread.pth_name));
}

}  // namespace

namespace system {

std::vector<std::int64_t> Descendants(std::int64_t root) {
  std::vector<std::int64_t> found;
  std::vector<std::int64_t> pending = {root};
  while (!pending.empty()) {
    const auto parent = pending.back();
    pending.pop_back();
    const auto children = ChildrenOf(parent);
    found.insert(found.end(), children.begin(), children.end());
    pending.insert(pending.end(), children.begin(), children.end());
  }
  return found;
}

std::string ExecutableOf(std::int64_t pid) {
  char path[PROC_PIDPATHINFO_MAXSIZE];
  const int length = ::proc_pidpath(static_cast<int>(pid), path, sizeof path);
  return length > 0 ? std::string(path, static_cast<std::size_t>(length)) : std::string();
}

void NameThisProcess(const char* name) { ::pthread_setname_np(name); }

std::string NameOf(std::int64_t pid) {
  auto name = FirstThreadName(pid);
  if (!name.empty()) return name;
  char command[2 * MAXCOMLEN + 1];
  const int length = ::proc_name(static_cast<int>(pid), command, sizeof command);
  return length > 0 ? std::string(command, static_cast<std::size_t>(length)) : std::string();
}

void AdoptOrphans() {}

}  // namespace system

std::vector<std::string> OwnArguments() {
  const int count = *::_NSGetArgc();
  char** arguments = *::_NSGetArgv();
  if (arguments == nullptr || count <= 0) return {};
  return {arguments, arguments + count};
}

std::optional<ProcessLaunch> LaunchOf(std::int64_t pid) {
  ProcessLaunch launch;
  launch.executable = system::ExecutableOf(pid);
  launch.directory = WorkingDirectoryOf(pid);
  if (launch.executable.empty() || launch.directory.empty() || !ReadProcessArguments(pid, launch)) {
    return std::nullopt;
  }
  return launch;
}

}  // namespace gtest_webhook::platform
