// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// What every system's processes share: starting a launch again, and SignalWatch, a thread
// that waits on CancelSignals.

#include "platform/process.h"

#include "platform/signals.h"

namespace gtest_webhook::platform {

std::unique_ptr<ChildProcess> ChildProcess::Start(const ProcessLaunch& launch, std::string& why) {
  std::vector<std::string> variables;
  for (const auto& [name, value] : launch.environment) variables.push_back(name + "=" + value);
  return Spawn(launch.executable, launch.arguments, std::move(variables), launch.directory, why);
}

std::string DescribeSignalNumber(int signal) {
  const char* name = SignalName(signal);
  return name != nullptr ? name : "signal " + std::to_string(signal);
}

SignalWatch::SignalWatch(const CancelSignals& signals, std::function<void(int)> on_first)
    : thread_([this, &signals, on_first = std::move(on_first)] { Watch(signals, on_first); }) {}

SignalWatch::~SignalWatch() {
  done_ = true;
  thread_.join();
}

void SignalWatch::Watch(const CancelSignals& signals, const std::function<void(int)>& on_first) {
  while (!done_) {
    if (signals.count() > 0) {
      on_first(signals.first());
      return;
    }
    WaitReadable({signals.waitable()}, std::chrono::milliseconds(100));
    signals.Drain();
  }
}

}  // namespace gtest_webhook::platform
