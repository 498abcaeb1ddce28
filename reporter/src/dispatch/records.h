#pragma once

#include <ostream>
#include <string>

#include "delivery.h"

namespace gtest_webhook::detail {

/// Dispatch for a report whose counters are already known.
DispatchResult Dispatch(const Report& report, const Summary& summary, const Options& options,
                        Transport& transport, std::ostream& log);

/// Prints `line` as a problem of the dispatch and keeps it in `result`.
void DispatchProblem(DispatchResult& result, std::ostream& log, std::string line);

/// Prints each delivery's warnings and its one line, and appends its record (for `event`) to
/// `options.log_path` when set.
void PrintAndRecord(DispatchResult& result, const std::string& event, const Options& options,
                    std::ostream& log);

}  // namespace gtest_webhook::detail
