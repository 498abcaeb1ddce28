#include "inputs.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "collect_format.h"
#include "platform/files.h"
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
  for (const auto& note : notes) log << "gtest-webhook: " << note << '\n';
  for (const auto& problem : problems) {
    log << "gtest-webhook: " << problem.origin << ": " << problem.what << '\n';
  }
}

// Every regular file below `directory`, in name order, leaving out hidden files and folders
// (a collect file not yet complete has a hidden name).
std::vector<std::string> FilesBelow(const std::string& directory, std::error_code& error) {
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(directory, error);
  const fs::recursive_directory_iterator end;
  for (; !error && it != end; it.increment(error)) {
    const auto name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The whole file; false, with `why`, when it cannot be read.
bool ReadBytes(const std::string& path, std::string& bytes, std::string& why) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    why = std::strerror(errno);
    return false;
  }
  file.exceptions(std::ios::badbit);
  try {
    bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  } catch (const std::exception&) {
    why = errno != 0 ? std::strerror(errno) : "read error";
    return false;
  }
  return true;
}

}  // namespace

void ReadInputFile(const std::string& path, std::size_t max_message, bool named_after_binary,
                   Inputs& inputs, std::ostream& log) {
  std::string bytes;
  std::string why;
  if (!ReadBytes(path, bytes, why)) {
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
    std::vector<std::string> files;
    if (fs::is_directory(status)) {
      files = FilesBelow(path, error);
    } else if (fs::exists(status)) {
      files = {path};
    } else {
      error = std::make_error_code(std::errc::no_such_file_or_directory);
    }
    if (error) {
      const detail::InputProblem problem{path, "cannot be read (" + error.message() + ")"};
      Report({}, {problem}, log);
      inputs.problems.push_back(problem);
      continue;
    }
    for (const auto& file : files) {
      const auto canonical = fs::weakly_canonical(file, error).string();
      if (!seen.insert(error ? file : canonical).second) {
        log << "gtest-webhook: " << file << ": named more than once; read once\n";
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
