// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Capturing what a test process writes to its standard output and error (SPEC §16) while the
// console still gets every byte, in order, whatever ends the process.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/files.h"

namespace gtest_webhook::platform {

/// What the copying process does with what it copies. It lives in that process only, built
/// there by the TeeObserverMaker given to OutputTee::Start from the recipe given with it: on
/// POSIX the copier is a fork of this process, on Windows (which has no fork) this program
/// started again (see ServeAsCopierWhenStartedAsOne). Nothing else of this process reaches it.
class TeeObserver {
 public:
  virtual ~TeeObserver() = default;
  /// `bytes` written to stdout (`stream` 1) or stderr (2) after the latest mark, once the console
  /// got them. Bytes written after an earlier mark but read after a later one (the copier fell
  /// behind while no one asked) go to the console only. Within one mark the two streams come in
  /// the order they were read, which is the order they were written as nearly as reads can tell.
  virtual void Output(int stream, std::string_view bytes) = 0;
  /// OutputTee::Mark(number) was called here, between the bytes written before and after.
  virtual void Marked(std::uint32_t number) = 0;
  /// The copier read the pipes once more: what Output gives until the next call was read in one
  /// go, stderr's before stdout's, and is given stdout's first. For an observer that must order
  /// the two streams without marks.
  virtual void PassStarted() {}
  /// The answer to OutputTee::Ask, given after everything written before the question.
  virtual std::string Answer(std::string_view question) = 0;
  /// The test process has ended (however: exit, crash, kill) and everything it wrote before is
  /// read. Returns what to append to the record file given to OutputTee::Start, the last chance
  /// to leave a record. Output its children still write is not waited for.
  virtual std::string Ended() = 0;
};

/// Builds the observer a recipe describes (in the copying process); nullptr for a recipe it
/// does not know. A plain function, so that the program started again on Windows has it too.
using TeeObserverMaker = std::unique_ptr<TeeObserver> (*)(std::string_view recipe);

/// Standard output and error of this process become pipes to a process of their own, which
/// copies every byte to the original streams and shows it to a TeeObserver. Nothing is lost
/// when this process dies: the copier outlives it, reads what is left in the pipes, and ends.
/// On POSIX it is not a child of this process (so that a test's wait() never meets it) and its
/// name (the `comm` a process listing shows) is kTeeProcessName. On Windows it is this program
/// started again, a child without a console (so that console events meant for the test process
/// do not end it), that waits for this process to end.
class OutputTee {
 public:
  /// nullptr, with `why`, when it cannot start; then nothing was changed. Call it while this
  /// process has one thread, before tests start. The copier builds its observer with
  /// `make(recipe)`. `record_file` (none when empty) is opened now to append to, never through a
  /// link, and the copier holds a shared lock on it until it ends (which is how collect files
  /// say they are being written).
  static std::unique_ptr<OutputTee> Start(TeeObserverMaker make, const std::string& recipe,
                                          const std::string& record_file, std::string& why);
  ~OutputTee();
  OutputTee(const OutputTee&) = delete;
  OutputTee& operator=(const OutputTee&) = delete;

  /// Flushes stdio and puts mark `number` into the pipes (which the copier takes out again): one
  /// write when stdout and stderr go to one place and so share one pipe, else one into each,
  /// whatever the test did to descriptors 1 and 2.
  void Mark(std::uint32_t number);
  /// Flushes stdio, sends `question` and waits at most `wait` for the answer; nullopt when none
  /// came (the copier is gone or stuck), after which the tee asks nothing more.
  std::optional<std::string> Ask(std::string_view question, std::chrono::milliseconds wait);
  /// Waits (at most 2 s) until the copier has written everything written so far to the
  /// console, for the end of the process: a console that is a file is then complete when the
  /// process is gone. Async-signal-safe; stdio is not flushed.
  void Sync();
  /// Gives a tee started without a record file one: the copier opens `record_file` as Start
  /// would have. False, with `why`, when it cannot.
  bool SetRecordFile(const std::string& record_file, std::string& why);
  /// Ends capturing: once the copier has written everything so far, stdout and stderr are the
  /// original ones again, and the copier ends. Nothing more is asked.
  void Stop();

 private:
  OutputTee() = default;
  // Flushes stdio for a question; false when nothing more is asked.
  bool ReadyToAsk();
  // original_out_/_err_: descriptors (the C runtime's on Windows), put back by Stop.
  NativeFile marks_ = kNoFile;
  NativeFile err_marks_ = kNoFile;
  NativeFile control_ = kNoFile;
  int original_out_ = -1;
  int original_err_ = -1;
  std::atomic<bool> broken_{false};
  std::string mark_;
};

/// On Windows, where the copier is this program started again: when this process was started
/// as one, builds the observer with `make` and copies until the test process is gone, then ends
/// the process (never returning). Called by a constructor that runs before main and before the
/// program's own constructors, and by Start. Elsewhere, and in any other process, it returns at
/// once.
void ServeAsCopierWhenStartedAsOne(TeeObserverMaker make);

/// Finds the marks in a stream of bytes read in pieces: a mark is a token of kMarkToken bytes
/// (a zero byte, then bytes that are not zero) followed by a 4-byte number. Text with a zero
/// byte that is not a mark passes through unchanged.
class MarkScanner {
 public:
  static constexpr std::size_t kTokenSize = 8;
  static constexpr std::size_t kMarkSize = kTokenSize + 4;
  explicit MarkScanner(std::string token) : token_(std::move(token)) {}
  /// Splits `bytes` into text (each piece to `text`) and marks (each number to `mark`), holding
  /// back what may be the start of a mark until the next call, unless `complete`: the writer has
  /// written nothing more yet (a pipe read empty). Each mark is written whole in one write,
  /// which a pipe never splits, so a complete read never ends inside one: what would be held
  /// is text, and waits for nothing (a prompt ending in a zero byte reaches the console now).
  template <typename Text, typename Mark>
  void Scan(std::string_view bytes, Text&& text, Mark&& mark, bool complete = false);
  /// What is held back, at the end of the stream: it was text after all.
  std::string TakeHeld() { return std::exchange(held_, {}); }
  /// Whether anything is held back.
  bool holding() const { return !held_.empty(); }

