#include "inputs.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>

#include "bounds.h"
#include "collect_format.h"
#include "platform/files.h"
#include "print.h"
#include "sources.h"

namespace gtest_webhook::cli {
namespace {

namespace fs = std::filesystem;

std::string Stem(const std::string& path) {
  auto name = path.substr(path.find_last_of('/') + 1);
  const auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// GoogleTest names a second file of the same executable `name_1.json`.
std::string BinaryOfGoogleTestFile(const std::string& path) {
  auto stem = Stem(path);
  const auto underscore = stem.rfind('_');
  if (underscore != std::string::npos && underscore + 1 < stem.size() &&
      stem.find_first_not_of("0123456789", underscore + 1) == std::string::npos) {
    stem.resize(underscore);
  }
  return stem;
}

void Report(const std::vector<std::string>& notes,
            const std::vector<detail::InputProblem>& problems, std::ostream& log) {
  for (const auto& note : notes) detail::PrintLine(log, "gtest-webhook: " + note);
  for (const auto& problem : problems) {
    detail::PrintLine(log, "gtest-webhook: " + problem.origin + ": " + problem.what);
  }
}

// Problems met while listing inputs, each naming its path.
using Problems = std::vector<detail::InputProblem>;

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

}  // namespace

void ReadInputFile(const std::string& path, std::size_t max_message, bool named_after_binary,
                   Inputs& inputs, std::ostream& log) {
  std::string bytes;
  std::string why;
  if (platform::ReadRegularFile(path, detail::kInputFileBytes, bytes, why) !=
      platform::ReadOutcome::kRead) {
    const detail::InputProblem problem{path, "cannot be read (" + why + ")"};
    Report({}, {problem}, log);
    inputs.problems.push_back(problem);
    return;
  }
  const bool collect = bytes.rfind(detail::kCollectMagic, 0) == 0;
  auto result =
      detail::ReadInput(bytes, path, max_message, collect && platform::IsBeingWritten(path));
  Report(result.notes, result.problems, log);
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
    Report({}, walk.problems, log);
    inputs.problems.insert(inputs.problems.end(), walk.problems.begin(), walk.problems.end());
    for (const auto& file : walk.files) {
      const auto canonical = fs::weakly_canonical(file, error).string();
      if (!seen.insert(error ? file : canonical).second) {
        detail::PrintLine(log, "gtest-webhook: " + file + ": named more than once; read once");
        continue;
      }
      ReadInputFile(file, max_message, false, inputs, log);
    }
  }
  return inputs;
}

std::string SharedName(const std::vector<std::string>& files) {
  if (files.empty()) return {};
  std::string common = Stem(files.front());
  for (const auto& file : files) {
    const auto stem = Stem(file);
    std::size_t n = 0;
    while (n < common.size() && n < stem.size() && common[n] == stem[n]) ++n;
    common.resize(n);
  }
  if (files.size() > 1) {
    const auto trim = [&common](const char* separators) {
      while (!common.empty() && std::strchr(separators, common.back()) != nullptr) {
        common.pop_back();
      }
    };
    trim("0123456789-_. ");
    const std::string shard = "shard";
    if (common.size() > shard.size() &&
        common.compare(common.size() - shard.size(), shard.size(), shard) == 0) {
      common.resize(common.size() - shard.size());
      trim("-_. ");
    }
  }
  return common;
}

}  // namespace gtest_webhook::cli
