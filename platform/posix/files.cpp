#include "platform/files.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace gtest_webhook::platform {
namespace {

// Address space reserved for one AppendFile's mapping, so that growing the file never moves
// it (a signal handler may be writing into it). Only what is allocated in the file is used.
constexpr std::uint64_t kWindow = sizeof(void*) >= 8 ? (std::uint64_t{4} << 30U)  // 4 GiB
                                                     : (std::uint64_t{256} << 20U);
// Kept free behind every Append for AppendReserved: a signal's record or a last word.
constexpr std::uint64_t kReserve = 4096;
// The first allocation, and the smallest growth step.
constexpr std::uint64_t kStep = 64 * 1024;

}  // namespace

std::string ExecutableName() {
  char path[4096];
  const auto length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return "gtest";
  std::string name(path, static_cast<std::size_t>(length));
  const std::string deleted = " (deleted)";
  if (name.size() > deleted.size() &&
      name.compare(name.size() - deleted.size(), deleted.size(), deleted) == 0) {
    name.resize(name.size() - deleted.size());
  }
  return name.substr(name.rfind('/') + 1);
}

std::string HostName() {
  char host[256] = {};
  return ::gethostname(host, sizeof host - 1) == 0 ? host : "";
}

std::int64_t ProcessId() { return ::getpid(); }

