// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>

#include "descriptors.h"
#include "platform/common/reading.h"
#include "platform/posix/system.h"

namespace gtest_webhook::platform {
std::string ExecutableName() {
  std::string name = system::ExecutableOf(::getpid());
  if (name.empty()) return "gtest";
  const std::string deleted = " (deleted)";
  if (name.size() > deleted.size() &&
      name.compare(name.size() - deleted.size(), deleted.size(), deleted) == 0) {
    name.resize(name.size() - deleted.size());
  }
  return ProgramNameOf(name);
}

std::string FileNameOf(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::string ProgramNameOf(const std::string& path) { return FileNameOf(path); }

std::string UserCacheDirectory(const VariableLookup& variable, std::string& why) {
  const auto cache = variable("XDG_CACHE_HOME");
  if (cache && !cache->empty() && cache->front() == '/') return *cache;
  const std::string home = variable("HOME").value_or("");
  std::error_code error;
  if (home.empty() || home.front() != '/') {
    why = "HOME is not set";
  } else if (!std::filesystem::is_directory(home, error)) {
    why = "HOME '" + home + "' is not a directory";
  } else {
    return home + "/.cache";
  }
  return {};
}

std::string HostName() {
  char host[256] = {};
  return ::gethostname(host, sizeof host - 1) == 0 ? host : "";
}

std::int64_t ProcessId() { return ::getpid(); }

bool MakeDirectories(const std::string& path, Access access, std::string& why) {
  std::string partial;
  std::istringstream parts(path);
  std::string part;
  if (!path.empty() && path.front() == '/') partial = "/";
  while (std::getline(parts, part, '/')) {
    if (part.empty()) continue;
    partial += part + "/";
    if (::mkdir(partial.c_str(), posix::DirectoryMode(access)) != 0 && errno != EEXIST) {
      why = std::strerror(errno);
      return false;
    }
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    why = "not a directory";
    return false;
  }
  return true;
}

namespace {

// A name for one of this process's open files (its standard output, say): written to as the
// stream it is, never replaced.
bool IsStreamName(const std::string& path) {
  for (const char* prefix : {"/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// Opens what is not replaced but written in place (a character device, a FIFO, one of this
// process's streams) without blocking: a FIFO that no process reads is refused at once, and
// writes wait for room at most kStreamWriteWait. -1, with `why`, for anything else that is not a
// regular file (a directory, a block device, a socket).
int OpenInPlace(const std::string& path, int flags, std::string& why) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISFIFO(info.st_mode) &&
      !S_ISCHR(info.st_mode)) {
    why = "it is " + posix::KindOf(info.st_mode) + ", not a file";
    return -1;
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | flags, 0644);
  if (fd < 0) why = errno == ENXIO ? "it is a FIFO that no process reads" : std::strerror(errno);
  return fd;
}

}  // namespace

ReadOutcome ReadRegularFile(const std::string& path, std::uint64_t limit, std::string& bytes,
                            std::string& why) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    why = std::strerror(errno);
    return errno == ENOENT ? ReadOutcome::kMissing : ReadOutcome::kRefused;
  }
  // Looked at before it is opened: opening a device may do something of its own.
  why = posix::NotReadable(info, limit);
  if (!why.empty()) return ReadOutcome::kRefused;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    why = std::strerror(errno);
    return errno == ENOENT ? ReadOutcome::kMissing : ReadOutcome::kRefused;
  }
  // ... and again once open, in case it was replaced in between.
  const bool read = ::fstat(fd, &info) == 0 && (why = posix::NotReadable(info, limit)).empty() &&
                    posix::ReadAtMost(fd, limit, bytes, why);
  ::close(fd);
  return read ? ReadOutcome::kRead : ReadOutcome::kRefused;
}

bool FileHoldsAny(const std::string& path, const std::vector<std::string_view>& needles,
                  std::uint64_t limit) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return false;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {  // replaced in between
    ::close(fd);
    return false;
  }
  const bool found = HoldsAny(posix::PieceReader(fd), needles, limit);
  ::close(fd);
  return found;
}

