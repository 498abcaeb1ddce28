// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The report as JUnit XML (SPEC §17), for the test tabs of GitLab, Jenkins, Azure Pipelines and
// CircleCI: one <testsuite> per (binary, suite), valid against the strict junit-10.xsd of Jenkins'
// xUnit plugin but for the `file` and `line` attributes of each <testcase>.

#include <functional>
#include <string_view>

#include "model/report.h"

namespace gtest_webhook::detail {

/// Writes `report` as JUnit XML, piece by piece, to `write`. Its counts are of <testcase>
/// elements, known bugs included (JUnit has no such thing).
/// The attempts at one test are one <testcase>: a flaky test's failed attempts are its
/// <flakyFailure>/<flakyError>, a test that failed every attempt has its first failure and a
/// <rerunFailure>/<rerunError> for each later one (Maven Surefire's meaning of them).
void WriteJUnit(const Report& report, const std::function<void(std::string_view)>& write);

}  // namespace gtest_webhook::detail
