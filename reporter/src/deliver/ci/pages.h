// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// What CI shows of a finished report (SPEC §17, §18): the JUnit file, the Markdown summary, the
// GitHub annotations and the HTML page, made by the process that delivers the report, whether or
// not a reporter fires.

#include <ostream>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// Writes `options.junit_path` and `options.html_path`, appends to `options.summary_path` and
/// prints the annotations on `annotations` (stdout), as `options` asks. Each file that cannot be
/// written is one line in `problems`, naming its variable; nothing else is affected by it.
void WriteCiPages(const Report& report, const Summary& summary, const Options& options,
                  std::ostream& annotations, std::vector<std::string>& problems);

}  // namespace gtest_webhook::detail
