// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "inputs/discover.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bounds.h"
#include "capture/collect_format.h"
#include "escape.h"
#include "inputs/sources.h"
#include "model/selection/gtest_args.h"
#include "model/text.h"
#include "platform/files.h"
#include "platform/process.h"

namespace gtest_webhook::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// GoogleTest names a second file of the same executable `name_1.json`.
std::string BinaryOfGoogleTestFile(const std::string& path) {
  auto stem = FileStem(path);
  const auto underscore = stem.rfind('_');
  if (underscore != std::string::npos && underscore + 1 < stem.size() &&
      stem.find_first_not_of("0123456789", underscore + 1) == std::string::npos) {
    stem.resize(underscore);
  }
  return stem;
}

void Say(const std::vector<std::string>& notes, const std::vector<InputProblem>& problems,
         std::ostream& log) {
  for (const auto& note : notes) PrintLine(log, "gtest-webhook: " + note);
  for (const auto& problem : problems) {
    PrintLine(log, "gtest-webhook: " + problem.origin + ": " + problem.what);
  }
}

// Problems met while listing inputs, each naming its path.
using Problems = std::vector<InputProblem>;

// What a directory entry is, for messages.
std::string KindOf(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    default:
      return "not a regular file";
  }
}

// A walk through the folders below a directory `send` was given.
struct Walk {
  std::vector<std::string> files;
  Problems problems;
  // Folders still to read, with their depth.
  std::vector<std::pair<fs::path, std::size_t>> pending;
};

// One entry of a folder at `depth`: a file to read, a folder to read later, or a problem.
void Visit(const fs::directory_entry& entry, std::size_t depth, Walk& walk) {
  constexpr std::size_t kDeepest = 64;
  const auto& path = entry.path();
  const auto name = path.filename().string();
  if (name.empty() || name.front() == '.') return;
  std::error_code unknown;
  const auto link = entry.symlink_status(unknown);
  const auto target = unknown ? link : entry.status(unknown);
  if (unknown) {
    walk.problems.push_back({path.string(), "cannot be read (" + unknown.message() + ")"});
  } else if (fs::is_regular_file(target)) {
    walk.files.push_back(path.string());
  } else if (fs::is_directory(link) && depth < kDeepest) {
    walk.pending.emplace_back(path, depth + 1);
  } else if (fs::is_directory(target)) {
    walk.problems.push_back({path.string(), fs::is_symlink(link)
                                                ? "is a link to a directory, which is not followed"
                                                : "is nested too deep; it is not read"});
  } else {
    walk.problems.push_back(
        {path.string(), "is " + KindOf(target.type()) + ", not a regular file"});
  }
}

// Every regular file below `top`, in name order, leaving out hidden files and folders (a
// collect file not yet complete has a hidden name). What cannot be read (an unreadable folder, a
// symbolic link that loops or leads nowhere, a FIFO) is a problem of its own: the rest is still
// read. Links to folders are not followed, so that no loop can hold it.
Walk FilesBelow(const fs::path& top) {
  Walk walk;
  walk.pending.emplace_back(top, 0);
  while (!walk.pending.empty()) {
    const auto [directory, depth] = walk.pending.back();
    walk.pending.pop_back();
    std::error_code error;
    fs::directory_iterator it(directory, error);
    for (const fs::directory_iterator end; !error && it != end; it.increment(error)) {
      Visit(*it, depth, walk);
    }
    if (error) {
      walk.problems.push_back({directory.string(), "cannot be read (" + error.message() + ")"});
    }
  }
  std::sort(walk.files.begin(), walk.files.end());
  return walk;
}

// True when the collect file `bytes` names a test process of this machine that has ended.
bool ItsTestProcessEnded(std::string_view bytes) {
  const auto header = json::parse(bytes.substr(0, bytes.find('\n')), nullptr, false);
  if (!header.is_object()) return false;
  const auto host = header.find("host");
  const auto pid = header.find("pid");
  return host != header.end() && host->is_string() && *host == platform::HostName() &&
         pid != header.end() && pid->is_number_integer() &&
         !platform::IsRunning(pid->get<std::int64_t>());
}

// One input file, read whole.
struct InputFile {
  bool read = false;
  std::string bytes;
  std::string why;  // when it could not be read
  bool collect = false;
  bool held_before = false;    // a writer held it when the read began
  bool being_written = false;  // ... or still holds it (a collect file)
};

InputFile ReadOnce(const std::string& path) {
  InputFile file;
  file.held_before = platform::IsBeingWritten(path);
  file.read = platform::ReadRegularFile(path, kInputFileBytes, file.bytes, file.why) ==
              platform::ReadOutcome::kRead;
  file.collect = file.read && file.bytes.rfind(kCollectMagic, 0) == 0;
  file.being_written = file.collect && platform::IsBeingWritten(path);
  return file;
}

