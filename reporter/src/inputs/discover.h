// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Finding and reading the inputs of `send` and `run`: files and the folders below directories,
// each read whole (within its bound) and recognised by its content.

#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/process_report.h"

namespace gtest_webhook::detail {

/// What a set of input files says.
struct Inputs {
  std::vector<ProcessReport> processes;
  std::vector<InputProblem> problems;
  /// The files read, in order.
  std::vector<std::string> files;
};

/// Reads `paths` as `send` takes them: a file, or every file below a directory (hidden files
/// aside), in name order, each file once however often it is named. A path that does not
/// exist or cannot be read is a problem of its own. Prints one line per note and per problem to
/// `log`. GoogleTest's files that do not name their binary, beside inputs that do, are named
/// after their file names, as GoogleTest names them after the executable.
Inputs ReadInputs(const std::vector<std::string>& paths, std::size_t max_message,
                  std::ostream& log);

/// Reads one file into `inputs`, printing its notes and problems to `log`. When
/// `named_after_binary`, GoogleTest named the file after the executable (`--gtest_output` to a
/// directory: `unit_tests.json`, `unit_tests_1.json`), which then names the binary.
void ReadInputFile(const std::string& path, std::size_t max_message, bool named_after_binary,
                   Inputs& inputs, std::ostream& log);

/// An output file GoogleTest is asked to write, or a directory it names its files in after the
/// executable (`xml:DIR/`).
struct GoogleTestOutput {
  std::string path;
  bool directory = false;
};

/// The outputs asked for in GTEST_OUTPUT (from `env`) and on `command`
/// (`--gtest_output=json:PATH`); GoogleTest writes these instead of what `run` would ask for. A
/// bare `json` or `xml` is GoogleTest's `test_detail.json` (`.xml`) in the working directory.
std::vector<GoogleTestOutput> RequestedOutputs(const std::vector<std::string>& command,
                                               const EnvLookup& env);

/// Reads the files of `outputs` written since `since` (older ones are another run's), a
/// directory's files named after their binary. Their notes and problems are not printed: they
/// only complete what the processes streamed.
Inputs ReadOutputsSince(const std::vector<GoogleTestOutput>& outputs,
                        std::filesystem::file_time_type since, std::size_t max_message);

/// Reads every file directly in `directory` (hidden ones aside: files still being written), if
/// it exists, printing notes and problems to `log`.
Inputs ReadDirectoryFiles(const std::string& directory, std::size_t max_message, std::ostream& log);

}  // namespace gtest_webhook::detail
