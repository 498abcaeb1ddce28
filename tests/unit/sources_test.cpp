// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Inputs recognised by their content and read into processes. The XML and JSON texts here are
// what the real tools write (GoogleTest 1.12, ctest 3.25, Catch2 2.13, doctest 2.4); the
// integration tests run the tools themselves.

#include "inputs/sources.h"

#include <gtest/gtest.h>

#include "capture/collect_format.h"
#include "inputs/collect_reader.h"
#include "model/report.h"
#include "render/payload.h"

namespace gtest_webhook::detail {
namespace {

const TestCase& Only(const SourceResult& result, std::size_t index = 0) {
  return result.processes.at(0).report.test_cases.at(index);
}

TEST(ReadInput, NamesWhatItCannotUse) {
  EXPECT_EQ(ReadInput("", "empty.json", 1024).problems.at(0).what, "the file is empty");
  EXPECT_NE(ReadInput("hello", "notes.txt", 1024).problems.at(0).what.find("not a test report"),
            std::string::npos);
  EXPECT_NE(ReadInput(R"({"testsuites": [)", "cut.json", 1024)
                .problems.at(0)
                .what.find("parse error at byte"),
            std::string::npos);
  EXPECT_NE(ReadInput(R"({"a": 1})", "other.json", 1024)
                .problems.at(0)
                .what.find("neither GoogleTest output nor a gtest-webhook report"),
            std::string::npos);
  EXPECT_NE(ReadInput("<testsuites><testsuite>", "cut.xml", 1024)
                .problems.at(0)
                .what.find("not valid XML"),
            std::string::npos);
  EXPECT_NE(ReadInput("<html/>", "page.xml", 1024).problems.at(0).what.find("its root is <html>"),
            std::string::npos);
}

TEST(ReadInput, AGoogleTestListingIsNoRun) {
  const auto json = ReadInput(R"({"tests": 1, "name": "AllTests", "testsuites": [
      {"name": "S", "tests": 1, "testsuite": [{"name": "T", "file": "a.cpp", "line": 3}]}]})",
                              "list.json", 1024);
  EXPECT_TRUE(json.processes.empty());
  EXPECT_TRUE(json.problems.empty());
  EXPECT_NE(json.notes.at(0).find("a test listing (--gtest_list_tests)"), std::string::npos);
  const auto xml = ReadInput(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="1" name="AllTests">
  <testsuite name="S" tests="1"><testcase name="T" file="a.cpp" line="3" /></testsuite>
</testsuites>)xml",
                             "list.xml", 1024);
  EXPECT_TRUE(xml.processes.empty());
  EXPECT_EQ(xml.notes.size(), 1U);
}

