// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/complete.h"

#include <algorithm>

#include "assemble/ci.h"
#include "model/selection/quarantine.h"
#include "model/summary.h"
#include "model/test_filter.h"
#include "model/text.h"

namespace gtest_webhook::detail {

std::string DefaultName(const Report& report) {
  if (!report.run.binary.empty()) return DefaultReportName(report.run.binary, report.run.shard);
  if (report.ci && !(report.ci->repository.empty() && report.ci->job.empty())) {
    const auto& ci = *report.ci;
    return ci.repository.empty() ? ci.job
           : ci.job.empty()      ? ci.repository
                                 : ci.repository + " " + ci.job;
  }
  if (report.run.binaries.empty()) return "gtest";
  auto binaries = report.run.binaries;
  std::sort(binaries.begin(), binaries.end());
  constexpr std::size_t kShown = 3;
  std::string name;
  for (std::size_t i = 0; i < binaries.size() && i < kShown; ++i) {
    name += (i == 0 ? "" : " + ") + binaries[i];
  }
  if (binaries.size() > kShown) {
    name += " + " + std::to_string(binaries.size() - kShown) + " more";
  }
  return name;
}

std::string DefaultReportName(const std::string& binary, const std::optional<Shard>& shard) {
  if (!shard) return binary;
  return binary + " [shard " + std::to_string(shard->index) + "/" + std::to_string(shard->total) +
         "]";
}

namespace {

// Tags the tests that a quarantine entry names (SPEC §19); a report with a source leaves that to
// the source. A test process may have tagged one already, with the file it was given.
void MarkQuarantined(Report& report, const Options& options) {
  report.quarantine = options.quarantine;
  report.quarantine_file = options.quarantine_path;
  if (report.source || report.quarantine.empty()) return;
  std::string id;
  for (auto& test : report.test_cases) {
    if (test.outside_test || test.quarantined) continue;
    id.clear();
    AppendHistoryId(report, test, id);
    test.quarantined =
        QuarantineOf(report.quarantine, id, FullName(test)) < report.quarantine.size();
  }
}

}  // namespace

void CompleteReport(Report& report, const Options& options) {
  if (report.run.id.empty()) report.run.id = RandomId();
  report.ci = DetectCi(ProcessEnvironment(), options);
  if (report.run.binaries.empty() && !report.run.binary.empty()) {
    report.run.binaries = {report.run.binary};
  }
  if (report.name.empty()) {
    report.name = options.name.empty() ? DefaultName(report) : options.name;
  }
  if (!report.source && !options.known_bugs.empty()) {
    const TestFilter known_bugs(options.known_bugs);
    for (auto& test : report.test_cases) {
      // A test process may have tagged it already, with the patterns it was given.
      test.tagged_bug =
          test.tagged_bug || (!test.outside_test && known_bugs.Matches(FullName(test)));
    }
  }
  MarkQuarantined(report, options);
  MarkFlaky(report);
}

}  // namespace gtest_webhook::detail
