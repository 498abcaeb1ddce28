// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "assemble/send_report.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "assemble/merge.h"
#include "model/text.h"
#include "platform/files.h"

namespace gtest_webhook::detail {

std::string SharedName(const std::vector<std::string>& files) {
  if (files.empty()) return {};
  std::string common = FileStem(files.front());
  for (const auto& file : files) {
    const auto stem = FileStem(file);
    std::size_t n = 0;
    while (n < common.size() && n < stem.size() && common[n] == stem[n]) ++n;
    common.resize(n);
  }
  if (files.size() > 1) {
    const auto trim = [&common](const char* separators) {
      while (!common.empty() && std::strchr(separators, common.back()) != nullptr) {
        common.pop_back();
      }
    };
    trim("0123456789-_. ");
    const std::string shard = "shard";
    if (common.size() > shard.size() &&
        common.compare(common.size() - shard.size(), shard.size(), shard) == 0) {
      common.resize(common.size() - shard.size());
      trim("-_. ");
    }
  }
  return common;
}

Report SendReport(Inputs inputs, const std::string& name, const std::string& configured_name,
                  std::vector<std::string>& notes) {
  auto report = Merge(std::move(inputs.processes), inputs.problems, notes);
  report.name = name;
  // GoogleTest's own files do not name their binary; then shards are named after their files.
  if (report.name.empty() && configured_name.empty() && report.run.binaries.empty()) {
    report.name = SharedName(inputs.files);
  }
  report.event = Event::kRunFinish;
  if (report.run.started_at_ms == 0) report.run.started_at_ms = NowUnixMs();
  report.run.finished_at_ms = std::max(report.run.finished_at_ms, report.run.started_at_ms);
  return report;
}

Report WiringTestReport(const std::string& name) {
  Report report;
  report.name = name.empty() ? "gtest-webhook test" : name;
  report.event = Event::kTest;
  report.run.started_at_ms = report.run.finished_at_ms = NowUnixMs();
  report.run.binary = "gtest-webhook";
  report.run.host = platform::HostName();
  report.run.iterations = 1;
  TestCase example;
  example.class_name = "GtestWebhook";
  example.name = "WebhookIsReachable";
  report.test_cases.push_back(example);
  return report;
}

}  // namespace gtest_webhook::detail