bool ReadFileOrStandardInput(const std::string& path, std::uint64_t limit, std::string& bytes,
                             std::string& why) {
  if (path.empty() || path == "-") return posix::ReadAtMost(STDIN_FILENO, limit, bytes, why);
  return ReadRegularFile(path, limit, bytes, why) == ReadOutcome::kRead;
}

std::unique_ptr<FileWriter> FileWriter::Open(const std::string& path, Access access,
                                             std::string& why) {
  std::unique_ptr<FileWriter> writer(new FileWriter());
  // Through a symbolic link, what is replaced is the file it names; the link stays.
  char resolved[PATH_MAX];
  writer->path_ = ::realpath(path.c_str(), resolved) != nullptr ? resolved : path;
  struct stat info {};
  if (IsStreamName(path)) {
    writer->fd_ = OpenInPlace(path, O_APPEND, why);
  } else if (::stat(writer->path_.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    writer->fd_ = OpenInPlace(writer->path_, 0, why);
  } else {
    writer->temp_ = writer->path_ + ".XXXXXX";
    writer->fd_ = ::mkstemp(writer->temp_.data());
    if (writer->fd_ >= 0) {
      ::fchmod(writer->fd_, posix::FileMode(access));
    } else {
      why = std::strerror(errno);
    }
  }
  if (writer->fd_ < 0) {
    writer->temp_.clear();
    return nullptr;
  }
  return writer;
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) {
    if (directory_fd_ >= 0) {
      ::unlinkat(directory_fd_, temp_.c_str(), 0);
    } else {
      ::unlink(temp_.c_str());
    }
  }
  if (directory_fd_ >= 0) ::close(directory_fd_);
}

void FileWriter::Write(std::string_view bytes) {
  if (error_.empty()) error_ = posix::WriteAll(fd_, bytes, kStreamWriteWait);
}

std::string FileWriter::Commit(bool sync) {
  if (sync && error_.empty() && !temp_.empty() && ::fsync(fd_) != 0) error_ = std::strerror(errno);
  if (::close(fd_) != 0 && error_.empty()) error_ = std::strerror(errno);
  fd_ = -1;
  if (error_.empty() && !temp_.empty()) {
    // In a Directory, the name is replaced, a symbolic link included: nothing is followed.
    const int renamed = directory_fd_ >= 0
                            ? ::renameat(directory_fd_, temp_.c_str(), directory_fd_, path_.c_str())
                            : ::rename(temp_.c_str(), path_.c_str());
    if (renamed != 0) error_ = std::strerror(errno);
  }
  committed_ = error_.empty();
  return error_;
}

std::string AppendToFile(const std::string& path,
                         const std::function<std::string(std::uint64_t held)>& bytes) {
  std::string why;
  const int fd = OpenInPlace(path, O_APPEND | O_CREAT, why);
  if (fd < 0) return why;
  struct stat status {};
  const std::uint64_t held = ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode)
                                 ? static_cast<std::uint64_t>(status.st_size)
                                 : 0;
  // One write, for a regular file: lines appended by concurrent processes never interleave.
  why = posix::WriteAll(fd, bytes(held), kStreamWriteWait);
  ::close(fd);
  return why;
}

std::string AppendToFile(const std::string& path, std::string_view bytes) {
  return AppendToFile(path, [bytes](std::uint64_t) { return std::string(bytes); });
}

std::tm UtcCalendar(std::time_t seconds) {
  std::tm calendar{};
  ::gmtime_r(&seconds, &calendar);
  return calendar;
}

std::time_t FromUtcCalendar(std::tm calendar) { return ::timegm(&calendar); }

std::unique_ptr<TempDirectory> TempDirectory::Create(const std::string& prefix, std::string& why) {
  std::error_code error;
  auto pattern = (std::filesystem::temp_directory_path(error) / (prefix + "XXXXXX")).string();
  if (error || ::mkdtemp(pattern.data()) == nullptr) {
    why = error ? error.message() : std::strerror(errno);
    return nullptr;
  }
  std::unique_ptr<TempDirectory> directory(new TempDirectory());
  directory->path_ = pattern;
  return directory;
}

TempDirectory::~TempDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace gtest_webhook::platform
