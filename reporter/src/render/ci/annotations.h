#pragma once

// The report's failures as GitHub workflow commands (SPEC §17): `::error` annotations at the
// failing line, shown on the run's page and in the pull request's diff.

#include <string>
#include <string_view>

#include "model/report.h"
#include "model/summary.h"
#include "render/chat_message.h"

namespace gtest_webhook::detail {

/// GitHub shows this many error annotations of a step; the rest are one notice.
inline constexpr std::size_t kAnnotatedFailures = 10;

/// Where a failure happened: its path relative to the repository's root (empty when the root or
/// the file is unknown, or the file is outside it) and line (0 when unknown), and the path as
/// the test gave it, to show when there is no relative one.
struct FailureWhere {
  std::string path;
  int line = 0;
  std::string given;
};

/// The place of `failure`'s first failure (its message's `file:line`), else of its test.
FailureWhere FailureLocation(const Report& report, const ChatFailure& failure);

/// The `::error` commands for the first failures of `report` (whose counters are `summary`), at
/// most kAnnotatedFailures, and one `::notice` for the rest; each a line of its own.
std::string GitHubAnnotations(const Report& report, const Summary& summary);

/// `text` escaped as a workflow command's message (`%`, CR, LF) or, with `property`, as a
/// property's value (also `:` and `,`).
std::string EscapeWorkflowCommand(std::string_view text, bool property);

}  // namespace gtest_webhook::detail
