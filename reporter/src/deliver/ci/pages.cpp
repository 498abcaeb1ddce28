#include "deliver/ci/pages.h"

#include "bounds.h"
#include "platform/files.h"
#include "render/ci/annotations.h"
#include "render/ci/html_page.h"
#include "render/ci/junit.h"
#include "render/ci/step_summary.h"

namespace gtest_webhook::detail {
namespace {

void WriteJUnitFile(const Report& report, const std::string& path,
                    std::vector<std::string>& problems) {
  std::string why;
  const auto file = platform::FileWriter::Open(path, 0644, why);
  if (file) {
    WriteJUnit(report, [&file](std::string_view piece) { file->Write(piece); });
    why = file->Commit();
  }
  if (!why.empty()) problems.push_back("GTEST_WEBHOOK_JUNIT: cannot write '" + path + "': " + why);
}

void WriteHtmlFile(const Report& report, const Summary& summary, const std::string& path,
                   std::vector<std::string>& problems) {
  std::string why;
  const auto file = platform::FileWriter::Open(path, 0644, why);
  if (file) {
    file->Write(HtmlPage(report, summary));
    why = file->Commit();
  }
  if (!why.empty()) problems.push_back("GTEST_WEBHOOK_HTML: cannot write '" + path + "': " + why);
}

void AppendSummary(const Report& report, const Summary& summary, const std::string& path,
                   std::vector<std::string>& problems) {
  // Several reports may append to one step's summary: a blank line keeps them apart.
  const auto why = platform::AppendToFile(path, StepSummary(report, summary, kSummaryBytes) + "\n");
  if (!why.empty()) {
    problems.push_back("GTEST_WEBHOOK_SUMMARY: cannot append to '" + path + "': " + why);
  }
}

}  // namespace

void WriteCiPages(const Report& report, const Summary& summary, const Options& options,
                  std::ostream& annotations, std::vector<std::string>& problems) {
  if (report.event == Event::kTest || report.event == Event::kRunStart) return;
  if (!options.junit_path.empty()) WriteJUnitFile(report, options.junit_path, problems);
  if (!options.summary_path.empty()) AppendSummary(report, summary, options.summary_path, problems);
  if (!options.html_path.empty()) WriteHtmlFile(report, summary, options.html_path, problems);
  if (options.github_annotations) {
    annotations << GitHubAnnotations(report, summary) << std::flush;
  }
}

}  // namespace gtest_webhook::detail
