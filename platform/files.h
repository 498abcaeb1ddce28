// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Files, as gtest-webhook needs them. The POSIX implementation is in posix/; a port to another
// system implements these declarations (and those of the other headers here) and nothing else.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gtest_webhook::platform {

/// An open file as the system knows it (libuv's uv_os_fd_t): a descriptor on POSIX, a HANDLE on
/// Windows. Held only in the private parts of the classes below.
#ifdef _WIN32
using NativeFile = void*;
inline constexpr NativeFile kNoFile = nullptr;
#else
using NativeFile = int;
inline constexpr NativeFile kNoFile = -1;
#endif

/// The file name of this process's executable (`unit_tests`); "gtest" when it cannot be told.
std::string ExecutableName();

/// The last component of `path`: after its last `/` (on Windows, `\` too).
std::string FileNameOf(const std::string& path);

/// A program's name as reports give it (`unit_tests`): FileNameOf its path, without Windows'
/// `.exe`, as GoogleTest names it.
std::string ProgramNameOf(const std::string& path);

/// How a variable of the environment is read (so that tests can give their own).
using VariableLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The user's directory for caches, where gtest-webhook keeps its state by default:
/// `$XDG_CACHE_HOME` or `$HOME/.cache` on POSIX, `%LOCALAPPDATA%` on Windows. Empty, with `why`
/// naming the variable, when there is none.
std::string UserCacheDirectory(const VariableLookup& variable, std::string& why);

/// This machine's host name; empty when it cannot be told.
std::string HostName();

/// This process's id.
std::int64_t ProcessId();

/// Who may read what gtest-webhook creates (in place of a system's permission bits).
enum class Access {
  /// Only this user: the state directory and what it holds (files 0600, directories 0700 on
  /// POSIX).
  kPrivate,
  /// Every user may read it: a report, a page, a build's collect directory (files 0644,
  /// directories 0777 less the umask on POSIX).
  kShared,
};

/// Creates `path` and its missing parents (`mkdir -p`) with `access`. False, with `why`, when it
/// cannot or `path` is not a directory.
bool MakeDirectories(const std::string& path, Access access, std::string& why);

/// How long a write to a pipe, FIFO or terminal may wait for its reader to take the bytes.
inline constexpr std::chrono::seconds kStreamWriteWait{10};

/// How reading a file went.
enum class ReadOutcome {
  kRead,
  /// There is no such file.
  kMissing,
  /// It is not a regular file (a FIFO, a device, a directory, a symbolic link where links are
  /// not followed), is larger than the bound, or cannot be read; the reason says which.
  kRefused,
};

/// Reads the regular file at `path` whole when it holds at most `limit` bytes. A FIFO or device
/// is refused without being opened for long (it can neither block nor feed us without end).
ReadOutcome ReadRegularFile(const std::string& path, std::uint64_t limit, std::string& bytes,
                            std::string& why);

/// Whether the regular file at `path` holds one of `needles` (each not empty) in its first
/// `limit` bytes, read a piece at a time; false when it does not, or cannot be read.
bool FileHoldsAny(const std::string& path, const std::vector<std::string_view>& needles,
                  std::uint64_t limit);

/// Reads the regular file at `path` as ReadRegularFile does, or, when `path` is empty or `-`, this
/// process's standard input to its end; at most `limit` bytes. False, with `why`, when it
/// holds more or cannot be read.
bool ReadFileOrStandardInput(const std::string& path, std::uint64_t limit, std::string& bytes,
                             std::string& why);

/// "64 MiB", "1 KiB", "12 bytes": a size bound, for messages.
std::string DescribeBytes(std::uint64_t bytes);

class FileLock;

/// Writes a file that readers see whole or not at all: into a temporary file beside it, renamed
/// over it by Commit. For a path a user named (Open), a symbolic link is followed and the file it
/// names is replaced; what is not a regular file is never replaced: a character device
/// (/dev/null) or a FIFO is written in place, without ever blocking on a FIFO that no process
/// reads, a name for one of this process's streams (/dev/stdout, /dev/fd/N) is appended to, and
/// anything else (a directory, a block device) is refused. In a Directory, nothing is followed.
class FileWriter {
 public:
  /// nullptr, with `why`, when it cannot be written. `access` is who may read a new file.
  static std::unique_ptr<FileWriter> Open(const std::string& path, Access access, std::string& why);
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
  friend class Directory;
  FileWriter() = default;
  std::string path_;                   // what is replaced: a path, or a name in directory_fd_
  std::string temp_;                   // empty when writing in place
  NativeFile directory_fd_ = kNoFile;  // POSIX only: Windows names the files by their paths
  NativeFile fd_ = kNoFile;
  std::string error_;
  bool committed_ = false;
};

/// Appends `bytes` to `path` (created when missing) with one write, so that lines that
/// concurrent processes append never interleave. A FIFO that no process reads, a directory or a
/// device other than a character device is refused. Empty, or what went wrong.
std::string AppendToFile(const std::string& path, std::string_view bytes);

/// The same, with the bytes made by `bytes` from what the file already holds (its size when
/// opened; 0 for a character device): for a file whose whole size is bounded.
std::string AppendToFile(const std::string& path,
                         const std::function<std::string(std::uint64_t held)>& bytes);

/// Who may write in a directory that gtest-webhook keeps files in.
enum class DirectoryUse {
  /// Only its owner, as ssh wants of ~/.ssh (the state directory): owned by this user (or root),
  /// writable by neither its group nor others. Created with mode 0700.
  kPrivate,
  /// The test processes of a build (a collect directory): owned by this user (or root), not
  /// writable by every user. Created with mode 0777 less the umask.
  kBuild,
};

