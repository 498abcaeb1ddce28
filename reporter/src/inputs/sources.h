// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/process_report.h"

namespace gtest_webhook::detail {

/// What reading one input gave: the processes it describes (none for a test listing), the
/// problem that made it unusable or incomplete, and lines worth telling the user.
struct SourceResult {
  std::vector<ProcessReport> processes;
  std::vector<InputProblem> problems;
  std::vector<std::string> notes;
};

/// Recognises `bytes` (read from `origin`, a file name used in messages) by its content and
/// reads it: a gtest-webhook collect file or payload (`GTEST_WEBHOOK_OUTPUT`), GoogleTest JSON or
/// XML (`--gtest_output`), or JUnit XML (`ctest --output-junit`, Catch2, doctest and others).
/// `writer_alive` says whether the process writing a collect file still runs. Failure messages
/// are capped at `max_message` bytes.
SourceResult ReadInput(std::string_view bytes, const std::string& origin, std::size_t max_message,
                       bool writer_alive = false);

/// Parses a GoogleTest or JUnit timestamp (`2026-11-23T09:40:00Z`, `…T09:40:00.123`, UTC when it
/// ends with Z, local time otherwise) as Unix milliseconds; 0 when it is not one.
std::int64_t ParseTimestamp(const std::string& text);

}  // namespace gtest_webhook::detail
