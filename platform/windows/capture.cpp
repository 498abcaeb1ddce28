// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// OutputTee on Windows (docs/platforms.md). Windows has no fork: the copier is this program
// started again, with a variable that names the handles it inherits, and a constructor that
// runs before the program's own (capture_start.cpp in the reporter) makes it the copier at once.
// It builds its observer from the recipe, reads the pipes with overlapped reads, writes to the
// console the test process had, and ends once the test process is gone and the pipes are read.
// It has no console of its own, so the console's events (Ctrl+C, closing) do not end it.

#include "platform/capture.h"

#include <fcntl.h>
#include <io.h>

#include <cstdio>
#include <string>
#include <vector>

#include "platform/common/tee_copy.h"
#include "platform/process.h"
#include "platform/windows/handles.h"
#include "platform/windows/tee_pipes.h"
#include "platform/windows/text.h"

namespace gtest_webhook::platform {
namespace {

using windows::Handle;
using windows::OverlappedPipe;

constexpr wchar_t kCopierVariable[] = L"GTEST_WEBHOOK_TEE_COPIER";
constexpr char kCopierVersion[] = "gtest-webhook-tee-1";

// What the copier is given: the handles it inherits (their values are the same in it), the mark
// token and the recipe, as the value of kCopierVariable.
struct CopierHandles {
  std::uint64_t parent = 0;  // the test process's id
  HANDLE process = nullptr;  // the test process, to wait for
  HANDLE out = nullptr;      // the pipes' reading ends (err: none when one pipe serves both)
  HANDLE err = nullptr;
  HANDLE control = nullptr;  // questions and answers
  HANDLE record = nullptr;   // the record file, or none
  HANDLE console_out = nullptr;
  HANDLE console_err = nullptr;
  std::string token;
  std::string recipe;
};

std::string Encode(const CopierHandles& given) {
  std::string value = kCopierVersion;
  value += " " + std::to_string(given.parent);
  for (const HANDLE handle : {given.process, given.out, given.err, given.control, given.record,
                              given.console_out, given.console_err}) {
    value += " " + std::to_string(reinterpret_cast<std::uintptr_t>(handle));
  }
  static constexpr char kHex[] = "0123456789abcdef";
  value += ' ';
  for (const char c : given.token) {
    value += kHex[static_cast<unsigned char>(c) >> 4U];
    value += kHex[static_cast<unsigned char>(c) & 15U];
  }
  return value + " " + given.recipe;
}

// Splits off the next space-separated word of `rest`.
std::string NextWord(std::string& rest) {
  const auto space = rest.find(' ');
  auto word = rest.substr(0, space);
  rest = space == std::string::npos ? std::string() : rest.substr(space + 1);
  return word;
}

bool DecodeNumber(const std::string& word, std::uint64_t& number) {
  if (word.empty() || word.size() > 19) return false;
  number = 0;
  for (const char c : word) {
    if (c < '0' || c > '9') return false;
    number = number * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

bool DecodeToken(const std::string& word, std::string& token) {
  if (word.size() != 2 * MarkScanner::kTokenSize) return false;
  token.clear();
  for (std::size_t i = 0; i < word.size(); i += 2) {
    const auto digit = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    token += static_cast<char>(digit(word[i]) * 16 + digit(word[i + 1]));
  }
  return word.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool Decode(std::string value, CopierHandles& given) {
  if (NextWord(value) != kCopierVersion || !DecodeNumber(NextWord(value), given.parent)) {
    return false;
  }
  for (HANDLE* handle : {&given.process, &given.out, &given.err, &given.control, &given.record,
                         &given.console_out, &given.console_err}) {
    std::uint64_t number = 0;
    if (!DecodeNumber(NextWord(value), number)) return false;
    *handle = reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(number));
  }
  if (!DecodeToken(NextWord(value), given.token)) return false;
  given.recipe = value;
  return true;
}

// Whether the handles are what a test process gave its copier, not numbers someone set by hand:
// the process is the one named, and the pipes are the server ends of named pipes.
bool Plausible(const CopierHandles& given) {
  ULONG flags = 0;
  const auto server = [&flags](HANDLE pipe) {
    return pipe != nullptr && GetNamedPipeInfo(pipe, &flags, nullptr, nullptr, nullptr) &&
           (flags & PIPE_SERVER_END) != 0;
  };
  return given.process != nullptr && GetProcessId(given.process) == given.parent &&
         server(given.out) && (given.err == nullptr || server(given.err)) &&
         server(given.control) && given.console_out != nullptr && given.console_err != nullptr;
}

// The copying process: see the file's comment.
class Copier {
 public:
  Copier(std::unique_ptr<TeeObserver> observer, const CopierHandles& given)
      : given_(given),
        out_(given.out),
        err_(given.err),
        control_(given.control),
        record_(given.record),
        copy_(std::move(observer), given.token, [this](int stream, std::string_view bytes) {
          return windows::WriteAll(stream == 1 ? given_.console_out : given_.console_err, bytes)
              .empty();
        }) {}

  [[noreturn]] void Run() {
    if (record_ != nullptr) windows::LockWriterMark(record_, 0);
    std::vector<HANDLE> waits = {out_.event(), control_.event(), given_.process};
    if (err_.open()) waits.push_back(err_.event());
    Arm();
    control_.Arm();
    while (true) {
      WaitForMultipleObjects(static_cast<DWORD>(waits.size()), waits.data(), FALSE, INFINITE);
      Pass();
      if (control_.Signaled() && !Serve()) Finish();
      // The test process has ended, or closed its end (Stop).
      if (!control_.open() || WaitForSingleObject(given_.process, 0) == WAIT_OBJECT_0) Finish();
    }
  }

 private:
  void Arm() {
    out_.Arm();
    err_.Arm();
  }

  // One round (see TeeCopy::Take). False when there was nothing to read.
  bool Pass() {
    std::string out;
    std::string err;
    err_.ReadAvailable(err, kTeePass);
    out_.ReadAvailable(out, kTeePass);
    err_.ReadAvailable(err, 2 * kTeePass);
    const bool read = copy_.Take(out, err, out_.open(), err_.open());
    Arm();
    return read;
  }

  // Everything written so far, read: what the test process wrote before its last call.
  void Drain(std::size_t budget) {
    for (std::size_t rounds = budget / kTeePass; rounds > 0 && Pass(); --rounds) {
    }
  }

  // One question; false when the test process has closed its end.
  bool Serve() {
    std::string length;
    if (!control_.ReadExactly(length, 4)) return false;
    std::string question;
    if (!control_.ReadExactly(question, FrameLengthOf(length.data()))) return false;
    Drain(kTeeLastReadBudget);
    const auto answer =
        copy_.Answer(question, [this](const std::string& path) { return OpenRecord(path); });
    if (!control_.Write(FrameLength(answer.size()) + answer)) return false;
    control_.Arm();
    return true;
  }

  // Takes the record file a tee started without one; the answer is empty, or why it cannot.
  std::string OpenRecord(const std::string& path) {
    std::string why;
    auto record = windows::OpenRecordFile(path, why);
    if (!record) return "cannot open " + path + ": " + why;
    windows::LockWriterMark(record.get(), 0);
    if (record_ != nullptr) CloseHandle(record_);
    record_ = record.release();
    return {};
  }

  [[noreturn]] void Finish() {
    Drain(kTeeLastReadBudget);
    const auto records = copy_.Finish();
    if (record_ != nullptr && !records.empty()) windows::WriteAll(record_, records);
    ExitProcess(0);
  }

  CopierHandles given_;
  OverlappedPipe out_;
  OverlappedPipe err_;
  OverlappedPipe control_;
  HANDLE record_;
  TeeCopy copy_;
};

// Starts the copier: this program again, inheriting only what `given` names, without a console
// and with no standard handles (nothing the program prints before it becomes the copier is
// seen). The handles in `given` are this process's; the copier's values replace them.
bool StartCopier(CopierHandles given, std::string& why) {
  windows::InheritedHandles inherited;
  for (HANDLE* handle : {&given.process, &given.out, &given.err, &given.control, &given.record,
                         &given.console_out, &given.console_err}) {
    *handle = inherited.Add(*handle);
  }
  STARTUPINFOEXW startup{};
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  if (!inherited.Attach(startup, why)) return false;
  auto environment =
      windows::EnvironmentBlockWith({{windows::Narrow(kCopierVariable), Encode(given)}});
  const auto program = windows::ModuleFileName(nullptr);
  auto command_line = L"\"" + program + L"\"";
  PROCESS_INFORMATION started{};
  if (!CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, inherited.inherit(),
                      DETACHED_PROCESS | CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT,
                      environment.data(), nullptr, &startup.StartupInfo, &started)) {
    why = "cannot start the copier: " + windows::LastError();
    return false;
  }
  CloseHandle(started.hThread);
  CloseHandle(started.hProcess);
  return true;
}

// Whether standard output and error go to one place, so that one pipe keeps their order
// exactly: one handle, or two for the same pipe or device (`2>&1`, a runner's single pipe). A
// file opened twice is two places, each with its own position.
bool OneDestination(HANDLE out, HANDLE err) {
  if (out == err) return true;
  using Compare = BOOL(WINAPI*)(HANDLE, HANDLE);
  static const auto compare = reinterpret_cast<Compare>(reinterpret_cast<void*>(
      GetProcAddress(GetModuleHandleW(L"kernelbase.dll"), "CompareObjectHandles")));
  return compare != nullptr && GetFileType(out) != FILE_TYPE_DISK && compare(out, err);
}

// Makes C runtime descriptor `fd` (1, 2) and the system's standard handle `which` write to
// `handle`, keeping the descriptor's text or binary mode.
void Redirect(int fd, DWORD which, HANDLE handle) {
  const int mode = _setmode(fd, _O_BINARY);
  HANDLE duplicate = nullptr;
  if (DuplicateHandle(GetCurrentProcess(), handle, GetCurrentProcess(), &duplicate, 0, TRUE,
                      DUPLICATE_SAME_ACCESS)) {
    const int temporary = _open_osfhandle(reinterpret_cast<intptr_t>(duplicate), _O_WRONLY);
    if (temporary >= 0) {
      _dup2(temporary, fd);
      _close(temporary);
    } else {
      CloseHandle(duplicate);
    }
  }
  if (mode >= 0) _setmode(fd, mode);
  SetStdHandle(which, reinterpret_cast<HANDLE>(_get_osfhandle(fd)));
}

}  // namespace

bool StandardStreamIsTerminal() {
  for (const DWORD stream : {STD_OUTPUT_HANDLE, STD_ERROR_HANDLE}) {
    DWORD mode = 0;
    if (GetConsoleMode(GetStdHandle(stream), &mode)) return true;
  }
  return false;
}

void ServeAsCopierWhenStartedAsOne(TeeObserverMaker make) {
  const auto value = EnvironmentVariable(windows::Narrow(kCopierVariable));
  if (!value) return;
  SetEnvironmentVariableW(kCopierVariable, nullptr);
  CopierHandles given;
  if (!Decode(*value, given) || !Plausible(given)) {
    std::fputs(
        "gtest-webhook: GTEST_WEBHOOK_TEE_COPIER is gtest-webhook's own and names no "
        "copier here; it is ignored\n",
        stderr);
    return;
  }
  auto observer = make(given.recipe);
  if (!observer) ExitProcess(1);
  windows::MarkAsTeeCopier();
  Copier(std::move(observer), given).Run();
}

std::unique_ptr<OutputTee> OutputTee::Start(TeeObserverMaker /*make*/, const std::string& recipe,
                                            const std::string& record_file, std::string& why) {
  const HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  const HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
  if (out == nullptr || out == INVALID_HANDLE_VALUE || err == nullptr ||
      err == INVALID_HANDLE_VALUE) {
    why = "standard output or error is closed";
    return nullptr;
  }
  Handle record;
  if (!record_file.empty() && !(record = windows::OpenRecordFile(record_file, why))) {
    why = "cannot open " + record_file + ": " + why;
    return nullptr;
  }
  const bool one = OneDestination(out, err);
  windows::TeePipe out_pipe;
  windows::TeePipe err_pipe;
  windows::TeePipe control;
  if (!out_pipe.Make(false, why) || (!one && !err_pipe.Make(false, why)) ||
      !control.Make(true, why)) {
    return nullptr;
  }
  HANDLE self = nullptr;  // what the copier waits for, and asks the id of
  DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &self,
                  SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, 0);
  const Handle process(self);
  CopierHandles given{GetCurrentProcessId(),
                      process.get(),
                      out_pipe.server.get(),
                      err_pipe.server.get(),
                      control.server.get(),
                      record.get(),
                      out,
                      err,
                      RandomMarkToken(),
                      recipe};
  std::fflush(nullptr);
  if (!StartCopier(given, why)) return nullptr;
  std::unique_ptr<OutputTee> tee(new OutputTee());
  tee->original_out_ = _dup(1);
  tee->original_err_ = _dup(2);
  Redirect(1, STD_OUTPUT_HANDLE, out_pipe.client.get());
  Redirect(2, STD_ERROR_HANDLE, one ? out_pipe.client.get() : err_pipe.client.get());
  tee->marks_ = out_pipe.client.release();
  tee->err_marks_ = err_pipe.client.release();  // none when both share the pipe
  tee->control_ = control.client.release();
  tee->mark_ = given.token + std::string(4, '\0');
  return tee;
}

OutputTee::~OutputTee() {
  for (NativeFile* handle : {&marks_, &err_marks_, &control_}) {
    if (*handle != kNoFile) CloseHandle(std::exchange(*handle, kNoFile));
  }
}

void OutputTee::Mark(std::uint32_t number) {
  std::fflush(stdout);
  std::fflush(stderr);
  for (std::size_t i = 0; i < 4; ++i) {
    mark_[MarkScanner::kTokenSize + i] = static_cast<char>((number >> (8U * i)) & 0xFFU);
  }
  windows::WriteAll(marks_, mark_);
  if (err_marks_ != kNoFile) windows::WriteAll(err_marks_, mark_);
}

void OutputTee::Sync() {
  if (broken_) return;
  std::string answer;
  windows::AskPipe(control_, std::string_view(kSyncFrame, sizeof kSyncFrame), 4, 2000, answer);
  broken_ = true;  // nothing more is asked: the process is ending
}

std::optional<std::string> OutputTee::Ask(std::string_view question,
                                          std::chrono::milliseconds wait) {
  if (!ReadyToAsk()) return std::nullopt;
  const auto until = GetTickCount64() + static_cast<std::uint64_t>(wait.count());
  const auto remaining = [until] {
    const auto now = GetTickCount64();
    return static_cast<DWORD>(now >= until ? 0 : std::min<std::uint64_t>(until - now, 0x7FFFFFFF));
  };
  std::string length;
  std::string answer;
  if (windows::AskPipe(control_, FrameLength(question.size()) + std::string(question), 4,
                       remaining(), length) &&
      windows::AskPipe(control_, {}, FrameLengthOf(length.data()), remaining(), answer)) {
    return answer;
  }
  broken_ = true;
  return std::nullopt;
}

void OutputTee::Stop() {
  std::fflush(nullptr);
  Sync();
  if (original_out_ >= 0 && original_err_ >= 0) {
    _dup2(original_out_, 1);
    _dup2(original_err_, 2);
    SetStdHandle(STD_OUTPUT_HANDLE, reinterpret_cast<HANDLE>(_get_osfhandle(1)));
    SetStdHandle(STD_ERROR_HANDLE, reinterpret_cast<HANDLE>(_get_osfhandle(2)));
  }
  for (int* fd : {&original_out_, &original_err_}) {
    if (*fd >= 0) _close(std::exchange(*fd, -1));
  }
  for (NativeFile* handle : {&marks_, &err_marks_, &control_}) {
    if (*handle != kNoFile) CloseHandle(std::exchange(*handle, kNoFile));
  }
}

}  // namespace gtest_webhook::platform
