// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "deliver/ci/pages.h"

#include <functional>

#include "bounds.h"
#include "platform/files.h"
#include "render/ci/annotations.h"
#include "render/ci/html_page.h"
#include "render/ci/junit.h"
#include "render/ci/step_summary.h"

namespace gtest_webhook::detail {
namespace {

// Writes `path` (named by `variable`) with `write`, replacing it whole once written; a file that
// cannot be written is one line in `problems`.
void WriteFile(const char* variable, const std::string& path,
               const std::function<void(platform::FileWriter&)>& write,
               std::vector<std::string>& problems) {
  std::string why;
  const auto file = platform::FileWriter::Open(path, platform::Access::kShared, why);
  if (file) {
    write(*file);
    why = file->Commit();
  }
  if (!why.empty())
    problems.push_back(std::string(variable) + ": cannot write '" + path + "': " + why);
}

void AppendSummary(const Report& report, const Summary& summary, const std::string& path,
                   std::vector<std::string>& problems) {
  // Several reports may append to one step's summary (GitHub drops a summary over 1 MiB whole):
  // each takes only the room the others left, and a blank line keeps them apart.
  bool full = false;
  const auto why = platform::AppendToFile(path, [&](std::uint64_t held) {
    const auto room = held < kSummaryBytes ? kSummaryBytes - held : 0;
    auto text = StepSummary(report, summary, room, held);
    full = text.empty();
    return full ? text : text + "\n";
  });
  if (!why.empty()) {
    problems.push_back("GTEST_WEBHOOK_SUMMARY: cannot append to '" + path + "': " + why);
  } else if (full) {
    problems.push_back("GTEST_WEBHOOK_SUMMARY: '" + path +
                       "' already holds nearly 1 MiB of other reports, all that GitHub shows of "
                       "a step's summary: this report adds nothing to it");
  }
}

}  // namespace

void WriteCiPages(const Report& report, const Summary& summary, const Options& options,
                  std::ostream& annotations, std::vector<std::string>& problems) {
  if (report.event == Event::kTest || report.event == Event::kRunStart) return;
  if (!options.junit_path.empty()) {
    WriteFile(
        "GTEST_WEBHOOK_JUNIT", options.junit_path,
        [&report](platform::FileWriter& file) {
          WriteJUnit(report, [&file](std::string_view piece) { file.Write(piece); });
        },
        problems);
  }
  if (!options.summary_path.empty()) AppendSummary(report, summary, options.summary_path, problems);
  if (!options.html_path.empty()) {
    WriteFile(
        "GTEST_WEBHOOK_HTML", options.html_path,
        [&](platform::FileWriter& file) { file.Write(HtmlPage(report, summary)); }, problems);
  }
  if (options.github_annotations) {
    annotations << GitHubAnnotations(report, summary) << std::flush;
  }
}

}  // namespace gtest_webhook::detail
