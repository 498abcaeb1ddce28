// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Files on Windows (docs/platforms.md): access lists in place of mode bits, a file replaced by
// MoveFileEx, appends with FILE_APPEND_DATA, and devices (NUL, CON, pipes) never read.

#include "platform/files.h"

#include <cstdio>
#include <filesystem>
#include <random>

#include "platform/common/reading.h"
#include "platform/windows/handles.h"
#include "platform/windows/tee_pipes.h"
#include "platform/windows/text.h"

namespace gtest_webhook::platform {

using windows::Handle;
using windows::Kind;

std::string ExecutableName() {
  const auto file = windows::ModuleFileName(nullptr);
  return file.empty() ? "gtest" : ProgramNameOf(windows::Narrow(file));
}

std::string FileNameOf(const std::string& path) {
  return path.substr(path.find_last_of("\\/") + 1);
}

std::string ProgramNameOf(const std::string& path) {
  auto name = FileNameOf(path);
  // As GoogleTest names it (unit_tests, not unit_tests.exe), so that reports agree everywhere.
  const auto dot = name.rfind('.');
  if (dot != std::string::npos && _stricmp(name.c_str() + dot, ".exe") == 0) name.resize(dot);
  return name;
}

std::string UserCacheDirectory(const VariableLookup& variable, std::string& why) {
  const std::string local = variable("LOCALAPPDATA").value_or("");
  std::error_code error;
  if (local.empty() || !std::filesystem::u8path(local).is_absolute()) {
    why = "LOCALAPPDATA is not set";
  } else if (!std::filesystem::is_directory(std::filesystem::u8path(local), error)) {
    why = "LOCALAPPDATA '" + local + "' is not a directory";
  } else {
    return local;
  }
  return {};
}

std::string HostName() {
  wchar_t host[256];
  DWORD size = 256;
  return GetComputerNameExW(ComputerNameDnsHostname, host, &size)
             ? windows::Narrow(std::wstring(host, size))
             : std::string();
}

std::int64_t ProcessId() { return GetCurrentProcessId(); }

bool MakeDirectories(const std::string& path, Access access, std::string& why) {
  // Each parent in turn: `C:\`, `\\server\share\` and the like are there or not, never made.
  for (std::size_t end = path.find_first_of("\\/", 1); end != std::string::npos;
       end = path.find_first_of("\\/", end + 1)) {
    const auto partial = path.substr(0, end);
    if (partial.empty() || partial.back() == ':' || partial.back() == '\\' ||
        partial.back() == '/') {
      continue;
    }
    CreateDirectoryW(windows::Wide(partial).c_str(), windows::AttributesFor(access));
  }
  if (!CreateDirectoryW(windows::Wide(path).c_str(), windows::AttributesFor(access)) &&
      GetLastError() != ERROR_ALREADY_EXISTS) {
    why = windows::LastError();
    return false;
  }
  const DWORD attributes = GetFileAttributesW(windows::Wide(path).c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES || (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
    why = "not a directory";
    return false;
  }
  return true;
}

namespace {

// Opens `path` to read it as a regular file of at most `limit` bytes, following a link to it;
// empty, with `why` and `outcome`, when it is none. A device is refused by its name, unopened.
Handle OpenToRead(const std::string& path, std::uint64_t limit, std::string& why,
                  ReadOutcome& outcome) {
  outcome = ReadOutcome::kRefused;
  if (windows::IsDeviceName(path)) {
    why = "it names a device, which is not opened, not a regular file";
    return {};
  }
  auto handle = windows::OpenFile(path, GENERIC_READ, OPEN_EXISTING, true, why);
  if (!handle) {
    const auto error = GetLastError();
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) {
      outcome = ReadOutcome::kMissing;
    }
    return {};
  }
  const auto kind = windows::KindOf(handle.get());
  why = kind == Kind::kFile
            ? TooLarge(static_cast<std::uint64_t>(windows::SizeOf(handle.get())), limit)
            : "it is " + windows::KindWords(kind) + ", not a regular file";
  if (!why.empty()) return {};
  outcome = ReadOutcome::kRead;
  return handle;
}

// Opens what is written in place rather than replaced (a device such as NUL or CON); empty,
// with `why`, for anything else that is not a regular file. `disposition` creates a file.
Handle OpenInPlace(const std::string& path, DWORD access, DWORD disposition, std::string& why) {
  const auto kind = windows::KindAt(path);
  if (kind == Kind::kDirectory) {
    why = "it is a directory, not a file";
    return {};
  }
  auto handle = windows::OpenFile(path, access, kind == Kind::kDevice ? OPEN_EXISTING : disposition,
                                  true, why);
  if (handle && windows::KindOf(handle.get()) == Kind::kPipe) {
    why = "it is a pipe, not a file";  // whose reader could keep a write waiting without end
    return {};
  }
  return handle;
}

}  // namespace

ReadOutcome ReadRegularFile(const std::string& path, std::uint64_t limit, std::string& bytes,
                            std::string& why) {
  ReadOutcome outcome{};
  const auto handle = OpenToRead(path, limit, why, outcome);
  if (!handle) return outcome;
  return ReadBounded(windows::PieceReader(handle.get()), limit, bytes, why) ? ReadOutcome::kRead
                                                                            : ReadOutcome::kRefused;
}

bool FileHoldsAny(const std::string& path, const std::vector<std::string_view>& needles,
                  std::uint64_t limit) {
  std::string why;
  ReadOutcome outcome{};
  const auto handle = OpenToRead(path, UINT64_MAX, why, outcome);
  return handle && HoldsAny(windows::PieceReader(handle.get()), needles, limit);
}

bool ReadFileOrStandardInput(const std::string& path, std::uint64_t limit, std::string& bytes,
                             std::string& why) {
  if (path.empty() || path == "-") {
    return ReadBounded(windows::PieceReader(GetStdHandle(STD_INPUT_HANDLE)), limit, bytes, why);
  }
  return ReadRegularFile(path, limit, bytes, why) == ReadOutcome::kRead;
}

std::unique_ptr<FileWriter> FileWriter::Open(const std::string& path, Access access,
                                             std::string& why) {
  std::unique_ptr<FileWriter> writer(new FileWriter());
  writer->path_ = path;
  // Through a symbolic link, what is replaced is the file it names; the link stays.
  if (windows::KindAt(path) == Kind::kLink) {
    std::error_code error;
    const auto target = std::filesystem::canonical(std::filesystem::u8path(path), error);
    if (!error) writer->path_ = target.u8string();
  }
  const auto kind = windows::KindAt(writer->path_);
  Handle handle;
  if (kind != Kind::kMissing && kind != Kind::kFile) {
    handle = OpenInPlace(writer->path_, GENERIC_WRITE, OPEN_EXISTING, why);
  } else {
    writer->temp_ = writer->path_ + windows::TemporaryName("");
    handle = Handle(CreateFileW(windows::Wide(writer->temp_).c_str(), GENERIC_WRITE, 0,
                                windows::AttributesFor(access), CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
                                nullptr));
    if (!handle) why = windows::LastError();
  }
  if (!handle) {
    writer->temp_.clear();
    return nullptr;
  }
  writer->fd_ = handle.release();
  return writer;
}

FileWriter::~FileWriter() {
  if (fd_ != kNoFile) CloseHandle(fd_);
  if (!committed_ && !temp_.empty()) DeleteFileW(windows::Wide(temp_).c_str());
}

void FileWriter::Write(std::string_view bytes) {
  if (error_.empty()) error_ = windows::WriteAll(fd_, bytes);
}

std::string FileWriter::Commit(bool sync) {
  if (sync && error_.empty() && !temp_.empty() && !FlushFileBuffers(fd_)) {
    error_ = windows::LastError();
  }
  if (!CloseHandle(fd_) && error_.empty()) error_ = windows::LastError();
  fd_ = kNoFile;
  // In a Directory, the path names a file in it; a symbolic link there is replaced, not
  // followed (a rename replaces the name, whatever it is).
  if (error_.empty() && !temp_.empty()) error_ = windows::ReplaceFile(temp_, path_);
  committed_ = error_.empty();
  return error_;
}

std::string AppendToFile(const std::string& path,
                         const std::function<std::string(std::uint64_t held)>& bytes) {
  std::string why;
  // FILE_APPEND_DATA alone: every write goes to the end, as one, whoever else appends.
  const auto handle = OpenInPlace(path, FILE_APPEND_DATA | SYNCHRONIZE, OPEN_ALWAYS, why);
  if (!handle) return why;
  const auto size =
      windows::KindOf(handle.get()) == Kind::kFile ? windows::SizeOf(handle.get()) : 0;
  return windows::WriteAll(handle.get(), bytes(static_cast<std::uint64_t>(size < 0 ? 0 : size)));
}

std::string AppendToFile(const std::string& path, std::string_view bytes) {
  return AppendToFile(path, [bytes](std::uint64_t) { return std::string(bytes); });
}

std::tm UtcCalendar(std::time_t seconds) {
  std::tm calendar{};
  gmtime_s(&calendar, &seconds);
  return calendar;
}

std::time_t FromUtcCalendar(std::tm calendar) { return _mkgmtime(&calendar); }

std::unique_ptr<TempDirectory> TempDirectory::Create(const std::string& prefix, std::string& why) {
  std::error_code error;
  const auto base = std::filesystem::temp_directory_path(error);
  if (error) {
    why = error.message();
    return nullptr;
  }
  std::mt19937_64 random{std::random_device{}()};
  for (int attempt = 0; attempt < 100; ++attempt) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%06llx",
                  static_cast<unsigned long long>(random() & 0xffffffULL));
    const auto path = (base / std::filesystem::u8path(prefix + suffix)).u8string();
    if (CreateDirectoryW(windows::Wide(path).c_str(), windows::AttributesFor(Access::kPrivate))) {
      std::unique_ptr<TempDirectory> directory(new TempDirectory());
      directory->path_ = path;
      return directory;
    }
    if (GetLastError() != ERROR_ALREADY_EXISTS) break;
  }
  why = windows::LastError();
  return nullptr;
}

TempDirectory::~TempDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(std::filesystem::u8path(path_), ignored);
}

}  // namespace gtest_webhook::platform
