// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "output_capture.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "capture/capture_start.h"
#include "escape.h"
#include "model/selection/gtest_args.h"
#include "platform/process.h"
#include "platform/signals.h"

namespace gtest_webhook::detail {
namespace {

// How long the listener waits for the copier's answer before it stops asking.
constexpr std::chrono::seconds kAnswerWait{10};
// What the copier keeps for the listener at most, in tests of GTEST_WEBHOOK_MAX_OUTPUT bytes.
constexpr std::size_t kMaxUnfetched = 64U << 20U;

// The capture of this process, kept where a leak checker sees it: it lives as long as the
// process, since the copier must go on reading until the very end.
OutputCapture* g_capture = nullptr;

// At exit, on a fatal signal and when a sanitizer ends the process: the console gets the last
// bytes before the process is gone (a console that is a file is read as soon as it is).
void SyncLastWords() {
  if (g_capture != nullptr) g_capture->tee().Sync();
}

}  // namespace

bool OutputCapture::SanitizerRuntimePresent() { return platform::SanitizerRuntimePresent(); }

std::string OutputCapture::Recipe() const {
  return TestOutputRecipe(max_bytes_, SanitizerRuntimePresent());
}

namespace {

void CannotCapture(const std::string& why) {
  const platform::SigpipeShield shield;
  PrintLine(std::cerr,
            "gtest-webhook: GTEST_WEBHOOK_MAX_OUTPUT: cannot capture the tests' output (" + why +
                "); reports say what failed without it");
}

// GTEST_WEBHOOK_MAX_OUTPUT as StartEarly reads it, before anything else of this library may run:
// digits, else the default. Start compares it with what the options say.
std::size_t EarlyMaxOutput() {
  const char* text = std::getenv("GTEST_WEBHOOK_MAX_OUTPUT");
  if (text == nullptr || *text == '\0') return Options().max_output;
  std::size_t value = 0;
  for (const char* at = text; *at != '\0'; ++at) {
    if (*at < '0' || *at > '9' || value > (16U << 20U)) return Options().max_output;
    value = value * 10 + static_cast<std::size_t>(*at - '0');
  }
  return value;
}

// A process that runs no tests for a report: a threadsafe death test's child (GoogleTest tells
// its listeners nothing there) or a listing (nothing calls them).
bool RunsNoReportedTests() {
  if (const char* list = std::getenv("GTEST_LIST_TESTS"); list != nullptr && *list != '\0') {
    return true;
  }
  const auto arguments = platform::OwnArguments();
  return HasGtestFlag(arguments, "internal_run_death_test") ||
         HasGtestFlag(arguments, "list_tests");
}

// At exit, before the test program has started (or when it never does): the console gets the
// last bytes before the process is gone. After, SyncLastWords does the same and more.
void SyncEarlyLastWords() {
  if (g_capture != nullptr) g_capture->tee().Sync();
}

// Before GoogleTest registers the tests, while the process is small. The copier is a fork of
// this process: every page both have then is copied when this process first writes it again,
// about 40 µs a page on a virtual machine, which forked after 20,000 tests were registered was
// a tenth of a second. Nothing here uses an object that another constructor makes. After 101:
// a program started as a copier on Windows becomes one first (capture/capture_start.cpp).
void StartCaptureEarly() {
  try {
    OutputCapture::StartEarly();
  } catch (...) {
    // Start tries again when the test program starts.
  }
}

#if defined(_MSC_VER)
// MSVC has no constructor priorities: the library's initializers, before the program's own.
#pragma init_seg(lib)
const bool g_started_early = (StartCaptureEarly(), true);
#else
__attribute__((constructor(102))) void StartCaptureEarlyAtStartUp() { StartCaptureEarly(); }
#endif

}  // namespace

OutputCapture* OutputCapture::Start(const Options& options, const std::string& record_file) {
  if (g_capture != nullptr && g_capture->early_) {
    if (options.max_output == g_capture->max_bytes_) {
      return g_capture->Take(record_file) ? g_capture : nullptr;
    }
    Abandon();
  }
  if (options.max_output == 0 || platform::StandardStreamIsTerminal()) return nullptr;
  std::unique_ptr<OutputCapture> capture(new OutputCapture(options.max_output));
  std::cout.flush();
  std::cerr.flush();
  std::string why;
  capture->tee_ = StartTee(capture->Recipe(), record_file, why);
  if (!capture->tee_) {
    CannotCapture(why);
    return nullptr;
  }
  g_capture = capture.release();
  g_capture->SyncAtTheEnd();
  return g_capture;
}

void OutputCapture::StartEarly() {
  if (g_capture != nullptr || !EnvironmentRequestsReporting(ProcessEnvironment()) ||
      platform::StandardStreamIsTerminal() || RunsNoReportedTests()) {
    return;
  }
  const auto max_bytes = EarlyMaxOutput();
  if (max_bytes == 0) return;
  std::unique_ptr<OutputCapture> capture(new OutputCapture(max_bytes));
  std::string why;
  capture->tee_ = StartTee(capture->Recipe(), {}, why);
  if (!capture->tee_) return;  // Start tries again, and says why when it cannot
  capture->early_ = true;
  g_capture = capture.release();
  // No signal handlers yet: those of the program and of the collect file come first, as
  // without it. This one runs after every later exit handler and static destructor.
  std::atexit(&SyncEarlyLastWords);
}

// The early capture, kept as much as the options ask, serves: with the record file, if any.
// False (and capturing ends) when the copier cannot take that file.
bool OutputCapture::Take(const std::string& record_file) {
  std::string why;
  if (!record_file.empty() && !tee_->SetRecordFile(record_file, why)) {
    Abandon();
    CannotCapture(why);
    return false;
  }
  early_ = false;
  SyncAtTheEnd();
  return true;
}

void OutputCapture::SyncAtTheEnd() {
  platform::RecordLastWords(&SyncLastWords);
  platform::RecordSanitizerLastWords(&SyncLastWords);
}

void OutputCapture::Abandon() {
  if (g_capture == nullptr || !g_capture->early_) return;
  std::cout.flush();
  std::cerr.flush();
  g_capture->tee_->Stop();
  delete std::exchange(g_capture, nullptr);
}

void OutputCapture::TestStarted() {
  // Numbers beyond the marks' are not told apart: their output is the last numbered test's.
  if (tests_ < TestOutput::kMaxTests) ++tests_;
  std::cout.flush();
  tee_->Mark(TestOutput::StartMark(tests_));
}

std::vector<CapturedTest> OutputCapture::TestEnded(bool passed) {
  if (passed) return {};
  std::cout.flush();
  std::cerr.flush();
  tee_->Mark(TestOutput::KeepMark(tests_));
  if (++unfetched_ < std::max<std::size_t>(1, kMaxUnfetched / max_bytes_)) return {};
  return Kept();
}

std::vector<CapturedTest> OutputCapture::Kept() {
  if (unfetched_ == 0) return {};
  unfetched_ = 0;
  return Ask(TestOutput::kAskKept);
}

std::vector<CapturedTest> OutputCapture::Findings() { return Ask(TestOutput::kAskFindings); }

std::vector<CapturedTest> OutputCapture::Ask(std::string_view question) {
  std::cout.flush();
  std::cerr.flush();
  const auto answer = tee_->Ask(question, kAnswerWait);
  return answer ? DecodeCapturedTests(*answer) : std::vector<CapturedTest>{};
}

}  // namespace gtest_webhook::detail
