// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Each test's output in a linked test process (SPEC §16): the listener's side of an OutputTee.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/test_output.h"
#include "gtest_webhook/options.h"

namespace gtest_webhook::detail {

class OutputCapture {
 public:
  /// Starts capturing when `options` keep output and neither stdout nor stderr is a terminal;
  /// nullptr otherwise, or when it cannot start (one line on stderr says why). `record_file`
  /// is this process's collect file, if any. What it returns lives as long as the process: the
  /// copier must go on reading until the very end.
  static OutputCapture* Start(const Options& options, const std::string& record_file);
  /// Before the tests are registered (a constructor of this library), when the environment asks
  /// for reporting and neither stdout nor stderr is a terminal: starts capturing, for Start to
  /// take, so that the copier is the fork of a small process (see output_capture.cpp).
  static void StartEarly();
  /// The test program started without taking what StartEarly started (it does not report, or
  /// is a death test's child): capturing ends.
  static void Abandon();

  /// A test starts.
  void TestStarted();
  /// A test ends. The copier keeps what a test that did not pass wrote, which Kept fetches for
  /// many tests with one question: nothing is asked per test. Returns what was kept so far once
  /// enough is kept that the copier should no longer hold it (rarely: thousands of failed tests),
  /// else nothing.
  std::vector<CapturedTest> TestEnded(bool passed);
  /// What the tests that did not pass wrote, kept since the last time, by test number (their
  /// order of start, from 1).
  std::vector<CapturedTest> Kept();
  /// The sanitizer reports in tests that passed, by test number.
  std::vector<CapturedTest> Findings();

  /// Tests started so far: the number of the running (or last) one.
  std::uint32_t tests() const { return tests_; }

  platform::OutputTee& tee() { return *tee_; }

 private:
  explicit OutputCapture(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  // The copier's observer: a TestOutput of max_bytes_.
  std::string Recipe() const;
  // Whether a sanitizer's runtime is in this process: only then is a report in the output one.
  static bool SanitizerRuntimePresent();
  std::vector<CapturedTest> Ask(std::string_view question);
  bool Take(const std::string& record_file);
  // At exit, on a fatal signal and when a sanitizer ends the process: see SyncLastWords.
  void SyncAtTheEnd();
  std::size_t max_bytes_;
  bool early_ = false;  // started by StartEarly, not yet taken by Start
  std::unique_ptr<platform::OutputTee> tee_;
  std::uint32_t tests_ = 0;
  std::size_t unfetched_ = 0;  // tests kept since the last Kept
};

}  // namespace gtest_webhook::detail
