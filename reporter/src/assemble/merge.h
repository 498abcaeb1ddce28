// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/process_report.h"

namespace gtest_webhook::detail {

/// Merges what the sources said into one report (SPEC §10):
/// - the testCase entries of every process in order, each with its process's `binary`;
/// - a process that ended early gets an `"error"` entry for the test (or the phase outside
///   tests) it was in, saying why, and the run counts as `crashed`;
/// - every input problem gets an `"error"` entry of its own;
/// - the same process given twice (the same `run.id`) is read once, with a note;
/// - shards of one binary are joined, and a shard that no input has is an `"error"` entry;
/// - `run` says what the processes together say: the earliest start and latest end, every
///   binary (`run.binary` only when there is one), the number of processes, and host, shard,
///   seed and filter where all processes agree.
/// The name is left to CompleteReport; counts are derived from the entries when the payload is
/// produced. Lines worth telling the user (duplicates) are added to `notes`.
Report Merge(std::vector<ProcessReport> processes, const std::vector<InputProblem>& problems,
             std::vector<std::string>& notes);

/// Completes what GoogleTest's result stream said about processes (`streamed`) with output
/// files GoogleTest wrote for them (`--gtest_output`), which say what the stream cannot: that a
/// test which did not pass was skipped, RecordProperty values, where tests are defined, the
/// random seed, disabled tests and, for files GoogleTest named after the executable, the
/// binary. A file belongs to the finished process that ran exactly the tests it lists (in the
/// last iteration of --gtest_repeat, which is all a file holds); each file is used once.
/// Returns, for each of `streamed`, whether a file was found for it.
std::vector<bool> RefineWithOutputs(const std::vector<ProcessReport*>& streamed,
                                    const std::vector<ProcessReport>& outputs);

/// The pairing RefineWithOutputs makes, without refining: each finished process with the first
/// output file not yet paired that lists the same tests, told to `paired(process, output)`
/// (indexes; may be empty). Returns, for each of `outputs`, whether it was paired.
std::vector<bool> PairWithOutputs(const std::vector<const ProcessReport*>& processes,
                                  const std::vector<ProcessReport>& outputs,
                                  const std::function<void(std::size_t, std::size_t)>& paired = {});

}  // namespace gtest_webhook::detail
