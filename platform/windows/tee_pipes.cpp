// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/windows/tee_pipes.h"

#include <algorithm>
#include <atomic>
#include <random>

#include "platform/windows/text.h"

namespace gtest_webhook::platform::windows {
namespace {

// Room for bursts, so that a test rarely waits for the copier.
constexpr DWORD kPipeSize = 1U << 20U;

}  // namespace

bool TeePipe::Make(bool duplex, std::string& why) {
  // A name no other process guesses: one that made it first would keep us from connecting (the
  // pipe has one instance), and capture would be off with a line saying so.
  static std::atomic<unsigned> made{0};
  std::random_device random;
  const auto name = L"\\\\.\\pipe\\gtest-webhook-tee-" + std::to_wstring(GetCurrentProcessId()) +
                    L"-" + std::to_wstring(made++) + L"-" + std::to_wstring(random()) +
                    std::to_wstring(random());
  server = Handle(
      CreateNamedPipeW(name.c_str(),
                       (duplex ? PIPE_ACCESS_DUPLEX : PIPE_ACCESS_INBOUND) | FILE_FLAG_OVERLAPPED |
                           FILE_FLAG_FIRST_PIPE_INSTANCE,
                       PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                       1, kPipeSize, kPipeSize, 0, nullptr));
  if (!server) {
    why = "no pipe: " + LastError();
    return false;
  }
  client =
      Handle(CreateFileW(name.c_str(), duplex ? GENERIC_READ | GENERIC_WRITE : GENERIC_WRITE, 0,
                         nullptr, OPEN_EXISTING, duplex ? FILE_FLAG_OVERLAPPED : 0, nullptr));
  if (!client) {
    why = "cannot connect a pipe: " + LastError();
    server.Close();
    return false;
  }
  return true;
}

OverlappedPipe::OverlappedPipe(HANDLE pipe)
    : pipe_(pipe), event_(CreateEventW(nullptr, TRUE, FALSE, nullptr)), open_(pipe != nullptr) {
  overlapped_.hEvent = event_.get();
}

OverlappedPipe::~OverlappedPipe() {
  if (pending_) CancelIoEx(pipe_, &overlapped_);
}

void OverlappedPipe::Ended() {
  open_ = false;
  pending_ = false;
  ResetEvent(event_.get());  // never signaled again: the copier does not wake for it
}

void OverlappedPipe::Arm() {
  if (!open_ || pending_) return;
  ResetEvent(event_.get());
  if (ReadFile(pipe_, &first_, 1, nullptr, &overlapped_) || GetLastError() == ERROR_IO_PENDING) {
    pending_ = true;
  } else {
    Ended();
  }
}

bool OverlappedPipe::TakePending(std::string& bytes, bool wait) {
  if (!pending_) return open_;
  DWORD read = 0;
  if (!GetOverlappedResult(pipe_, &overlapped_, &read, wait ? TRUE : FALSE)) {
    if (GetLastError() == ERROR_IO_INCOMPLETE) return true;  // nothing written yet
    Ended();
    return false;
  }
  pending_ = false;
  if (read == 1) bytes += first_;
  return true;
}

bool OverlappedPipe::Read(char* data, std::size_t size, DWORD& read) {
  ResetEvent(event_.get());
  const auto piece = static_cast<DWORD>(std::min<std::size_t>(size, kPipeSize));
  if (!ReadFile(pipe_, data, piece, nullptr, &overlapped_) && GetLastError() != ERROR_IO_PENDING) {
    Ended();
    return false;
  }
  if (!GetOverlappedResult(pipe_, &overlapped_, &read, TRUE)) {
    Ended();
    return false;
  }
  return true;
}

void OverlappedPipe::ReadAvailable(std::string& bytes, std::size_t budget) {
  if (!open_ || !TakePending(bytes, false) || pending_) return;
  while (bytes.size() < budget) {
    DWORD available = 0;
    if (!PeekNamedPipe(pipe_, nullptr, 0, nullptr, &available, nullptr)) {
      Ended();
      return;
    }
    if (available == 0) return;
    const auto had = bytes.size();
    bytes.resize(had + std::min<std::size_t>(available, budget - had));
    DWORD read = 0;
    const bool ok = Read(bytes.data() + had, bytes.size() - had, read);
    bytes.resize(had + read);
    if (!ok) return;
  }
}

bool OverlappedPipe::ReadExactly(std::string& bytes, std::size_t size) {
  bytes.clear();
  if (!TakePending(bytes, true)) return false;
  while (bytes.size() < size) {
    const auto had = bytes.size();
    bytes.resize(size);
    DWORD read = 0;
    if (!Read(bytes.data() + had, size - had, read)) return false;
    bytes.resize(had + read);
  }
  return true;
}

bool OverlappedPipe::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    ResetEvent(event_.get());
    DWORD written = 0;
    const auto piece = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), kPipeSize));
    if ((!WriteFile(pipe_, bytes.data(), piece, nullptr, &overlapped_) &&
         GetLastError() != ERROR_IO_PENDING) ||
        !GetOverlappedResult(pipe_, &overlapped_, &written, TRUE) || written == 0) {
      return false;
    }
    bytes.remove_prefix(written);
  }
  return true;
}