TEST(ReadInput, GoogleTestXml) {
  const auto result = ReadInput(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="4" failures="1" disabled="1" errors="0" time="0.5" timestamp="2026-11-25T09:25:29.245" name="AllTests" random_seed="42">
  <testsuite name="Basic" tests="4" failures="1" disabled="1" skipped="1" errors="0" time="0.5">
    <testcase name="FailsTwice" file="/src/a.cpp" line="38" status="run" result="completed" time="0.25" classname="Basic">
      <failure message="/src/a.cpp:39&#x0A;first" type=""><![CDATA[/src/a.cpp:39
first]]></failure>
      <failure message="/src/a.cpp:40&#x0A;second" type=""><![CDATA[/src/a.cpp:40
second]]></failure>
    </testcase>
    <testcase name="Skips" file="/src/a.cpp" line="42" status="run" result="skipped" time="0" classname="Basic">
      <skipped message="/src/a.cpp:42&#x0A;not today"><![CDATA[/src/a.cpp:42
not today]]></skipped>
    </testcase>
    <testcase name="DISABLED_Never" file="/src/a.cpp" line="43" status="notrun" result="suppressed" time="0" classname="Basic" />
    <testcase name="Records" file="/src/a.cpp" line="44" status="run" result="completed" time="0" classname="Basic">
      <properties><property name="ticket" value="ABC-1"/></properties>
    </testcase>
  </testsuite>
  <testsuite name="NonTestSuiteFailure" tests="1" failures="1" disabled="0" skipped="0" errors="0" time="0">
    <testcase name="" status="run" result="completed" classname="" time="0">
      <failure message="env.cpp:22&#x0A;Failed" type=""><![CDATA[env.cpp:22
Failed]]></failure>
    </testcase>
  </testsuite>
</testsuites>)xml",
                                "unit.xml", 65536);
  ASSERT_EQ(result.processes.size(), 1U);
  const auto& process = result.processes[0];
  EXPECT_EQ(process.kind, InputKind::kGoogleTestOutput);
  EXPECT_EQ(process.report.run.disabled, 1);
  EXPECT_EQ(process.report.run.random_seed, 42);
  EXPECT_EQ(process.report.run.finished_at_ms - process.report.run.started_at_ms, 500);
  ASSERT_EQ(process.report.test_cases.size(), 4U);
  EXPECT_EQ(Only(result, 0).status, Status::kFailed);
  EXPECT_EQ(Only(result, 0).message, "/src/a.cpp:39\nfirst\n\n/src/a.cpp:40\nsecond");
  EXPECT_EQ(Only(result, 0).time_ms, 250);
  EXPECT_EQ(Only(result, 1).status, Status::kSkipped);
  EXPECT_EQ(Only(result, 1).message, "/src/a.cpp:42\nnot today");
  EXPECT_EQ(Only(result, 2).properties.at(0).second, "ABC-1");
  // The environment's failure; the tests ran, so it was its TearDown.
  EXPECT_EQ(Only(result, 3).class_name, kEnvironmentClassName);
  EXPECT_EQ(Only(result, 3).name, "TearDown");
  EXPECT_EQ(Only(result, 3).status, Status::kError);
}

// GoogleTest 1.16 and later record a suite's own failures as a test without a name, and 1.14
// and later end every text with a newline: read as 1.12 words it, each failure once.
TEST(ReadInput, GoogleTest118Json) {
  const auto result = ReadInput(
      R"({"tests": 3, "name": "AllTests", "timestamp": "2026-11-25T10:28:49Z", "testsuites": [
    {"name": "Basic", "testsuite": [
      {"name": "Skips", "file": "/src/a.cpp", "line": 44, "status": "RUN", "result": "SKIPPED",
       "timestamp": "2026-11-25T10:28:49Z", "time": "0s", "classname": "Basic",
       "skipped": [{"message": "/src/a.cpp:44\nnot today\n"}]},
      {"name": "Fails", "file": "/src/a.cpp", "line": 45, "status": "RUN", "result": "COMPLETED",
       "timestamp": "2026-11-25T10:28:49Z", "time": "0s", "classname": "Basic",
       "failures": [{"failure": "/src/a.cpp:46\nfirst\n", "type": ""},
                    {"failure": "/src/a.cpp:47\nsecond\n", "type": ""}]}]},
    {"name": "SetUpFails", "testsuite": [
      {"name": "First", "file": "/src/a.cpp", "line": 106, "status": "RUN", "result": "SKIPPED",
       "timestamp": "1970-01-01T00:00:00Z", "time": "0s", "classname": "SetUpFails",
       "skipped": [{"message": "/src/a.cpp:106\n"}]},
      {"name": "", "status": "RUN", "result": "COMPLETED", "timestamp": "1970-01-01T00:00:00Z",
       "time": "0s", "classname": "",
       "failures": [{"failure": "/src/a.cpp:104\nFailed\nsuite set-up broke\n", "type": ""}]}]},
    {"name": "TearDownFails", "testsuite": [
      {"name": "Passes", "file": "/src/a.cpp", "line": 119, "status": "RUN", "result": "COMPLETED",
       "timestamp": "2026-11-25T10:28:49Z", "time": "0s", "classname": "TearDownFails"},
      {"name": "", "status": "RUN", "result": "COMPLETED", "timestamp": "1970-01-01T00:00:00Z",
       "time": "0s", "classname": "",
       "failures": [{"failure": "/src/a.cpp:117\nFailed\nsuite tear-down broke\n", "type": ""}]}]}]})",
      "unit.json", 65536);
  ASSERT_EQ(result.processes.size(), 1U);
  const auto& tests = result.processes[0].report.test_cases;
  ASSERT_EQ(tests.size(), 6U);
  EXPECT_EQ(tests[0].message, "/src/a.cpp:44\nnot today");
  EXPECT_EQ(tests[1].message, "/src/a.cpp:46\nfirst\n\n/src/a.cpp:47\nsecond");
  // The set-up's failure comes before the tests it skipped; a skip that gave no reason has none.
  EXPECT_EQ(tests[2].class_name, "SetUpFails");
  EXPECT_EQ(tests[2].name, "SetUpTestSuite");
  EXPECT_EQ(tests[2].status, Status::kError);
  EXPECT_EQ(tests[2].message, "/src/a.cpp:104\nFailed\nsuite set-up broke");
  EXPECT_EQ(tests[3].name, "First");
  EXPECT_EQ(tests[3].status, Status::kSkipped);
  EXPECT_EQ(tests[3].message, "");
  EXPECT_EQ(tests[5].class_name, "TearDownFails");
  EXPECT_EQ(tests[5].name, "TearDownTestSuite");
}

