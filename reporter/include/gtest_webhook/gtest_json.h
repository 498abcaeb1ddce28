#pragma once

#include <string>
#include <vector>

#include "gtest_webhook/report.h"

namespace gtest_webhook {

/// The result of reading GoogleTest `--gtest_output=json` files: the report (name, event and
/// ci left for the caller), and one human-readable line per problem. A file that cannot be
/// used at all is named with the position of the error and contributes nothing.
struct ImportResult {
  Report report;
  std::vector<std::string> problems;
  /// Files that were used.
  int files_read = 0;
};

/// Parses GoogleTest JSON output `text` (from `source`, a file name used in problems) and adds
/// its executions to `result.report`. Repairs the invalid JSON GoogleTest 1.12 writes when a
/// global environment fails (a missing comma between test suites). Failures become `failure`,
/// uncaught exceptions `error`; GoogleTest's `NonTestSuiteFailure` becomes a
/// `[global environment]` error; disabled tests count in `run.disabled`.
void ImportGoogleTestJson(const std::string& text, const std::string& source,
                          std::size_t max_message, ImportResult& result);

}  // namespace gtest_webhook