bool AskPipe(HANDLE pipe, std::string_view question, std::size_t size, DWORD wait_ms,
             std::string& answer) {
  const Handle event(CreateEventW(nullptr, TRUE, FALSE, nullptr));
  OVERLAPPED overlapped{};
  overlapped.hEvent = event.get();
  DWORD done = 0;
  if (!question.empty()) {
    if ((!WriteFile(pipe, question.data(), static_cast<DWORD>(question.size()), nullptr,
                    &overlapped) &&
         GetLastError() != ERROR_IO_PENDING) ||
        !GetOverlappedResult(pipe, &overlapped, &done, TRUE) || done != question.size()) {
      return false;
    }
  }
  answer.assign(size, '\0');
  for (std::size_t got = 0; got < size; got += done) {
    ResetEvent(event.get());
    if (!ReadFile(pipe, answer.data() + got, static_cast<DWORD>(size - got), nullptr,
                  &overlapped) &&
        GetLastError() != ERROR_IO_PENDING) {
      return false;
    }
    if (WaitForSingleObject(event.get(), wait_ms) != WAIT_OBJECT_0) {
      CancelIoEx(pipe, &overlapped);
      GetOverlappedResult(pipe, &overlapped, &done, TRUE);
      return false;
    }
    if (!GetOverlappedResult(pipe, &overlapped, &done, FALSE) || done == 0) return false;
  }
  return true;
}

Handle OpenRecordFile(const std::string& path, std::string& why) {
  if (IsDeviceName(path)) {
    why = "a device, not a file";
    return {};
  }
  auto record = OpenFile(path, GENERIC_READ | FILE_APPEND_DATA, OPEN_EXISTING, false, why);
  if (record && KindOf(record.get()) != Kind::kFile) {
    why = "it is " + KindWords(KindOf(record.get())) + ", not a file";
    return {};
  }
  return record;
}

namespace {

std::wstring CopierMarkName(DWORD pid) {
  return L"Local\\gtest-webhook-tee-" + std::to_wstring(pid);
}

}  // namespace

void MarkAsTeeCopier() {
  // Never closed: it goes with the process.
  CreateEventW(nullptr, TRUE, FALSE, CopierMarkName(GetCurrentProcessId()).c_str());
}

bool IsTeeCopier(DWORD pid) {
  const Handle mark(OpenEventW(SYNCHRONIZE, FALSE, CopierMarkName(pid).c_str()));
  return static_cast<bool>(mark);
}

std::wstring ModuleFileName(HMODULE module) {
  std::wstring file(MAX_PATH, L'\0');
  while (true) {
    const DWORD length = GetModuleFileNameW(module, file.data(), static_cast<DWORD>(file.size()));
    if (length == 0) return {};
    if (length < file.size()) {
      file.resize(length);
      return file;
    }
    if (file.size() >= 32768) return {};
    file.resize(file.size() * 2);
  }
}

}  // namespace gtest_webhook::platform::windows
