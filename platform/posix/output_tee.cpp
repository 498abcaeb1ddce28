// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// OutputTee: stdout and stderr through pipes to a copying process that outlives this one.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "platform/capture.h"
#include "platform/common/tee_copy.h"
#include "platform/posix/system.h"

namespace gtest_webhook::platform {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kPass = kTeePass;

void Close(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

bool WriteFully(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const auto n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd room{fd, POLLOUT, 0};
      ::poll(&room, 1, -1);
      continue;
    }
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool SendFully(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = system::Send(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads exactly `size` bytes of `fd` before `until` (none: no limit); false at its end, on an
// error or when time runs out.
bool ReceiveFully(int fd, char* data, std::size_t size,
                  std::optional<Clock::time_point> until = std::nullopt) {
  while (size > 0) {
    if (until) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*until - Clock::now()).count();
      pollfd ready{fd, POLLIN, 0};
      if (left <= 0 || ::poll(&ready, 1, static_cast<int>(left)) <= 0) return false;
    }
    const auto n = ::recv(fd, data, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

int OpenRecordFile(const std::string& path);

// The copying process: reads the pipes, copies to the console, and serves questions until the
// test process is gone.
class Copier {
 public:
  Copier(std::unique_ptr<TeeObserver> observer, int out, int err, int control, int record,
         const std::string& token)
      : out_(out),
        err_(err),
        control_(control),
        record_(record),
        copy_(std::move(observer), token, [](int stream, std::string_view bytes) {
          return WriteFully(stream, bytes.data(), bytes.size());
        }) {}

  [[noreturn]] void Run() {
    while (true) {
      pollfd ready[3] = {{control_, POLLIN, 0}, {out_, POLLIN, 0}, {err_, POLLIN, 0}};
      if (::poll(ready, 3, -1) < 0) continue;  // EINTR
      if ((ready[1].revents | ready[2].revents) != 0) Pass();
      if (ready[0].revents != 0 && !Serve()) Finish();
    }
  }

 private:
  // What one pass read of one pipe.
  class Buffer {
   public:
    explicit Buffer(std::size_t capacity)
        : bytes_(new char[capacity]), capacity_(capacity) {}  // not zeroed: no page touched yet
    std::string_view view() const { return {bytes_.get(), size_}; }
    void clear() { size_ = 0; }
    // Reads what `fd` holds now, up to `budget` bytes in all; closes it at its end.
    void ReadAvailable(int& fd, std::size_t budget) {
      budget = std::min(budget, capacity_);
      while (fd >= 0 && size_ < budget) {
        const auto n = ::read(fd, bytes_.get() + size_, budget - size_);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return;  // EAGAIN: empty for now
        if (n == 0) {
          Close(fd);
          return;
        }
        size_ += static_cast<std::size_t>(n);
      }
    }

   private:
    std::unique_ptr<char[]> bytes_;
    std::size_t capacity_;
    std::size_t size_ = 0;
  };

  // One round (see TeeCopy::Take). False when there was nothing to read.
  bool Pass() {
    out_read_.clear();
    err_read_.clear();
    err_read_.ReadAvailable(err_, kPass);
    out_read_.ReadAvailable(out_, kPass);
    err_read_.ReadAvailable(err_, 2 * kPass);
    return copy_.Take(out_read_.view(), err_read_.view(), out_ >= 0, err_ >= 0);
  }

  // Everything written so far, read: what the test process wrote before its last call.
  void Drain(std::size_t budget) {
    for (std::size_t rounds = budget / kPass; rounds > 0 && Pass(); --rounds) {
    }
  }

  // One question; false when the test process has closed its end.
  bool Serve() {
    char length[4];
    if (!ReceiveFully(control_, length, sizeof length)) return false;
    std::string question(FrameLengthOf(length), '\0');
    if (!ReceiveFully(control_, question.data(), question.size())) return false;
    Drain(kTeeLastReadBudget);
    const auto answer =
        copy_.Answer(question, [this](const std::string& path) { return OpenRecord(path); });
    SendFully(control_, FrameLength(answer.size()) + answer);
    return true;
  }

  // Takes the record file a tee started without one; the answer is empty, or why it cannot.
  std::string OpenRecord(const std::string& path) {
    const int record = OpenRecordFile(path);
    if (record < 0) return "cannot open " + path + ": " + std::strerror(errno);
    Close(record_);
    record_ = record;
    ::flock(record_, LOCK_SH);
    return {};
  }

  [[noreturn]] void Finish() {
    Drain(kTeeLastReadBudget);
    const auto records = copy_.Finish();
    if (record_ >= 0 && !records.empty()) WriteFully(record_, records.data(), records.size());
    ::_exit(0);
  }

  int out_;
  int err_;
  int control_;
  int record_;
  TeeCopy copy_;
  Buffer out_read_{kPass};
  Buffer err_read_{2 * kPass};
};

// In the copying process: only the descriptors it uses stay open, and the signals meant for the
// test process (a terminal's, a CI's cancel) do not end it before it has read everything.
void BecomeCopier(const int keep[], std::size_t count) {
  system::NameThisProcess(kTeeProcessName);
  for (const int signal : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGUSR1, SIGUSR2}) {
    ::signal(signal, SIG_IGN);
  }
  int sorted[8];
  std::copy(keep, keep + count, sorted);
  std::sort(sorted, sorted + count);
  unsigned int from = 3;
  for (std::size_t i = 0; i < count; ++i) {
    const auto fd = static_cast<unsigned int>(sorted[i]);
    if (fd > from) system::CloseRange(from, fd - 1);
    from = std::max(from, fd + 1);
  }
  system::CloseRange(from, ~0U);
}

// Whether standard output and error go to one place, so that one pipe keeps their order exactly:
// one open file (`2>&1`, a runner's single pipe), or one pipe, socket or device opened twice. A
// regular file opened twice is two places, each with its own offset.
bool OneDestination() {
  if (system::SameOpenFile(1, 2)) return true;
  struct stat out {};
  struct stat err {};
  return ::fstat(1, &out) == 0 && ::fstat(2, &err) == 0 && out.st_dev == err.st_dev &&
         out.st_ino == err.st_ino && !S_ISREG(out.st_mode);
}

// The record file, opened to append to, never through a link; -1 (with errno) when it cannot be
// or is no regular file.
int OpenRecordFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  struct stat info {};
  if (fd >= 0 && ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) return fd;
  if (fd >= 0) {
    ::close(fd);
    errno = EINVAL;
  }
  return -1;
}

// In a child of the test process: starts the copier as a child of its own and ends at once, so
// that the copier is re-parented and never the test process's child.
[[noreturn]] void LaunchCopier(TeeObserverMaker make, const std::string& recipe, int out, int err,
                               int control, int record, const std::string& token) {
  if (::fork() != 0) ::_exit(0);
  int keep[4] = {out, control};
  std::size_t kept = 2;
  for (const int fd : {err, record}) {
    if (fd >= 0) keep[kept++] = fd;
  }
  BecomeCopier(keep, kept);
  for (const int fd : {out, err}) {
    if (fd >= 0) ::fcntl(fd, F_SETFL, O_NONBLOCK);
  }
  if (record >= 0) ::flock(record, LOCK_SH);
  auto observer = make(recipe);
  if (!observer) ::_exit(1);
  Copier(std::move(observer), out, err, control, record, token).Run();
}

}  // namespace

std::unique_ptr<OutputTee> OutputTee::Start(TeeObserverMaker make, const std::string& recipe,
                                            const std::string& record_file, std::string& why) {
  if (::fcntl(1, F_GETFL) < 0 || ::fcntl(2, F_GETFL) < 0) {
    why = "standard output or error is closed";
    return nullptr;
  }
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  int control[2] = {-1, -1};
  int record = -1;
  const auto fail = [&](const std::string& what) {
    why = what + ": " + std::strerror(errno);
    for (int* fd : {&out[0], &out[1], &err[0], &err[1], &control[0], &control[1], &record}) {
      Close(*fd);
    }
    return nullptr;
  };
  if (!record_file.empty() && (record = OpenRecordFile(record_file)) < 0) {
    return fail("cannot open " + record_file);
  }
  const bool one = OneDestination();
  if (!system::MakePipe(out) || (!one && !system::MakePipe(err))) return fail("no pipe");
  if (!system::MakeSocketPair(control)) return fail("no socket");
  // Room for bursts, so that a test rarely waits for the copier (at most the system's limit).
  for (const int fd : {out[1], err[1]}) {
    if (fd >= 0) system::GrowPipe(fd, 1 << 20);
  }
  auto token = RandomMarkToken();
  std::fflush(nullptr);
  const pid_t middle = ::fork();
  if (middle < 0) return fail("cannot fork");
  if (middle == 0) LaunchCopier(make, recipe, out[0], err[0], control[1], record, token);
  int status = 0;
  while (::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return fail("cannot start the copier");
  std::unique_ptr<OutputTee> tee(new OutputTee());
  tee->original_out_ = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
  tee->original_err_ = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
  ::dup2(out[1], 1);
  ::dup2(one ? out[1] : err[1], 2);
  tee->marks_ = out[1];
  tee->err_marks_ = err[1];  // none when both streams share the pipe: one mark is enough
  tee->control_ = control[0];
  tee->mark_ = token + std::string(4, '\0');
  for (int* fd : {&out[0], &err[0], &control[1], &record}) Close(*fd);
  return tee;
}

bool StandardStreamIsTerminal() { return ::isatty(1) != 0 || ::isatty(2) != 0; }

// The copier is a fork: no process is ever started as one.
void ServeAsCopierWhenStartedAsOne(TeeObserverMaker /*make*/) {}

OutputTee::~OutputTee() {
  for (int* fd : {&marks_, &err_marks_, &control_, &original_out_, &original_err_}) Close(*fd);
}

void OutputTee::Stop() {
  std::fflush(nullptr);
  Sync();
  if (original_out_ >= 0 && original_err_ >= 0) {
    ::dup2(original_out_, 1);
    ::dup2(original_err_, 2);
  }
  for (int* fd : {&marks_, &err_marks_, &control_, &original_out_, &original_err_}) Close(*fd);
}

void OutputTee::Mark(std::uint32_t number) {
  std::fflush(stdout);
  std::fflush(stderr);
  for (std::size_t i = 0; i < 4; ++i) {
    mark_[MarkScanner::kTokenSize + i] = static_cast<char>((number >> (8U * i)) & 0xFFU);
  }
  WriteFully(marks_, mark_.data(), mark_.size());
  if (err_marks_ >= 0) WriteFully(err_marks_, mark_.data(), mark_.size());
}

void OutputTee::Sync() {
  if (broken_) return;
  if (system::Send(control_, kSyncFrame, sizeof kSyncFrame) !=
      static_cast<ssize_t>(sizeof kSyncFrame)) {
    return;
  }
  // The answer to a question the observer does not know is empty: its 4-byte length.
  char length[4];
  std::size_t got = 0;
  while (got < sizeof length) {
    pollfd ready{control_, POLLIN, 0};
    if (::poll(&ready, 1, 2000) <= 0) break;
    const auto n = ::recv(control_, length + got, sizeof length - got, 0);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  broken_ = true;  // nothing more is asked: the process is ending
}

std::optional<std::string> OutputTee::Ask(std::string_view question,
                                          std::chrono::milliseconds wait) {
  if (!ReadyToAsk()) return std::nullopt;
  const auto until = Clock::now() + wait;
  char length[4];
  std::string answer;
  if (SendFully(control_, FrameLength(question.size()) + std::string(question)) &&
      ReceiveFully(control_, length, sizeof length, until)) {
    answer.resize(FrameLengthOf(length));
    if (ReceiveFully(control_, answer.data(), answer.size(), until)) return answer;
  }
  broken_ = true;
  return std::nullopt;
}

}  // namespace gtest_webhook::platform
