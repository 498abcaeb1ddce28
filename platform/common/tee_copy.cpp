// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// TeeCopy, the same on every system: see tee_copy.h.

#include "platform/common/tee_copy.h"

#include <cstdio>
#include <random>

namespace gtest_webhook::platform {

std::string FrameLength(std::size_t size) {
  std::string bytes(4, '\0');
  for (std::size_t i = 0; i < 4; ++i) bytes[i] = static_cast<char>((size >> (8U * i)) & 0xFFU);
  return bytes;
}

std::size_t FrameLengthOf(const char* bytes) {
  std::size_t size = 0;
  for (std::size_t i = 0; i < 4; ++i)
    size |= std::size_t{static_cast<unsigned char>(bytes[i])} << (8U * i);
  return size;
}

std::string RandomMarkToken() {
  std::random_device device;
  std::string token(MarkScanner::kTokenSize, '\0');
  for (std::size_t i = 1; i < token.size(); ++i) {
    token[i] = static_cast<char>(1 + device() % 255);
  }
  return token;
}

bool OutputTee::ReadyToAsk() {
  if (broken_) return false;
  std::fflush(stdout);
  std::fflush(stderr);
  return true;
}

// The same question on every system: the copier opens the file (see TeeCopy::Answer).
bool OutputTee::SetRecordFile(const std::string& record_file, std::string& why) {
  const auto answer =
      Ask(std::string(kRecordQuestion) + record_file, std::chrono::milliseconds(10000));
  why = answer ? *answer : "the copier does not answer";
  return answer && answer->empty();
}

bool TeeCopy::Take(std::string_view out, std::string_view err, bool out_open, bool err_open) {
  const bool read = !out.empty() || !err.empty();
  if (read) observer_->PassStarted();
  if (read && streams_.Plain(out, err)) {
    // Most reads: no mark, so no order to restore and nothing to copy into segments.
    Forward(1, out, streams_.number(1));
    Forward(2, err, streams_.number(2));
    return true;
  }
  // A read short of its budget emptied its pipe (see MarkScanner::Scan).
  streams_.Take(
      out, err, out_open, err_open,
      [this](int stream, std::string_view text, std::uint32_t number) {
        Forward(stream, text, number);
      },
      out.size() < kTeePass, err.size() < 2 * kTeePass);
  if (!out_open) Forward(1, streams_.TakeHeld(1), streams_.number(1));
  if (!err_open) Forward(2, streams_.TakeHeld(2), streams_.number(2));
  return read;
}

// To the console; and to the observer, unless a later mark was seen already (the copier fell
// behind, and what is left of an earlier test is no longer anyone's).
void TeeCopy::Forward(int stream, std::string_view bytes, std::uint32_t number) {
  if (number > marked_) {
    marked_ = number;
    observer_->Marked(number);
  }
  if (bytes.empty()) return;
  bool& open = console_open_[stream - 1];
  // A console that is gone takes nothing more; the bytes still go to the observer.
  if (open) open = console_(stream, bytes);
  if (number == marked_) observer_->Output(stream, bytes);
}

std::string TeeCopy::Answer(const std::string& question, const OpenRecord& open_record) {
  if (question.rfind(kRecordQuestion, 0) == 0) {
    return open_record(question.substr(kRecordQuestion.size()));
  }
  return observer_->Answer(question);
}

std::string TeeCopy::Finish() {
  Forward(1, streams_.TakeHeld(1), streams_.number(1));
  Forward(2, streams_.TakeHeld(2), streams_.number(2));
  return observer_->Ended();
}

}  // namespace gtest_webhook::platform
