#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "process_report.h"

namespace gtest_webhook::cli {

/// What a set of input files says.
struct Inputs {
  std::vector<detail::ProcessReport> processes;
  std::vector<detail::InputProblem> problems;
  /// The files read, in order.
  std::vector<std::string> files;
};

/// Reads `paths` as `send` takes them: a file, or every file below a directory (hidden files
/// aside), in name order, each file once however often it is named. A path that does not
/// exist or cannot be read is a problem of its own. Prints one line per note and per problem to
/// `log`.
Inputs ReadInputs(const std::vector<std::string>& paths, std::size_t max_message,
                  std::ostream& log);

/// Reads one file into `inputs`, printing its notes and problems to `log`. When
/// `named_after_binary`, GoogleTest named the file after the executable (`--gtest_output` to a
/// directory: `unit_tests.json`, `unit_tests_1.json`), which then names the binary.
void ReadInputFile(const std::string& path, std::size_t max_message, bool named_after_binary,
                   Inputs& inputs, std::ostream& log);

/// The name shards' files share: the common start of their names, without the shard numbers
/// and separators after it (`unit-0.json`, `unit-1.json`: `unit`); empty when none.
std::string SharedName(const std::vector<std::string>& files);

}  // namespace gtest_webhook::cli