// GoogleTest 1.10 lists the tests it never ran after its environment's SetUp failed as run and
// completed, and records no failure: a build must not look stable for it.
TEST(ReadInput, ATestGoogleTestListsAsRunButNeverStartedIsAnError) {
  const auto json = ReadInput(
      R"({"tests": 1, "name": "AllTests", "timestamp": "2026-11-25T10:39:38Z", "testsuites": [
    {"name": "Basic", "testsuite": [{"name": "Passes", "status": "RUN", "result": "COMPLETED",
      "timestamp": "1970-01-01T00:00:00Z", "time": "0s", "classname": "Basic"}]}]})",
      "e10.json", 1024);
  EXPECT_EQ(Only(json).status, Status::kError);
  EXPECT_NE(Only(json).message.find("never started"), std::string::npos);
  const auto xml = ReadInput(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="1" failures="0" disabled="0" errors="0" time="0" timestamp="2026-11-25T10:39:38" name="AllTests">
  <testsuite name="Basic" tests="1" failures="0" disabled="0" errors="0" time="0" timestamp="1970-01-01T00:00:00">
    <testcase name="Passes" status="run" result="completed" time="0" timestamp="1970-01-01T00:00:00" classname="Basic" />
    <testcase name="Skips" status="run" result="skipped" time="0" timestamp="1970-01-01T00:00:00" classname="Basic" />
  </testsuite>
</testsuites>)xml",
                             "e10.xml", 1024);
  EXPECT_EQ(Only(xml, 0).status, Status::kError);
  EXPECT_EQ(Only(xml, 1).status, Status::kSkipped);  // skipped, not "never started"
}

