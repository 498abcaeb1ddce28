// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/signals.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <utility>
#include <vector>

#include "platform/posix/system.h"

namespace gtest_webhook::platform {
namespace {

constexpr int kFatal[] = {SIGABRT, SIGBUS, SIGFPE,  SIGHUP,  SIGILL,  SIGINT,  SIGQUIT,
                          SIGSEGV, SIGSYS, SIGTERM, SIGTRAP, SIGXCPU, SIGXFSZ, 0};

// Handlers in place before ours, by signal number.
struct sigaction g_previous[NSIG];
std::atomic<SignalRecorder> g_recorder{nullptr};
std::atomic<pid_t> g_owner{0};
std::atomic<bool> g_installed{false};
std::atomic<void (*)()> g_exit_recorder{nullptr};
std::atomic<pid_t> g_exit_owner{0};
std::atomic<bool> g_exit_registered{false};
std::atomic<void (*)()> g_last_words{nullptr};
std::atomic<pid_t> g_last_words_owner{0};

void LastWords() {
  const auto hook = g_last_words.load();
  if (hook != nullptr && ::getpid() == g_last_words_owner.load()) hook();
}

void OnFatalSignal(int signal, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  const auto recorder = g_recorder.load();
  if (recorder != nullptr && ::getpid() == g_owner.load()) recorder(signal);
  LastWords();
  errno = saved_errno;
  const struct sigaction& previous = g_previous[signal];
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != nullptr) {
    previous.sa_sigaction(signal, info, context);
    return;
  }
  if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(signal);
    return;
  }
  // The default action, as if we had never been here: the signal is blocked while this runs,
  // so raising it again delivers it, with its default action, the moment the handler returns.
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  sigemptyset(&defaults.sa_mask);
  ::sigaction(signal, &defaults, nullptr);
  ::raise(signal);
}

// Gives the main thread a stack to record a stack overflow on, unless something (a sanitizer)
// gave it one already.
void EnsureAlternateStack() {
  stack_t current{};
  if (::sigaltstack(nullptr, &current) != 0 || (current.ss_flags & SS_DISABLE) == 0) return;
  static std::vector<char> stack(64 * 1024);
  stack_t ours{};
  ours.ss_sp = stack.data();
  ours.ss_size = stack.size();
  ::sigaltstack(&ours, nullptr);
}

void Install() {
  EnsureAlternateStack();
  for (const int* signal = kFatal; *signal != 0; ++signal) {
    struct sigaction current {};
    if (::sigaction(*signal, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) continue;
    struct sigaction ours {};
    ours.sa_sigaction = OnFatalSignal;
    ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&ours.sa_mask);
    g_previous[*signal] = current;
    ::sigaction(*signal, &ours, nullptr);
  }
}

void OnExit() {
  const auto recorder = g_exit_recorder.load();
  if (recorder != nullptr && ::getpid() == g_exit_owner.load()) recorder();
  LastWords();
}

}  // namespace

void RecordFatalSignals(SignalRecorder recorder) {
  g_owner = ::getpid();
  g_recorder = recorder;
  if (recorder != nullptr && !g_installed.exchange(true)) Install();
}

void RecordExit(void (*recorder)()) {
  g_exit_owner = ::getpid();
  g_exit_recorder = recorder;
  if (recorder != nullptr && !g_exit_registered.exchange(true)) std::atexit(OnExit);
}

void RecordLastWords(void (*hook)(), bool on_fatal_signals) {
  g_last_words_owner = ::getpid();
  g_last_words = hook;
  if (hook == nullptr) return;
  if (on_fatal_signals && !g_installed.exchange(true)) Install();
  if (!g_exit_registered.exchange(true)) std::atexit(OnExit);
}

void SayLastWords() { LastWords(); }

const char* SignalName(int signal) {
  static const std::pair<int, const char*> kNames[] = {
      {SIGABRT, "SIGABRT"}, {SIGALRM, "SIGALRM"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
      {SIGHUP, "SIGHUP"},   {SIGILL, "SIGILL"},   {SIGINT, "SIGINT"},   {SIGKILL, "SIGKILL"},
      {SIGPIPE, "SIGPIPE"}, {SIGQUIT, "SIGQUIT"}, {SIGSEGV, "SIGSEGV"}, {SIGSYS, "SIGSYS"},
      {SIGTERM, "SIGTERM"}, {SIGTRAP, "SIGTRAP"}, {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"},
      {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"}};
  for (const auto& [number, name] : kNames) {
    if (number == signal) return name;
  }
  return nullptr;
}

const int* FatalSignals() { return kFatal; }

void BlockSigpipeOnThisThread() {
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
}

void IgnoreBrokenPipes() { ::signal(SIGPIPE, SIG_IGN); }

SigpipeShield::SigpipeShield() {
  sigset_t pipe_only;
  sigset_t before;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &before);
  was_blocked_ = sigismember(&before, SIGPIPE) == 1;
  sigset_t pending;
  sigpending(&pending);
  was_pending_ = sigismember(&pending, SIGPIPE) == 1;
}

SigpipeShield::~SigpipeShield() {
  if (was_blocked_) return;
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  sigset_t pending;
  sigpending(&pending);
  if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) system::DiscardPendingSigpipe();
  pthread_sigmask(SIG_UNBLOCK, &pipe_only, nullptr);
}

std::int64_t NowUnixMsSignalSafe() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

}  // namespace gtest_webhook::platform