 private:
  std::string token_;
  std::string held_;
};

template <typename Text, typename Mark>
void MarkScanner::Scan(std::string_view bytes, Text&& text, Mark&& mark, bool complete) {
  std::string joined;
  if (!held_.empty()) {
    joined = std::exchange(held_, {});
    joined.append(bytes);
    bytes = joined;
  }
  while (!bytes.empty()) {
    const auto zero = bytes.find('\0');
    if (zero == std::string_view::npos) {
      text(bytes);
      return;
    }
    if (zero > 0) text(bytes.substr(0, zero));
    bytes.remove_prefix(zero);
    const auto compared = std::min(bytes.size(), kTokenSize);
    if (bytes.compare(0, compared, token_, 0, compared) != 0) {
      text(bytes.substr(0, 1));  // a zero byte of the text itself
      bytes.remove_prefix(1);
      continue;
    }
    if (bytes.size() < kMarkSize) {
      if (complete) {
        text(bytes);
      } else {
        held_.assign(bytes);
      }
      return;
    }
    std::uint32_t number = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      number |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[kTokenSize + i]))
                << (8U * i);
    }
    mark(number);
    bytes.remove_prefix(kMarkSize);
  }
}

/// The bytes of stdout (stream 1) and stderr (2) as the copier reads them, each with its marks,
/// put back in the order of the marks. A mark is written to both pipes, stdout's first, and a
/// read of one pipe may get further than the read of the other: a piece after a mark that the
/// other stream has not reached yet waits until it has (what the other stream holds before that
/// mark belongs to the test before it). A stream that has ended holds nothing back.
class MarkedStreams {
 public:
  explicit MarkedStreams(const std::string& token)
      : scanners_{MarkScanner(token), MarkScanner(token)} {}
  /// Gives the bytes one pass read (`out`, `err`; `out_open`/`err_open` false once a stream
  /// ended) to `forward(stream, bytes, number)`, where `number` is the last mark before them, in
  /// the order of the marks, holding back what must wait. `out_complete`/`err_complete`: the
  /// read emptied that pipe (see MarkScanner::Scan).
  template <typename Forward>
  void Take(std::string_view out, std::string_view err, bool out_open, bool err_open,
            Forward&& forward, bool out_complete = false, bool err_complete = false);
  /// Whether `out` and `err` can be forwarded as they are: nothing waits, and they hold no mark
  /// and no part of one.
  bool Plain(std::string_view out, std::string_view err) const;
  /// The last mark read on `stream`.
  std::uint32_t number(int stream) const { return numbers_[stream - 1]; }
  /// What `stream`'s scanner holds back, at its end: text after all.
  std::string TakeHeld(int stream) { return scanners_[stream - 1].TakeHeld(); }

 private:
  struct Segment {
    std::uint32_t number;
    int stream;
    std::string text;
  };
  void Split(int stream, std::string_view bytes, bool complete);

  MarkScanner scanners_[2];
  std::uint32_t numbers_[2] = {0, 0};
  std::vector<Segment> segments_;  // the pieces of this pass, then those that wait
};

template <typename Forward>
void MarkedStreams::Take(std::string_view out, std::string_view err, bool out_open, bool err_open,
                         Forward&& forward, bool out_complete, bool err_complete) {
  Split(1, out, out_complete);
  Split(2, err, err_complete);
  std::stable_sort(segments_.begin(), segments_.end(),
                   [](const Segment& a, const Segment& b) { return a.number < b.number; });
  // Both streams have reached this mark (an ended stream reaches every mark).
  std::uint32_t reached = UINT32_MAX;
  if (out_open) reached = std::min(reached, numbers_[0]);
  if (err_open) reached = std::min(reached, numbers_[1]);
  std::vector<Segment> waiting;
  for (auto& segment : segments_) {
    if (segment.number > reached) {
      waiting.push_back(std::move(segment));
    } else {
      forward(segment.stream, std::string_view(segment.text), segment.number);
    }
  }
  segments_ = std::move(waiting);
}

/// Whether standard output or standard error is a terminal: someone is watching, and output is
/// not captured (SPEC §16).
bool StandardStreamIsTerminal();

/// The name the copying process goes by, which `gtest-webhook run` waits for before it ends
/// what a command left behind.
inline constexpr const char* kTeeProcessName = "gtest-wh-tee";

}  // namespace gtest_webhook::platform