// Reads `path`. A collect file is written by its test process and, when each test's output is
// captured, by the copier that outlives it for as long as it takes to write the last tests'
// output: a shell that sent the tests' output to a file rather than a pipe does not wait for
// that. So a file still held after its test process ended (on this machine), or let go while it
// was read, is read again once its writer lets go (waited for a few seconds at most, without
// reading meanwhile). One whose test process still runs is read as it is, to be named incomplete.
InputFile ReadSettled(const std::string& path) {
  auto file = ReadOnce(path);
  const bool settled = !file.held_before && !file.being_written;
  if (!file.collect || settled || (file.being_written && !ItsTestProcessEnded(file.bytes))) {
    return file;
  }
  constexpr auto kCopierGrace = std::chrono::seconds(5);
  const auto deadline = std::chrono::steady_clock::now() + kCopierGrace;
  while (platform::IsBeingWritten(path) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ReadOnce(path);
}

// GoogleTest's files that do not name their binary, among inputs that do (a linked binary's
// collect file beside a plain one's `GTEST_OUTPUT=json:DIR/` file, as docs/build-reports.md
// shows): GoogleTest named each after its executable. Inputs that are only GoogleTest's files
// keep no binary, so that shards are named after what their file names share (SendReport).
void NameGoogleTestFilesAfterBinaries(Inputs& inputs) {
  auto& processes = inputs.processes;
  if (std::none_of(processes.begin(), processes.end(),
                   [](const ProcessReport& p) { return !p.report.run.binary.empty(); })) {
    return;
  }
  for (auto& process : processes) {
    if (process.kind == InputKind::kGoogleTestOutput && process.report.run.binary.empty()) {
      process.report.run.binary = BinaryOfGoogleTestFile(process.origin);
    }
  }
}

}  // namespace

void ReadInputFile(const std::string& path, std::size_t max_message, bool named_after_binary,
                   Inputs& inputs, std::ostream& log) {
  const auto file = ReadSettled(path);
  if (!file.read) {
    const InputProblem problem{path, "cannot be read (" + file.why + ")"};
    Say({}, {problem}, log);
    inputs.problems.push_back(problem);
    return;
  }
  const auto& bytes = file.bytes;
  auto result = ReadInput(bytes, path, max_message, file.being_written);
  Say(result.notes, result.problems, log);
  for (auto& process : result.processes) {
    if (named_after_binary && process.report.run.binary.empty()) {
      process.report.run.binary = BinaryOfGoogleTestFile(path);
    }
    inputs.processes.push_back(std::move(process));
  }
  inputs.problems.insert(inputs.problems.end(), result.problems.begin(), result.problems.end());
  inputs.files.push_back(path);
}

Inputs ReadInputs(const std::vector<std::string>& paths, std::size_t max_message,
                  std::ostream& log) {
  Inputs inputs;
  std::set<std::string> seen;  // each file once, by its canonical path
  for (const auto& path : paths) {
    std::error_code error;
    const auto status = fs::status(path, error);
    Walk walk;
    if (fs::is_directory(status)) {
      walk = FilesBelow(path);
    } else if (error) {
      walk.problems.push_back({path, "cannot be read (" + error.message() + ")"});
    } else {
      walk.files = {path};  // read as it is: a FIFO or device is refused there
    }
    Say({}, walk.problems, log);
    inputs.problems.insert(inputs.problems.end(), walk.problems.begin(), walk.problems.end());
    for (const auto& file : walk.files) {
      const auto canonical = fs::weakly_canonical(file, error).string();
      if (!seen.insert(error ? file : canonical).second) {
        PrintLine(log, "gtest-webhook: " + file + ": named more than once; read once");
        continue;
      }
      ReadInputFile(file, max_message, false, inputs, log);
    }
  }
  NameGoogleTestFilesAfterBinaries(inputs);
  return inputs;
}

std::vector<GoogleTestOutput> RequestedOutputs(const std::vector<std::string>& command,
                                               const EnvLookup& env) {
  std::vector<std::string> values;
  if (auto value = env("GTEST_OUTPUT")) values.push_back(std::move(*value));
  for (auto& value : GtestFlagValues(command, "output")) values.push_back(std::move(value));
  std::vector<GoogleTestOutput> outputs;
  for (const auto& value : values) {
    const auto colon = value.find(':');
    const auto path = colon == std::string::npos || colon + 1 == value.size()
                          ? "test_detail." + value.substr(0, colon)
                          : value.substr(colon + 1);
    outputs.push_back({path, path.back() == '/'});
  }
  return outputs;
}

Inputs ReadOutputsSince(const std::vector<GoogleTestOutput>& outputs,
                        std::filesystem::file_time_type since, std::size_t max_message) {
  Inputs read;
  std::ostream quiet(nullptr);
  const auto read_if_new = [&](const fs::directory_entry& entry, bool named_after_binary) {
    std::error_code error;
    if (entry.is_regular_file(error) && entry.last_write_time(error) >= since && !error) {
      ReadInputFile(entry.path().string(), max_message, named_after_binary, read, quiet);
    }
  };
  for (const auto& output : outputs) {
    std::error_code error;
    if (!output.directory) {
      read_if_new(fs::directory_entry(output.path, error), false);
      continue;
    }
    for (const auto& entry : fs::directory_iterator(output.path, error)) read_if_new(entry, true);
  }
  return read;
}

Inputs ReadDirectoryFiles(const std::string& directory, std::size_t max_message,
                          std::ostream& log) {
  Inputs read;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().filename().string().front() == '.') continue;
    ReadInputFile(entry.path().string(), max_message, false, read, log);
  }
  return read;
}

}  // namespace gtest_webhook::detail
