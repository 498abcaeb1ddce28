// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace gtest_webhook::testing {

/// What a child process did.
struct ProcessResult {
  /// Exit status, or 128 + signal number when killed by a signal; -1 when it could not start.
  int exit_code = -1;
  std::string out;
  std::string err;
  std::chrono::milliseconds elapsed{0};
  bool timed_out = false;
};

/// Runs `program` with `args` as a child process, in the current environment minus every
/// `GTEST_WEBHOOK_*`, `GTEST_*` sharding and CI-provider variable, plus `env`. Captures stdout
/// and stderr, and kills the child after `timeout`.
/// `on_start`, when given, is called with the child's pid once it runs (to signal it, say).
ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60),
                         const std::function<void(int pid)>& on_start = nullptr);

/// A child process running in the background (a server), with the same environment rules as
/// `RunProcess`; it is sent SIGTERM, then SIGKILL, and reaped on destruction.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                    const std::string& log_path);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

 private:
  int pid_ = -1;
};

/// Waits until something accepts TCP connections on 127.0.0.1:`port`; false on timeout.
bool WaitForPort(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// A loopback port that nothing listens on right now.
int FreePort();

/// Runs `script` with /bin/sh; returns its result.
ProcessResult Shell(const std::string& script);

}  // namespace gtest_webhook::testing
