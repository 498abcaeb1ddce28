// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Dispatching a finished report (SPEC §6, §7, §13): its history, the output file, then every
// reporter concurrently, each with its `when` rule, its body and the retry policy, after what
// waits in its outbox. The one way every report leaves (FinishAndDispatch).

#include <ostream>
#include <string>
#include <vector>

#include "deliver/result.h"
#include "gtest_webhook/options.h"
#include "gtest_webhook/transport.h"
#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// Sends `payload` (the report called `report_name`, for `event`) to every reporter of
/// `options` whose `when` rule fires for `summary`, concurrently, retrying within
/// `options.deadline`, after the reports waiting in each reporter's outbox; keeps the
/// `when=changes` state and the outbox. Prints nothing. Never throws.
DispatchResult Deliver(const Body& payload, const Summary& summary, const std::string& report_name,
                       const Options& options, Transport& transport,
                       Event event = Event::kRunFinish);

/// Dispatches a finished report: serialises `report`, writes `options.output_path` if set,
/// delivers to every reporter and prints one line per reporter (and per problem) to `log`.
/// Never throws.
DispatchResult Dispatch(const Report& report, const Options& options, Transport& transport,
                        std::ostream& log);

/// `gtest-webhook flush` (SPEC §13): sends the reports waiting in the outbox of every reporter of
/// `options`, concurrently per reporter, oldest first, within `options.deadline`, and prints
/// their lines and records like Dispatch. Each outbox that still holds reports afterwards (and
/// each outbox of a reporter that is not configured) is a problem. Never throws.
DispatchResult FlushOutboxes(const Options& options, Transport& transport, std::ostream& log);

/// The one way every report leaves, whatever produced it (the listener, `gtest-webhook run` or
/// `send`): completes `report` (CompleteReport: id, CI, name, known bugs, flaky tests) and
/// dispatches it through `transport`, or libcurl when that is null. Never throws.
DispatchResult FinishAndDispatch(Report& report, const Options& options, std::ostream& log,
                                 Transport* transport = nullptr);

/// Dispatch for a report whose counters are already known; `notes` (from what came before: the
/// history) are printed with the dispatch's own lines.
DispatchResult Dispatch(const Report& report, const Summary& summary, const Options& options,
                        Transport& transport, std::ostream& log,
                        const std::vector<std::string>& notes = {});

}  // namespace gtest_webhook::detail