bool MakeDirectories(const std::string& path, unsigned mode, std::string& why) {
  std::string partial;
  std::istringstream parts(path);
  std::string part;
  if (!path.empty() && path.front() == '/') partial = "/";
  while (std::getline(parts, part, '/')) {
    if (part.empty()) continue;
    partial += part + "/";
    if (::mkdir(partial.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
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

}  // namespace

std::unique_ptr<FileWriter> FileWriter::Open(const std::string& path, unsigned mode,
                                             std::string& why) {
  std::unique_ptr<FileWriter> writer(new FileWriter());
  // Through a symbolic link, what is replaced is the file it names; the link stays.
  char resolved[PATH_MAX];
  writer->path_ = ::realpath(path.c_str(), resolved) != nullptr ? resolved : path;
  struct stat info {};
  if (IsStreamName(path)) {
    writer->fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  } else if (::stat(writer->path_.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    writer->fd_ = ::open(writer->path_.c_str(), O_WRONLY | O_CLOEXEC);
  } else {
    writer->temp_ = writer->path_ + ".XXXXXX";
    writer->fd_ = ::mkstemp(writer->temp_.data());
    if (writer->fd_ >= 0) ::fchmod(writer->fd_, static_cast<mode_t>(mode));
  }
  if (writer->fd_ < 0) {
    why = std::strerror(errno);
    writer->temp_.clear();
    return nullptr;
  }
  return writer;
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void FileWriter::Write(std::string_view bytes) {
  while (!bytes.empty() && error_.empty()) {
    const auto written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      error_ = written < 0 ? std::strerror(errno) : "nothing could be written";
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

std::string FileWriter::Commit(bool sync) {
  if (sync && error_.empty() && !temp_.empty() && ::fsync(fd_) != 0) error_ = std::strerror(errno);
  if (::close(fd_) != 0 && error_.empty()) error_ = std::strerror(errno);
  fd_ = -1;
  if (error_.empty() && !temp_.empty() && ::rename(temp_.c_str(), path_.c_str()) != 0) {
    error_ = std::strerror(errno);
  }
  committed_ = error_.empty();
  return error_;
}

std::string AppendToFile(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::strerror(errno);
  const auto written = ::write(fd, bytes.data(), bytes.size());
  const int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(bytes.size()))
    return written < 0 ? std::strerror(saved) : "short write";
  return {};
}

std::unique_ptr<FileLock> FileLock::Acquire(const std::string& path,
                                            std::chrono::steady_clock::time_point deadline,
                                            std::string& why) {
  while (true) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      why = std::strerror(errno);
      return nullptr;
    }
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        ::close(fd);
        why = "another process held it until the deadline";
        return nullptr;
      }
      ::usleep(10000);
    }
    // The holder before may have removed the file we waited on: then lock the new one.
    struct stat held {};
    struct stat named {};
    if (::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      std::unique_ptr<FileLock> lock(new FileLock());
      lock->path_ = path;
      lock->fd_ = fd;
      return lock;
    }
    ::close(fd);
  }
}

FileLock::~FileLock() {
  ::unlink(path_.c_str());  // while still held: whoever waits on it will try again
  ::close(fd_);
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

std::unique_ptr<AppendFile> AppendFile::Create(const std::string& directory,
                                               const std::string& name,
                                               std::string_view first_record, std::string& why) {
  if (!MakeDirectories(directory, 0777, why)) return nullptr;
  // Written under a hidden name and renamed once the first record is complete: a reader never
  // sees the file without it.
  const auto temp = directory + "/." + name + ".tmp";
  std::unique_ptr<AppendFile> file(new AppendFile());
  file->path_ = directory + "/" + name;
  file->fd_ = ::open(temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (file->fd_ < 0) {
    why = std::strerror(errno);
    return nullptr;
  }
  file->window_ = kWindow;
  void* base = ::mmap(nullptr, file->window_, PROT_READ | PROT_WRITE, MAP_SHARED, file->fd_, 0);
  const auto fail = [&](std::string reason) {
    why = std::move(reason);
    ::unlink(temp.c_str());
    return nullptr;
  };
  if (base == MAP_FAILED) return fail(std::string("cannot map it: ") + std::strerror(errno));
  file->base_ = static_cast<char*>(base);
  file->open_ = true;
  if (!file->Append(first_record)) return fail("cannot allocate space for it (is the disk full?)");
  if (::flock(file->fd_, LOCK_SH) != 0)
    return fail(std::string("cannot lock it: ") + std::strerror(errno));
  if (::rename(temp.c_str(), file->path_.c_str()) != 0) {
    return fail(std::string("cannot rename it into place: ") + std::strerror(errno));
  }
  return file;
}

AppendFile::~AppendFile() {
  // Only releases what this process holds: a forked child that runs destructors must not cut
  // its parent's file.
  if (base_ != nullptr) ::munmap(base_, window_);
  if (fd_ >= 0) ::close(fd_);
}

bool AppendFile::Grow(std::uint64_t needed) {
  const auto used = reserved_.load();
  auto target = std::max(capacity_.load() * 2, kStep);
  while (target < used + needed + kReserve) target *= 2;
  if (target > window_) return false;
  // Allocates the blocks now, so that a write into the mapping never meets a full disk (which
  // would raise SIGBUS in the test process).
  if (::posix_fallocate(fd_, 0, static_cast<off_t>(target)) != 0) return false;
  capacity_.store(target);
  return true;
}

bool AppendFile::Append(std::string_view record) {
  std::lock_guard<std::mutex> lock(grow_);
  if (!open_) return false;
  const auto needed = record.size() + 1;
  if (reserved_.load() + needed + kReserve > capacity_.load() && !Grow(needed)) return false;
  const auto at = reserved_.fetch_add(needed);
  std::memcpy(base_ + at, record.data(), record.size());
  // The newline commits the record: readers skip one that lacks it.
  std::atomic_thread_fence(std::memory_order_release);
  base_[at + record.size()] = '\n';
  return true;
}

bool AppendFile::AppendReserved(std::string_view first, std::string_view second,
                                std::string_view third) {
  if (!open_.load()) return false;
  const auto needed = first.size() + second.size() + third.size() + 1;
  const auto at = reserved_.fetch_add(needed);
  if (at + needed > capacity_.load()) return false;
  char* out = base_ + at;
  for (const auto part : {first, second, third}) {
    for (const char c : part) *out++ = c;  // memcpy is not async-signal-safe
  }
  std::atomic_thread_fence(std::memory_order_release);
  *out = '\n';
  return true;
}

void AppendFile::Close() {
  std::lock_guard<std::mutex> lock(grow_);
  if (!open_.exchange(false)) return;
  // Leaves a plain JSON-lines file: the space allocated ahead but never written goes.
  const auto used = std::min(reserved_.load(), capacity_.load());
  (void)!::ftruncate(fd_, static_cast<off_t>(used));
  ::munmap(base_, window_);
  base_ = nullptr;
  ::close(fd_);  // drops the lock
  fd_ = -1;
}

bool IsBeingWritten(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return locked;
}

}  // namespace gtest_webhook::platform
