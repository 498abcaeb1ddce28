#pragma once

// Files, as gtest-webhook needs them. The POSIX implementation is in posix/; a port to another
// system implements these declarations (and those of the other headers here) and nothing else.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace gtest_webhook::platform {

/// The file name of this process's executable (`unit_tests`); "gtest" when it cannot be told.
std::string ExecutableName();

/// This machine's host name; empty when it cannot be told.
std::string HostName();

/// This process's id.
std::int64_t ProcessId();

/// Creates `path` and its missing parents (`mkdir -p`) with `mode`. False, with `why`, when it
/// cannot or `path` is not a directory.
bool MakeDirectories(const std::string& path, unsigned mode, std::string& why);

/// Writes a file that readers see whole or not at all: into a temporary file beside it, renamed
/// over it by Commit (through a symbolic link, over the file it names). What is not a regular
/// file is never replaced: a device (/dev/full) or a pipe is written in place, and a name for
/// one of this process's streams (/dev/stdout, /dev/fd/N) is appended to.
class FileWriter {
 public:
  /// nullptr, with `why`, when it cannot be written. `mode` is the new file's permissions.
  static std::unique_ptr<FileWriter> Open(const std::string& path, unsigned mode, std::string& why);
  /// Removes the temporary file unless Commit succeeded.
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  /// Writes `bytes`; a failure is kept and reported by Commit.
  void Write(std::string_view bytes);
  /// Flushes the file to disk (unless `sync` is false: then a crash of the machine may leave
  /// an empty or partial file, never one that readers see half-written while it runs) and puts
  /// it in place; empty, or what went wrong.
  std::string Commit(bool sync = true);

 private:
  FileWriter() = default;
  std::string path_;
  std::string temp_;  // empty when writing in place
  int fd_ = -1;
  std::string error_;
  bool committed_ = false;
};

/// Appends `bytes` to `path` (created when missing) with one write, so that lines that
/// concurrent processes append never interleave. Empty, or what went wrong.
std::string AppendToFile(const std::string& path, std::string_view bytes);

/// An exclusive lock on a lock file of its own at `path`, for processes that share a directory
/// (concurrent test binaries). Released, and the lock file removed, when the object goes; one
/// that waited on a removed lock file tries again with the new one.
class FileLock {
 public:
  /// Waits until `deadline` for the lock; nullptr, with `why`, when it cannot be had.
  static std::unique_ptr<FileLock> Acquire(const std::string& path,
                                           std::chrono::steady_clock::time_point deadline,
                                           std::string& why);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  FileLock() = default;
  std::string path_;
  int fd_ = -1;
};

/// The calendar time in UTC of `seconds` since the Unix epoch.
std::tm UtcCalendar(std::time_t seconds);

/// The seconds since the Unix epoch of a calendar time in UTC; -1 when it is not one.
std::time_t FromUtcCalendar(std::tm calendar);

/// A new private directory under the system's temporary directory, removed with everything in
/// it when the object goes.
class TempDirectory {
 public:
  /// nullptr, with `why`, when none can be made. `prefix` starts its name.
  static std::unique_ptr<TempDirectory> Create(const std::string& prefix, std::string& why);
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  TempDirectory() = default;
  std::string path_;
};

/// A file that one process appends records to, each ending with a newline, so that another
/// process can read every complete record however the writer ends: the records live in a
/// shared memory mapping of the file, which the kernel keeps when the process dies (even by
/// SIGKILL), and appending never writes to disk. Space is allocated ahead in growing steps, and
/// space never written reads as zeros. The file appears under its name only once its first
/// record is complete, and while the writer lives it holds a lock that IsBeingWritten sees.
class AppendFile {
 public:
  /// Creates `directory`/`name` with `first_record` in it. nullptr, with `why`, when it cannot.
  static std::unique_ptr<AppendFile> Create(const std::string& directory, const std::string& name,
                                            std::string_view first_record, std::string& why);
  ~AppendFile();
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  /// Appends `record` and a newline; thread-safe. False when the file cannot grow to hold it
  /// (the disk is full): then nothing is written.
  bool Append(std::string_view record);

  /// Appends the concatenation of `parts` and a newline into the space kept in reserve, for a
  /// signal handler or a last record after Append failed: async-signal-safe, never allocates
  /// or grows. False when it does not fit or the file is closed.
  bool AppendReserved(std::string_view first, std::string_view second = {},
                      std::string_view third = {});

  /// Cuts the file to what was written, drops the lock and closes it; appending afterwards
  /// does nothing.
  void Close();

  const std::string& path() const { return path_; }

 private:
  AppendFile() = default;
  bool Grow(std::uint64_t needed);

  std::string path_;
  int fd_ = -1;
  char* base_ = nullptr;
  std::uint64_t window_ = 0;
  std::mutex grow_;
  std::atomic<std::uint64_t> reserved_{0};
  std::atomic<std::uint64_t> capacity_{0};
  std::atomic<bool> open_{false};
};

/// True when the process that writes `path` (an AppendFile) still runs.
bool IsBeingWritten(const std::string& path);

}  // namespace gtest_webhook::platform
