// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A crash's last words on Windows (docs/platforms.md): a fault is a structured exception, seen
// by an unhandled exception filter, which is given the C runtime's signal for it and then
// passes it on; abort() and raise() are the C runtime's signals. Windows has no SIGPIPE: a
// write to a closed pipe fails.

#include "platform/signals.h"

#include <windows.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <utility>

namespace gtest_webhook::platform {
namespace {

// The C runtime's signals that end a process.
constexpr int kFatal[] = {SIGABRT, SIGFPE, SIGILL, SIGSEGV, SIGTERM, 0};
// Those raised through the C runtime (abort(), raise()); faults come as exceptions.
constexpr int kRaised[] = {SIGABRT, SIGTERM};

std::atomic<SignalRecorder> g_recorder{nullptr};
std::atomic<bool> g_installed{false};
std::atomic<void (*)()> g_exit_recorder{nullptr};
std::atomic<bool> g_exit_registered{false};
std::atomic<void (*)()> g_last_words{nullptr};
LPTOP_LEVEL_EXCEPTION_FILTER g_previous_filter = nullptr;
void (*g_previous[NSIG])(int) = {};

void LastWords() {
  if (const auto hook = g_last_words.load()) hook();
}

// The signal a POSIX system would have sent for exception `code`.
int SignalOf(DWORD code) {
  switch (code) {
    case EXCEPTION_ACCESS_VIOLATION:
    case EXCEPTION_IN_PAGE_ERROR:
    case EXCEPTION_STACK_OVERFLOW:
    case EXCEPTION_ARRAY_BOUNDS_EXCEEDED:
    case EXCEPTION_DATATYPE_MISALIGNMENT:
      return SIGSEGV;
    case EXCEPTION_ILLEGAL_INSTRUCTION:
    case EXCEPTION_PRIV_INSTRUCTION:
      return SIGILL;
    case EXCEPTION_INT_DIVIDE_BY_ZERO:
    case EXCEPTION_INT_OVERFLOW:
    case EXCEPTION_FLT_DIVIDE_BY_ZERO:
    case EXCEPTION_FLT_INVALID_OPERATION:
    case EXCEPTION_FLT_OVERFLOW:
    case EXCEPTION_FLT_UNDERFLOW:
      return SIGFPE;
    default:
      return SIGABRT;
  }
}

LONG WINAPI OnException(EXCEPTION_POINTERS* exception) {
  if (const auto recorder = g_recorder.load()) {
    recorder(SignalOf(exception->ExceptionRecord->ExceptionCode));
  }
  LastWords();
  // Then as if we had never been here: the filter before, or the system's own end.
  return g_previous_filter != nullptr ? g_previous_filter(exception) : EXCEPTION_CONTINUE_SEARCH;
}

void OnRaised(int signal) {
  if (const auto recorder = g_recorder.load()) recorder(signal);
  LastWords();
  const auto previous = g_previous[signal];
  if (previous != SIG_DFL && previous != SIG_IGN && previous != SIG_ERR && previous != nullptr) {
    previous(signal);
    return;
  }
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void Install() {
  // Room on the stack for the filter after a stack overflow, on the thread that installs it.
  ULONG guarantee = 64 * 1024;
  SetThreadStackGuarantee(&guarantee);
  g_previous_filter = SetUnhandledExceptionFilter(OnException);
  for (const int signal : kRaised) {
    const auto previous = std::signal(signal, OnRaised);
    if (previous == SIG_IGN) {
      std::signal(signal, SIG_IGN);  // ignored stays ignored
    } else {
      g_previous[signal] = previous;
    }
  }
}

void OnExit() {
  if (const auto recorder = g_exit_recorder.load()) recorder();
  LastWords();
}

}  // namespace

void RecordFatalSignals(SignalRecorder recorder) {
  g_recorder = recorder;
  if (recorder != nullptr && !g_installed.exchange(true)) Install();
}

void RecordExit(void (*recorder)()) {
  g_exit_recorder = recorder;
  if (recorder != nullptr && !g_exit_registered.exchange(true)) std::atexit(OnExit);
}

void RecordLastWords(void (*hook)(), bool on_fatal_signals) {
  g_last_words = hook;
  if (hook == nullptr) return;
  if (on_fatal_signals && !g_installed.exchange(true)) Install();
  if (!g_exit_registered.exchange(true)) std::atexit(OnExit);
}

void SayLastWords() { LastWords(); }

// MinGW-w64 has no sanitizers, and MSVC's AddressSanitizer is not looked for yet.
bool SanitizerRuntimePresent() { return false; }
void RecordSanitizerLastWords(void (* /*hook*/)()) {}

const char* SignalName(int signal) {
  static const std::pair<int, const char*> kNames[] = {
      {SIGABRT, "SIGABRT"}, {SIGFPE, "SIGFPE"},   {SIGILL, "SIGILL"},    {SIGINT, "SIGINT"},
      {SIGSEGV, "SIGSEGV"}, {SIGTERM, "SIGTERM"}, {SIGBREAK, "SIGBREAK"}};
  for (const auto& [number, name] : kNames) {
    if (number == signal) return name;
  }
  return nullptr;
}

const int* FatalSignals() { return kFatal; }

void BlockSigpipeOnThisThread() {}
void IgnoreBrokenPipes() {}
SigpipeShield::SigpipeShield() = default;
SigpipeShield::~SigpipeShield() = default;

std::int64_t NowUnixMsSignalSafe() {
  FILETIME now{};
  GetSystemTimeAsFileTime(&now);
  // 100 ns steps since 1601.
  const auto ticks = (std::uint64_t{now.dwHighDateTime} << 32U) | now.dwLowDateTime;
  return static_cast<std::int64_t>((ticks - 116444736000000000ULL) / 10000U);
}

}  // namespace gtest_webhook::platform