TEST(ReadInput, CtestJUnit) {
  const auto result = ReadInput(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="(empty)" tests="6" failures="1" disabled="1" skipped="3" hostname="" time="0" timestamp="2026-11-25T09:25:51">
	<testcase name="S.Ok" classname="S.Ok" time="0.00245023" status="run"><system-out>ok</system-out></testcase>
	<testcase name="S.Bad" classname="S.Bad" time="0.00258828" status="fail"><failure message=""/></testcase>
	<testcase name="S.Skip" classname="S.Skip" time="0.001" status="notrun"><skipped message="SKIP_REGULAR_EXPRESSION_MATCHED"/></testcase>
	<testcase name="whole" classname="whole" time="0.002" status="run"></testcase>
	<testcase name="off" classname="off" time="0" status="disabled"><system-out>Disabled</system-out></testcase>
	<testcase name="missing" classname="missing" time="0" status="notrun"><skipped message="Unable to find executable"/></testcase>
</testsuite>)xml",
                                "ctest.xml", 1024);
  ASSERT_EQ(result.processes.size(), 1U);
  const auto& process = result.processes[0];
  EXPECT_EQ(process.report.run.binary, "");  // ctest does not say
  EXPECT_EQ(process.report.run.processes, 5);
  EXPECT_EQ(process.report.run.disabled, 1);
  ASSERT_EQ(process.report.test_cases.size(), 5U);
  EXPECT_EQ(Only(result, 0).class_name, "S");  // gtest_discover_tests' Suite.Test
  EXPECT_EQ(Only(result, 0).name, "Ok");
  EXPECT_EQ(Only(result, 0).time_ms, 2);
  EXPECT_EQ(Only(result, 1).status, Status::kFailed);
  EXPECT_EQ(Only(result, 2).status, Status::kSkipped);
  EXPECT_EQ(Only(result, 3).class_name, "ctest");
  EXPECT_EQ(Only(result, 3).name, "whole");
  // ctest counts a test it could not run as failed.
  EXPECT_EQ(Only(result, 4).status, Status::kError);
  EXPECT_EQ(Only(result, 4).message, "ctest could not run it: Unable to find executable");
}

TEST(ReadInput, Catch2AndDoctestJUnit) {
  const auto catch2 = ReadInput(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="math_catch" errors="1" failures="1" tests="3" hostname="tbd" time="0.000" timestamp="2026-11-25T09:25:46Z">
    <testcase classname="math_catch.global" name="Adds numbers" time="0.000" status="run"/>
    <testcase classname="math_catch.global" name="Fails &lt;here>" time="0.001" status="run">
      <failure message="1 == 2" type="CHECK">
FAILED:
  CHECK( 1 == 2 )
at c2.cpp:4
      </failure>
    </testcase>
    <testcase classname="math_catch.global" name="Throws" time="0.000" status="run">
      <error type="TEST_CASE">
FAILED:
boom
at c2.cpp:6
      </error>
    </testcase>
    <system-out/>
    <system-err/>
  </testsuite>
</testsuites>)xml",
                                "catch2.xml", 1024);
  ASSERT_EQ(catch2.processes.size(), 1U);
  EXPECT_EQ(catch2.processes[0].report.run.binary, "math_catch");
  EXPECT_EQ(Only(catch2, 0).class_name, "global");
  EXPECT_EQ(Only(catch2, 1).name, "Fails <here>");
  EXPECT_EQ(Only(catch2, 1).status, Status::kFailed);
  EXPECT_EQ(Only(catch2, 1).message, "FAILED:\n  CHECK( 1 == 2 )\nat c2.cpp:4");
  EXPECT_EQ(Only(catch2, 2).status, Status::kError);

  const auto doctest = ReadInput(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="./build/text_doctest" errors="1" failures="1" tests="2" time="0" timestamp="2026-11-25T09:25:46Z" doctest_version="2.4.9">
    <testcase classname="/src/dt.cpp" name="adds" time="0" status="run"/>
    <testcase classname="/src/dt.cpp" name="fails" time="0" status="run">
      <failure message="1 == 2" type="CHECK">
dt.cpp:5:
CHECK( 1 == 2 ) is NOT correct!
      </failure>
    </testcase>
  </testsuite>
</testsuites>)xml",
                                 "doctest.xml", 1024);
  EXPECT_EQ(doctest.processes.at(0).report.run.binary, "text_doctest");
  EXPECT_EQ(Only(doctest, 1).class_name, "dt.cpp");
  EXPECT_EQ(Only(doctest, 1).file, "/src/dt.cpp");
  EXPECT_EQ(Only(doctest, 1).status, Status::kFailed);
}

