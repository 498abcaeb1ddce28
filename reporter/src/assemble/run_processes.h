// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The test processes of one `gtest-webhook run`: each process's result stream paired with the
// collect file it announced or completed with the GoogleTest output file it wrote, and a stream
// whose process could not be told from an outsider's kept only when something vouches for it.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "assemble/run_report.h"
#include "capture/stream_model.h"
#include "inputs/discover.h"
#include "model/process_report.h"

namespace gtest_webhook::detail {

/// One GoogleTest process's result stream, as `run` followed it.
struct FollowedStream {
  StreamModel* model = nullptr;
  /// The executable at the other end, when the system could tell.
  std::string binary;
  /// A process of the command's tree holds the other end (or the system cannot tell); false
  /// when its process had closed it before it could be asked.
  bool verified = true;
  /// Its process's id, when known (0 when not).
  std::int64_t pid = 0;
};

/// What every test process said, one entry per process in the order they started: from its
/// collect file (`collected`) when it announced one on its stream, else from its stream, completed
/// with the GoogleTest output file it wrote (`outputs`); then the collect files of linked
/// processes that did not stream to the run; when no process streamed (GoogleTest streams nothing
/// on Windows), the output files that no collect file accounts for, each a process of its own.
/// A stream that is not `verified` is left out, with a
/// note, unless something vouches for it: for a finished one, its own output file, or output
/// files that no stream took (as many as there are such streams); for the one stream that ended
/// early, the failure of the command (`facts`). `now_ms` ends what is still running.
std::vector<ProcessReport> RunProcesses(const std::vector<FollowedStream>& streams,
                                        Inputs collected, const std::vector<ProcessReport>& outputs,
                                        const CommandRun& facts, std::int64_t now_ms,
                                        std::vector<std::string>& notes);

/// Where `run` had its processes leave their files.
struct RunFiles {
  /// The run's collect directory, where linked processes write theirs.
  std::string collect_dir;
  /// The directory of GoogleTest JSON files the run asked for; empty when the user chose an
  /// output of their own (GTEST_OUTPUT, which the tree then shares).
  std::string json_dir;
  /// When the command started: older output files are another run's.
  std::filesystem::file_time_type since;
};

/// RunProcesses over what the processes left: the collect files of `files`, and GoogleTest's
/// output files, the run's own and those the command or `env` asked for (RequestedOutputs).
/// The collect files' problems are added to `problems`; notes and problems are printed to `log`.
std::vector<ProcessReport> GatherRunProcesses(const std::vector<FollowedStream>& streams,
                                              const RunFiles& files, const CommandRun& facts,
                                              const EnvLookup& env, std::size_t max_message,
                                              std::vector<InputProblem>& problems,
                                              std::ostream& log);

}  // namespace gtest_webhook::detail
