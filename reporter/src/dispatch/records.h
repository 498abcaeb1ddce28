#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "delivery.h"

namespace gtest_webhook::detail {

/// Dispatch for a report whose counters are already known; `notes` (from what came before: the
/// history) are printed with the dispatch's own lines.
DispatchResult Dispatch(const Report& report, const Summary& summary, const Options& options,
                        Transport& transport, std::ostream& log,
                        const std::vector<std::string>& notes = {});

/// Prints `line` as a problem of the dispatch and keeps it in `result`.
void DispatchProblem(DispatchResult& result, std::ostream& log, std::string line);

/// Prints `notes`, then each delivery's warnings (a warning once, however often it was met) and
/// its one line, and appends its record (for `event`) to `options.log_path` when set.
void PrintAndRecord(DispatchResult& result, const std::string& event, const Options& options,
                    std::ostream& log, const std::vector<std::string>& notes = {});

}  // namespace gtest_webhook::detail