TEST(ReadInput, APayloadsUnknownRunStatusCountsAsACrashWithANote) {
  Report report;
  report.name = "unit";
  report.run.id = "abc";
  auto payload = SerializePayload(report);
  const std::string finished = "\"status\":\"finished\"";
  const auto at = payload.find(finished);
  ASSERT_NE(at, std::string::npos) << payload;
  payload.replace(at, finished.size(), "\"status\":\"weird\\u001b\"");
  const auto result = ReadInput(payload, "out.json", 1024);
  ASSERT_EQ(result.processes.size(), 1U);
  EXPECT_EQ(result.processes[0].report.run.status, RunStatus::kCrashed);
  ASSERT_EQ(result.notes.size(), 1U);
  EXPECT_NE(result.notes[0].find("out.json: the run status weird"), std::string::npos)
      << result.notes[0];
  EXPECT_NE(result.notes[0].find("it counts as crashed"), std::string::npos);
}

TEST(ReadInput, APayloadReadsBackAsItWasSent) {
  Report report;
  report.name = "unit";
  report.run.id = "abc";
  report.run.status = RunStatus::kTimeout;
  report.run.binary = "unit";
  report.run.binaries = {"unit"};
  report.run.processes = 3;
  report.run.started_at_ms = 1'700'000'000'123;
  report.run.finished_at_ms = 1'700'000'001'456;
  TestCase skipped;
  skipped.class_name = "S";
  skipped.name = "T";
  skipped.binary = "unit";
  skipped.status = Status::kSkipped;
  skipped.message = "a.cpp:1\nlater";
  skipped.time_ms = 1500;
  skipped.properties = {{"k", "v"}};
  TestCase bug = skipped;
  bug.status = Status::kFailed;
  bug.tagged_bug = true;
  report.test_cases = {skipped, bug};
  const auto result = ReadInput(SerializePayload(report), "out.json", 1024);
  ASSERT_EQ(result.processes.size(), 1U);
  const auto& read = result.processes[0].report;
  EXPECT_EQ(read.run.id, "abc");
  EXPECT_EQ(read.run.status, RunStatus::kTimeout);
  EXPECT_EQ(read.run.processes, 3);
  EXPECT_EQ(read.run.started_at_ms, report.run.started_at_ms);
  EXPECT_EQ(read.run.finished_at_ms, report.run.finished_at_ms);
  ASSERT_EQ(read.test_cases.size(), 2U);
  EXPECT_EQ(read.test_cases[0].status, Status::kSkipped);
  EXPECT_EQ(read.test_cases[0].message, "a.cpp:1\nlater");
  EXPECT_EQ(read.test_cases[0].time_ms, 1500);
  EXPECT_EQ(read.test_cases[0].binary, "unit");
  EXPECT_EQ(read.test_cases[0].properties, skipped.properties);
  EXPECT_TRUE(read.test_cases[1].tagged_bug);
}

// A collect file as a process that died left it: records, one torn by its end, and the zeros
// of space never written.
std::string CollectFile(const std::string& records, bool header = true) {
  std::string text;
  if (header) {
    CollectHeader values;
    values.id = "0011";
    values.binary = "unit";
    values.pid = 77;
    values.started_at_ms = 1000;
    AppendHeaderRecord(text, values);
    text += '\n';
  }
  return text + records;
}

