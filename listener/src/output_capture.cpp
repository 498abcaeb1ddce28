#include "output_capture.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "platform/signals.h"
#include "print.h"

namespace gtest_webhook::detail {
namespace {

// How long the listener waits for the copier's answer before it stops asking.
constexpr std::chrono::seconds kAnswerWait{10};

// The capture of this process, kept where a leak checker sees it: it lives as long as the
// process, since the copier must go on reading until the very end.
OutputCapture* g_capture = nullptr;

// At exit, on a fatal signal and when a sanitizer ends the process: the console gets the last
// bytes before the process is gone (a console that is a file is read as soon as it is).
void SyncLastWords() {
  if (g_capture != nullptr) g_capture->tee().Sync();
}

}  // namespace
}  // namespace gtest_webhook::detail

// The sanitizers' documented hook for "about to end the process"
// (sanitizer/common_interface_defs.h), present only in a sanitizer build.
// NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the runtime's name
extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace gtest_webhook::detail {
namespace {}  // namespace

OutputCapture* OutputCapture::Start(const Options& options, const std::string& record_file) {
  if (options.max_output == 0 || platform::StandardStreamIsTerminal()) return nullptr;
  std::unique_ptr<OutputCapture> capture(new OutputCapture(options.max_output));
  std::cout.flush();
  std::cerr.flush();
  std::string why;
  capture->tee_ = platform::OutputTee::Start(capture->observer_, record_file, why);
  if (!capture->tee_) {
    const platform::SigpipeShield shield;
    PrintLine(std::cerr,
              "gtest-webhook: GTEST_WEBHOOK_MAX_OUTPUT: cannot capture the tests' "
              "output (" +
                  why + "); reports say what failed without it");
    return nullptr;
  }
  g_capture = capture.release();
  platform::RecordLastWords(&SyncLastWords);
  if (&__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(&SyncLastWords);
  return g_capture;
}

void OutputCapture::TestStarted() {
  std::cout.flush();
  tee_->Mark(++tests_);
}

CapturedOutput OutputCapture::TestEnded(bool passed) {
  if (passed) return {};
  std::cout.flush();
  std::cerr.flush();
  const auto answer = tee_->Ask(TestOutput::kAskTest, kAnswerWait);
  return answer ? DecodeCaptured(*answer) : CapturedOutput{};
}

std::vector<SanitizerFinding> OutputCapture::Findings() {
  std::cout.flush();
  std::cerr.flush();
  const auto answer = tee_->Ask(TestOutput::kAskFindings, kAnswerWait);
  return answer ? DecodeFindings(*answer) : std::vector<SanitizerFinding>{};
}

}  // namespace gtest_webhook::detail
