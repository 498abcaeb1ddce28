#include "platform/files.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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