TEST(ReadCollectFile, ATornRecordIsSkippedAndTheRunningTestBlamed) {
  const std::string torn = R"({"t":"case","suite":"S","name":"Crash)";
  const auto text = CollectFile(R"({"t":"start","suite":"S","name":"Crashes","at":1005})"
                                "\n" +
                                torn + std::string(1, '\0') +
                                R"({"t":"signal","signal":11,"name":"SIGSEGV","at":1009})" + "\n" +
                                std::string(100, '\0'));
  const auto result = ReadInput(text, "c.jsonl", 1024);
  ASSERT_EQ(result.processes.size(), 1U)
      << (result.problems.empty() ? "" : result.problems[0].what);
  const auto& process = result.processes[0];
  EXPECT_TRUE(result.problems.empty());
  EXPECT_FALSE(process.finished);
  EXPECT_EQ(process.kind, InputKind::kCollect);
  EXPECT_EQ(process.report.run.id, "0011");
  EXPECT_EQ(process.report.run.binary, "unit");
  ASSERT_TRUE(process.running);
  EXPECT_EQ(process.running->name, "Crashes");
  EXPECT_EQ(process.running->time_ms, 4);
  EXPECT_EQ(process.ending.signal, "SIGSEGV");
}

TEST(ReadCollectFile, TruncatedCorruptAndStillWritten) {
  const auto truncated = ReadInput(CollectFile(R"({"t":"start","suite":"S","na)"), "t.jsonl", 1024);
  ASSERT_EQ(truncated.processes.size(), 1U);
  EXPECT_NE(truncated.processes[0].ending.explanation.find("t.jsonl is truncated at byte"),
            std::string::npos);
  EXPECT_EQ(truncated.notes.size(), 1U);

  const auto corrupt =
      ReadInput(CollectFile("{\"t\":\"case\",\"status\":\"maybe\"}\n"), "c.jsonl", 1024);
  ASSERT_EQ(corrupt.problems.size(), 1U);
  EXPECT_NE(corrupt.problems[0].what.find("is corrupt; a result may be missing"),
            std::string::npos);

  const auto alive = ReadInput(CollectFile(""), "a.jsonl", 1024, true);
  EXPECT_NE(alive.processes.at(0).ending.explanation.find("process 77 was still writing"),
            std::string::npos);

  const auto headless = ReadInput(std::string(kCollectMagic) + ",\"id\":", "h.jsonl", 1024);
  EXPECT_TRUE(headless.processes.empty());
  EXPECT_NE(headless.problems.at(0).what.find("not a valid header"), std::string::npos);
}

TEST(ReadCollectFile, AFinishedFile) {
  TestCase test;
  test.class_name = "S";
  test.name = "T";
  test.status = Status::kFailed;
  test.message = "a.cpp:2\nboom";
  test.iteration = 1;
  test.tagged_bug = true;
  test.properties = {{"k", "v"}};
  std::string records;
  AppendIterationRecord(records, 0, 99);
  records += '\n';
  AppendCaseRecord(records, test);
  records += '\n';
  AppendEndRecord(records, RunStatus::kFinished, 2000, 2, 1);
  records += '\n';
  const auto result = ReadInput(CollectFile(records), "f.jsonl", 1024);
  const auto& process = result.processes.at(0);
  EXPECT_TRUE(process.finished);
  EXPECT_EQ(process.report.run.iterations, 2);
  EXPECT_EQ(process.report.run.disabled, 1);
  EXPECT_EQ(process.report.run.random_seed, 99);
  EXPECT_EQ(process.report.run.finished_at_ms, 2000);
  const auto& read = process.report.test_cases.at(0);
  EXPECT_EQ(read.status, Status::kFailed);
  EXPECT_EQ(read.message, test.message);
  EXPECT_EQ(read.iteration, 1);
  EXPECT_TRUE(read.tagged_bug);
  EXPECT_EQ(read.properties, test.properties);
}

TEST(ParseTimestamp, GoogleTestAndJUnitForms) {
  EXPECT_EQ(ParseTimestamp("2026-11-25T09:25:30Z"), 1795598730000);
  EXPECT_EQ(ParseTimestamp("2026-11-25T09:25:30.5Z"), 1795598730500);
  EXPECT_EQ(ParseTimestamp("2026-11-25T09:25:30.245Z"), 1795598730245);
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseTimestamp("yesterday"), 0);
  EXPECT_GT(ParseTimestamp("2026-11-25T09:25:30"), 0);  // local time
}

}  // namespace
}  // namespace gtest_webhook::detail
