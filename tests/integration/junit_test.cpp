// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// `send` merges what other tools wrote: JUnit from real Catch2 and doctest binaries and from
// ctest --output-junit, with GoogleTest's own XML, into one report.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "gtest_release.h"
#include "payload_helpers.h"
#include "peer.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;

TEST(SendJUnit, MergesCatch2DoctestCtestAndGoogleTestXmlIntoOneReport) {
  if (std::string(CATCH2_FIXTURE).empty() || std::string(DOCTEST_FIXTURE).empty()) {
    GTEST_WEBHOOK_PEER_MISSING(
        "needs Catch2 and doctest (Debian: catch2 doctest-dev) when configured");
  }
  TempDir dir;
  EXPECT_EQ(RunProcess(CATCH2_FIXTURE, {"--reporter", "junit", "--out", dir.File("catch2.xml")}, {})
                .exit_code,
            2);  // Catch2 exits with the number of failed test cases
  EXPECT_EQ(
      RunProcess(DOCTEST_FIXTURE, {"--reporters=junit", "--out=" + dir.File("doctest.xml")}, {})
          .exit_code,
      1);
  RunProcess(
      PLAIN_FIXTURE,
      {"--gtest_filter=Plain.Passes:Plain.Skips", "--gtest_output=xml:" + dir.File("gtest.xml")},
      {});
  // ctest runs a directory with a CTestTestfile.cmake; each test is a process of its own.
  TempDir tests;
  std::ofstream(tests.File("CTestTestfile.cmake"))
      << "add_test(Plain.Passes \"" << PLAIN_FIXTURE << "\" \"--gtest_filter=Plain.Passes\")\n"
      << "add_test(Plain.Fails \"" << PLAIN_FIXTURE << "\" \"--gtest_filter=Plain.Fails\")\n";
  RunProcess("/bin/sh",
             {"-c", "cd '" + tests.path() + "' && ctest --output-junit '" + dir.File("ctest.xml") +
                        "' >/dev/null 2>&1"},
             {});

  Receiver receiver;
  const auto run = RunProcess(CLI, {"send", dir.path()}, {{"GTEST_WEBHOOK_URL", receiver.Url()}});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(receiver.Requests().size(), 1U) << run.err;
  const auto payload = json::parse(receiver.Requests()[0].body);
  EXPECT_EQ(payload["run"]["processes"], 1 + 1 + 1 + 2);
  // GoogleTest's own file does not name its binary: its file name does (gtest.xml).
  EXPECT_EQ(payload["run"]["binaries"],
            json::array({"catch2_fixture", "doctest_fixture", "gtest"}));
  EXPECT_EQ(payload["tests"], 3 + 2 + 2 + 2);
  EXPECT_EQ(payload["failures"], 1 + 1 + 1);
  EXPECT_EQ(payload["errors"], 1);
  EXPECT_EQ(payload["skip"], 1);

  const auto compares = FindCase(payload, "global", "Compares <strings> & \"quotes\"");
  EXPECT_EQ(compares["binary"], "catch2_fixture");
  EXPECT_EQ(compares["status"], "failed");
  EXPECT_NE(compares["error"]["message"].get<std::string>().find("CHECK"), std::string::npos);
  EXPECT_EQ(FindCase(payload, "global", "Throws")["error"]["type"], "error");
  EXPECT_EQ(FindCase(payload, "doctest_tests.cpp", "rejects words")["binary"], "doctest_fixture");
  EXPECT_EQ(FindCase(payload, "Plain", "Fails")["status"], "failed");  // ctest's test Plain.Fails
  const auto skipped = FindCase(payload, "Plain", "Skips");
  EXPECT_EQ(skipped["status"], "skipped");  // from GoogleTest's XML
  if (kGoogleTestRelease >= 111) {          // which says why from 1.11 on
    EXPECT_NE(skipped["skipReason"].get<std::string>().find("plain skip"), std::string::npos);
  }
}

}  // namespace
}  // namespace gtest_webhook::testing