/// A directory used through a descriptor of its own, so that nothing in it is reached through
/// a symbolic link: files are read, replaced, locked, listed and removed by their names in it,
/// and a symbolic link found where a file, lock or directory of ours should be is never followed.
/// Such a link is replaced by our own file (writing), removed and replaced (a lock or a
/// subdirectory) or refused (reading), and said in a note.
class Directory {
 public:
  /// Opens `path`, creating it and its missing parents; nullptr, with `why` (which does not
  /// repeat the path), when it cannot, or when `use` does not trust it (`why` then says how to
  /// fix it).
  static std::unique_ptr<Directory> Open(const std::string& path, DirectoryUse use,
                                         std::string& why);
  ~Directory();
  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;

  const std::string& path() const { return path_; }
  /// `path()/name`, for messages.
  std::string PathOf(const std::string& name) const { return path_ + "/" + name; }

  /// The subdirectory `name`, created (mode 0700) when missing and `create`; nullptr, with `why`,
  /// when it cannot be had (when it is missing and not `create`, `why` is empty). A symbolic link
  /// in its place is removed when `create`, with a note.
  std::unique_ptr<Directory> Child(const std::string& name, bool create, std::string& why,
                                   std::vector<std::string>& notes) const;

  /// Reads the regular file `name` whole when it holds at most `limit` bytes; a symbolic link is
  /// refused.
  ReadOutcome Read(const std::string& name, std::uint64_t limit, std::string& bytes,
                   std::string& why) const;
  /// The first `count` bytes of the regular file `name` (all of it when it is shorter), and its
  /// whole `size`; a symbolic link is refused.
  ReadOutcome ReadStart(const std::string& name, std::uint64_t count, std::string& bytes,
                        std::uint64_t& size, std::string& why) const;

  /// A FileWriter that replaces `name` (a symbolic link there included: the link, not what it
  /// names) with a new file that `access` may read.
  std::unique_ptr<FileWriter> Write(const std::string& name, Access access, std::string& why) const;

  /// An exclusive lock on the lock file `name`, waiting until `deadline`; nullptr, with `why`,
  /// when it cannot be had. A symbolic link in its place is removed, with a note.
  std::unique_ptr<FileLock> Lock(const std::string& name,
                                 std::chrono::steady_clock::time_point deadline, std::string& why,
                                 std::vector<std::string>& notes) const;

  /// The names in it (not `.` and `..`); false, with `why`, when it cannot be read.
  bool List(std::vector<std::string>& names, std::string& why) const;
  /// True when `name` is a directory (not a link to one).
  bool IsDirectory(const std::string& name) const;
  /// Removes the file (or symbolic link) `name`; false, with `why`, unless it is gone.
  bool Remove(const std::string& name, std::string& why) const;
  /// Renames `from` to `to`, both in this directory; false, with `why`, when it cannot.
  bool Rename(const std::string& from, const std::string& to, std::string& why) const;
  /// The size of the regular file `name`; -1 when it is none.
  std::int64_t SizeOf(const std::string& name) const;

 private:
  friend class AppendFile;
  Directory() = default;
  // Opens the regular file `name` to read it, never through a link and never blocking; kNoFile,
  // with `why` and `outcome`, when it is none or holds more than `limit` bytes.
  NativeFile OpenRegular(const std::string& name, std::uint64_t limit, std::string& why,
                         ReadOutcome& outcome, std::uint64_t& size) const;
  std::string path_;
  NativeFile fd_ = kNoFile;
};

/// An exclusive lock on a lock file of its own (Directory::Lock), for processes that share a
/// directory (concurrent test binaries). Released, and the lock file removed, when the object
/// goes; one that waited on a removed lock file tries again with the new one. On Windows the
/// lock file stays: a file that a waiting process holds open cannot be removed at once.
class FileLock {
 public:
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  friend class Directory;
  FileLock() = default;
  NativeFile directory_fd_ = kNoFile;  // POSIX only, as FileWriter's
  std::string name_;
  NativeFile fd_ = kNoFile;
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
  /// Creates `name` in `directory` with `first_record` in it. nullptr, with `why`, when it
  /// cannot.
  static std::unique_ptr<AppendFile> Create(const Directory& directory, const std::string& name,
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
  /// Why the file last failed to grow ("No space left on device").
  const std::string& why() const { return why_; }

 private:
  AppendFile() = default;
  bool Grow(std::uint64_t needed);
  // The size to grow to for `needed` more bytes (and the reserve); 0 when past the window.
  std::uint64_t NextCapacity(std::uint64_t needed) const;

  std::string path_;
  NativeFile fd_ = kNoFile;
  // Where the file is mapped. On Windows a view cannot grow in place: a larger one replaces it,
  // and the ones before stay mapped (views_) until Close, for a writer that still holds them.
  std::atomic<char*> base_{nullptr};
#ifdef _WIN32
  std::vector<void*> views_;
#endif
  std::uint64_t window_ = 0;
  std::mutex grow_;
  std::atomic<std::uint64_t> reserved_{0};
  std::atomic<std::uint64_t> capacity_{0};
  std::atomic<bool> open_{false};
  std::string why_;
};

/// True while a process that writes `path` (an AppendFile) holds it: its test process, or the
/// copier of the test's output, which writes the last tests' output after the test process ends.
bool IsBeingWritten(const std::string& path);

}  // namespace gtest_webhook::platform
