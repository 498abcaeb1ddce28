// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/ci/annotations.h"

#include <charconv>
#include <cstring>

#include "json_writer.h"
#include "model/code_owners.h"

namespace gtest_webhook::detail {
namespace {

// Bytes of a failure's message an annotation shows: its head and tail beyond that.
constexpr std::size_t kAnnotationMessage = 8192;

std::string Command(const Report& report, const ChatFailure& failure) {
  const auto where = FailureLocation(report, failure);
  std::string line = "::error ";
  if (!where.path.empty()) {
    line += "file=" + Escaped(where.path, Target::kWorkflowProperty);
    if (where.line > 0) line += ",line=" + std::to_string(where.line);
    line += ',';
  }
  const auto owners = OwnersText(failure);
  std::string title = failure.test + (failure.type == "error" ? " (error)" : " failed");
  if (!owners.empty()) title += " \xE2\x80\x94 owners " + owners;
  line += "title=" + Escaped(CutToChars(title, 500), Target::kWorkflowProperty) + "::";
  return line + Escaped(failure.message, Target::kWorkflowMessage) + "\n";
}

}  // namespace

FailureWhere FailureLocation(const Report& report, const ChatFailure& failure) {
  FailureWhere where;
  const auto colon = failure.location.rfind(':');
  if (colon != std::string::npos) {
    where.given = failure.location.substr(0, colon);
    // Digits (LooksLikeLocation), but as many as an input likes: none that overflow.
    const char* digits = failure.location.c_str() + colon + 1;
    const auto parsed = std::from_chars(digits, digits + std::strlen(digits), where.line);
    if (parsed.ec != std::errc()) where.line = 0;
  } else {
    where.given = failure.file;
    where.line = failure.line;
  }
  where.path = RelativeToRoot(report.repository_root, where.given);
  if (!where.given.empty() && where.given.front() == '/' && report.repository_root.empty()) {
    where.path.clear();
  }
  return where;
}

std::string GitHubAnnotations(const Report& report, const Summary& summary) {
  const auto message = BuildChatMessage(report, summary, kAnnotatedFailures, kAnnotationMessage);
  // A command counts only at the start of a line, and the test's last output may not have
  // ended one (`printf "no newline"`): the commands start on a fresh line.
  std::string commands = message.failures.empty() ? "" : "\n";
  for (const auto& failure : message.failures) commands += Command(report, failure);
  if (message.failure_count > message.failures.size()) {
    const auto more = message.failure_count - message.failures.size();
    commands += "::notice title=" + Escaped(report.name, Target::kWorkflowProperty) +
                "::" + std::to_string(more) +
                (more == 1 ? " more failure is" : " more failures are") +
                " not annotated (GitHub shows " + std::to_string(kAnnotatedFailures) +
                " per step); the job summary and the report list them all\n";
  }
  return commands;
}

}  // namespace gtest_webhook::detail
