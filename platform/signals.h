// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstdint>

namespace gtest_webhook::platform {

/// Called from a signal handler with the signal's number: must be async-signal-safe.
using SignalRecorder = void (*)(int signal);

/// Has `recorder` called when this process gets a fatal signal (SIGSEGV, SIGABRT, SIGTERM …),
/// then lets the signal take its course, as Catch2 and doctest do: the handler that was
/// installed before (a sanitizer's, the user's) runs with the original signal information, or
/// the default action ends the process, so its exit status is unchanged. Signals that are
/// ignored stay ignored. Forked children (death tests) never call `recorder`. Installs once;
/// later calls only replace the recorder; nullptr stops recording.
void RecordFatalSignals(SignalRecorder recorder);

/// Runs `recorder` when the process calls exit() (not _exit()), in this process only, not in
/// forked children. Registers once; later calls replace the recorder; nullptr stops it.
void RecordExit(void (*recorder)());

/// Runs `hook` when this process ends by a fatal signal (before the signal takes its course, like
/// RecordFatalSignals' recorder, after it) and when it calls exit(): the last chance to see
/// output through. Must be async-signal-safe. Later calls replace it; nullptr stops it. With
/// `on_fatal_signals` false, only at exit() and SayLastWords (for a process whose signals are
/// its own to handle).
void RecordLastWords(void (*hook)(), bool on_fatal_signals = true);

/// Runs the hook of RecordLastWords now, for a process about to _exit(). Async-signal-safe.
void SayLastWords();

/// Whether a sanitizer's runtime (AddressSanitizer, UndefinedBehaviorSanitizer …) is in this
/// process.
bool SanitizerRuntimePresent();

/// Runs `hook` when a sanitizer's runtime ends the process after a report (its documented
/// `__sanitizer_set_death_callback`). Nothing where no sanitizer's runtime is in this process.
void RecordSanitizerLastWords(void (*hook)());

/// The conventional name of `signal` (`SIGSEGV`); nullptr for one it does not know.
/// Async-signal-safe.
const char* SignalName(int signal);

/// The fatal signals RecordFatalSignals handles, ending with 0.
const int* FatalSignals();

/// Keeps SIGPIPE from this thread: a peer that closes a connection mid-write then leaves a
/// signal pending on this thread only, which ends with it, instead of ending the process.
void BlockSigpipeOnThisThread();

/// Ignores SIGPIPE in this whole process (the command's own): a closed standard output or error
/// then makes a write fail instead of ending the process.
void IgnoreBrokenPipes();

/// Keeps SIGPIPE from ending the process while it lives, on this thread, whatever the process's
/// own disposition (a test binary's, which is not ours to change): a write to a closed pipe then
/// only fails. A SIGPIPE it caused is discarded when it goes; one that was pending before stays.
class SigpipeShield {
 public:
  SigpipeShield();
  ~SigpipeShield();
  SigpipeShield(const SigpipeShield&) = delete;
  SigpipeShield& operator=(const SigpipeShield&) = delete;

 private:
  bool was_blocked_ = false;
  bool was_pending_ = false;
};

/// Unix milliseconds now, async-signal-safe.
std::int64_t NowUnixMsSignalSafe();

}  // namespace gtest_webhook::platform
