// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The pieces of output capture (SPEC §16): marks found in a stream read in any pieces, what is
// kept of a test's output and its sanitizer reports, and the same told apart by GoogleTest's own
// lines for a process without marks.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "capture/capture_start.h"
#include "capture/named_output.h"
#include "capture/test_output.h"
#include "inputs/collect_reader.h"
#include "platform/capture.h"

namespace gtest_webhook::detail {
namespace {

using platform::MarkScanner;

std::string Token() { return std::string("\0\x11\x22\x33\x44\x55\x66\x77", 8); }

std::string Mark(std::uint32_t number) {
  std::string mark = Token();
  for (int i = 0; i < 4; ++i) mark += static_cast<char>((number >> (8 * i)) & 0xFF);
  return mark;
}

// The stream cut into pieces of `size` bytes: text and marks as the scanner gives them.
std::string ScanInPieces(const std::string& stream, std::size_t size) {
  MarkScanner scanner(Token());
  std::string seen;
  for (std::size_t at = 0; at < stream.size(); at += size) {
    scanner.Scan(
        std::string_view(stream).substr(at, size), [&](std::string_view text) { seen += text; },
        [&](std::uint32_t number) { seen += "<" + std::to_string(number) + ">"; });
  }
  return seen + scanner.TakeHeld();
}

TEST(MarkScanner, FindsMarksWhereverTheReadsCut) {
  const std::string zero("\0", 1);
  const auto stream = "one " + Mark(1) + "two" + zero + "x " + Mark(258) + Mark(70000) + "three" +
                      Token().substr(0, 5);
  const auto expected = "one <1>two" + zero + "x <258><70000>three" + Token().substr(0, 5);
  for (std::size_t size = 1; size <= stream.size(); ++size) {
    EXPECT_EQ(ScanInPieces(stream, size), expected) << "pieces of " << size;
  }
}

// A read that emptied its pipe never ends inside a mark (each is one write): a zero byte at its
// end, or the start of a token, is text that waits for nothing.
TEST(MarkScanner, ACompleteReadHoldsNothingBack) {
  MarkScanner scanner(Token());
  std::string seen;
  const auto text = [&](std::string_view piece) { seen += piece; };
  const auto mark = [&](std::uint32_t number) { seen += "<" + std::to_string(number) + ">"; };
  scanner.Scan(std::string("visible\0", 8), text, mark, true);
  EXPECT_EQ(seen, std::string("visible\0", 8));
  EXPECT_FALSE(scanner.holding());
  scanner.Scan("prompt> " + Token().substr(0, 3), text, mark, true);
  EXPECT_FALSE(scanner.holding());
  scanner.Scan("x" + Token().substr(0, 3), text, mark, false);  // the read was cut: it may be one
  EXPECT_TRUE(scanner.holding());
  scanner.Scan(Token().substr(3) + std::string("\x07\0\0\0", 4), text, mark, true);
  EXPECT_EQ(seen, std::string("visible\0", 8) + "prompt> " + Token().substr(0, 3) + "x<7>");
}

// The copier read stderr after stdout, and the test process wrote in between: stderr already
// holds the keep mark of test 1 and the start of test 2 while what test 1 wrote to stdout is
// not all read yet. Its rest must still be test 1's, before its keep mark; found by the
// golden payload test in CI, whose first failed test once had no output.
TEST(MarkedStreams, APieceAfterAMarkTheOtherStreamHasNotReachedWaitsForIt) {
  platform::MarkedStreams streams(Token());
  std::string seen;
  std::uint32_t last = 0;
  const auto forward = [&](int stream, std::string_view text, std::uint32_t number) {
    if (number != last) seen += "<" + std::to_string(number) + ">";
    last = number;
    if (!text.empty()) seen += (stream == 1 ? "out:" : "err:") + std::string(text) + " ";
  };
  // Start marks 2K, keep marks 2K+1 (TestOutput): test 1 starts at 2, is kept at 3.
  streams.Take(Mark(2) + "one-a", Mark(2) + Mark(3) + Mark(4) + "two-err", true, true, forward);
  EXPECT_EQ(seen, "<2>out:one-a ");
  streams.Take("one-b" + Mark(3) + Mark(4) + "two-out", "", true, true, forward);
  EXPECT_EQ(seen, "<2>out:one-a out:one-b <3><4>err:two-err out:two-out ");
  // A stream that ended holds nothing back.
  streams.Take(Mark(5) + "three", "", true, false, forward);
  EXPECT_EQ(seen, "<2>out:one-a out:one-b <3><4>err:two-err out:two-out <5>out:three ");
}

// Test `test` starts and writes `text` to `stream` (1 stdout, 2 stderr).
void Runs(TestOutput& output, std::uint32_t test, int stream, std::string_view text) {
  output.Marked(TestOutput::StartMark(test));
  output.Output(stream, text);
}

TEST(TestOutput, KeepsTheLastBytesOfTheRunningTestOnly) {
  TestOutput output(16);
  Runs(output, 1, 1, "before\n");
  Runs(output, 2, 1, "0123456789");
  output.Output(2, "abcdefghij");
  EXPECT_EQ(output.Text(), "456789abcdefghij");
  EXPECT_EQ(DecodeCaptured(output.Answer(TestOutput::kAskTest)).output, "456789abcdefghij");
}

TEST(TestOutput, AnAddressSanitizerReportIsKeptHeadAndTail) {
  TestOutput output(300);
  Runs(output, 1, 1, "the test's own words\n");
  output.Output(2, "=================\n==7==ERROR: AddressSanitizer: heap-use-after-free on x\n");
  for (int i = 0; i < 100; ++i) output.Output(2, "    #" + std::to_string(i) + " frame\n");
  output.Output(2, "SUMMARY: AddressSanitizer: heap-use-after-free a.cc:3 in F()\n");
  const auto captured = DecodeCaptured(output.Answer(TestOutput::kAskTest));
  EXPECT_EQ(captured.summary, "SUMMARY: AddressSanitizer: heap-use-after-free a.cc:3 in F()");
  EXPECT_LE(captured.output.size(), 300U);
  EXPECT_EQ(captured.output.rfind("==7==ERROR: AddressSanitizer: heap-use-after-free", 0), 0U)
      << captured.output;
  EXPECT_NE(captured.output.find("[... gtest-webhook cut "), std::string::npos);
  EXPECT_NE(captured.output.find("SUMMARY: AddressSanitizer"), std::string::npos);
  EXPECT_EQ(captured.output.find("own words"), std::string::npos);
}

// Lines without the sanitizers' words are kept in one step, whatever the pieces they come in;
// the result is the same as line by line.
TEST(TestOutput, ALongOutputInAnyPiecesKeepsTheSameReport) {
  std::string stream;
  for (int i = 0; i < 200; ++i) stream += "quiet line " + std::to_string(i) + "\n";
  stream += "==9==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1\n";
  for (int i = 0; i < 50; ++i) stream += "    #" + std::to_string(i) + " frame\n";
  stream += "SUMMARY: AddressSanitizer: heap-buffer-overflow a.cc:7 in G()\nafter the report";
  std::string expected_text;
  std::string expected_summary;
  for (const std::size_t size : {std::size_t{1}, std::size_t{7}, std::size_t{100}, stream.size()}) {
    TestOutput output(600);
    output.Marked(TestOutput::StartMark(1));
    for (std::size_t at = 0; at < stream.size(); at += size) {
      output.Output(2, std::string_view(stream).substr(at, size));
    }
    const auto captured = DecodeCaptured(output.Answer(TestOutput::kAskTest));
    if (size == 1) {
      expected_text = captured.output;
      expected_summary = captured.summary;
      EXPECT_EQ(expected_summary, "SUMMARY: AddressSanitizer: heap-buffer-overflow a.cc:7 in G()");
      EXPECT_EQ(expected_text.rfind("==9==ERROR: AddressSanitizer", 0), 0U) << expected_text;
      EXPECT_EQ(expected_text.find("quiet line"), std::string::npos) << expected_text;
      continue;
    }
    EXPECT_EQ(captured.output, expected_text) << "pieces of " << size;
    EXPECT_EQ(captured.summary, expected_summary) << "pieces of " << size;
  }
}

TEST(TestOutput, UndefinedBehaviourWithoutASummaryGetsOne) {
  TestOutput output(1000);
  Runs(output, 3, 2, "a.cc:41:7: runtime error: signed integer overflow\n");
  output.Marked(TestOutput::StartMark(4));
  // Nobody asked about test 3: it is a finding, which the end reports in the collect file.
  const auto findings = DecodeCapturedTests(output.Answer(TestOutput::kAskFindings));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].test, 3U);
  EXPECT_EQ(findings[0].captured.summary,
            "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior a.cc:41:7");
  const auto records = output.Ended();
  EXPECT_NE(records.find(R"({"t":"output","test":3,"summary":"SUMMARY: )"), std::string::npos)
      << records;
}

TEST(TestOutput, WhatFailedTestsWroteIsKeptUntilOneQuestionFetchesItAll) {
  TestOutput output(1000);
  Runs(output, 1, 1, "one\n");
  output.Marked(TestOutput::KeepMark(1));
  output.Output(1, "after one\n");  // its suite's tear-down, say: not the kept output
  Runs(output, 2, 2, "two passed\n");
  Runs(output, 3, 2, "three\n");
  output.Marked(TestOutput::KeepMark(3));
  const auto kept = DecodeCapturedTests(output.Answer(TestOutput::kAskKept));
  ASSERT_EQ(kept.size(), 2U);
  EXPECT_EQ(kept[0].test, 1U);
  EXPECT_EQ(kept[0].captured.output, "one\n");
  EXPECT_EQ(kept[1].test, 3U);
  EXPECT_EQ(kept[1].captured.output, "three\n");
  EXPECT_TRUE(DecodeCapturedTests(output.Answer(TestOutput::kAskKept)).empty());
  // Kept and never fetched (the process died first): the copier's records carry it.
  Runs(output, 4, 1, "four\n");
  output.Marked(TestOutput::KeepMark(4));
  const auto records = output.Ended();
  EXPECT_NE(records.find(R"({"t":"output","test":4,"output":"four\n"})"), std::string::npos)
      << records;
  EXPECT_EQ(records.find(R"("test":1,)"), std::string::npos) << records;
}

TEST(TestOutput, AKeepMarkOfAnotherTestKeepsNothing) {
  TestOutput output(1000);
  Runs(output, 2, 1, "two\n");
  output.Marked(TestOutput::KeepMark(1));
  EXPECT_TRUE(DecodeCapturedTests(output.Answer(TestOutput::kAskKept)).empty());
}

TEST(TestOutput, AKeptTestsSanitizerReportIsNoSeparateFinding) {
  TestOutput output(1000);
  Runs(output, 1, 2,
       "==7==ERROR: AddressSanitizer: heap-use-after-free\n"
       "SUMMARY: AddressSanitizer: heap-use-after-free a.cc:3 in F()\n");
  output.Marked(TestOutput::KeepMark(1));
  output.Marked(TestOutput::StartMark(2));
  const auto kept = DecodeCapturedTests(output.Answer(TestOutput::kAskKept));
  ASSERT_EQ(kept.size(), 1U);
  EXPECT_EQ(kept[0].captured.summary,
            "SUMMARY: AddressSanitizer: heap-use-after-free a.cc:3 in F()");
  EXPECT_TRUE(DecodeCapturedTests(output.Answer(TestOutput::kAskFindings)).empty());
}

TEST(TestOutput, ATestAskedAboutLeavesNoFinding) {
  TestOutput output(1000);
  Runs(output, 1, 2,
       "WARNING: ThreadSanitizer: data race (pid=7)\nSUMMARY: ThreadSanitizer: data race a.cc:1 "
       "in F\n");
  EXPECT_FALSE(DecodeCaptured(output.Answer(TestOutput::kAskTest)).summary.empty());
  output.Marked(TestOutput::StartMark(2));
  EXPECT_TRUE(DecodeCapturedTests(output.Answer(TestOutput::kAskFindings)).empty());
}

// Only the runtimes' own reports count: a summary a test prints alone, Go's "runtime error",
// and, in a process without a sanitizer's runtime, even a whole report, are output.
TEST(TestOutput, WhatOnlyLooksLikeAReportIsOutput) {
  for (const char* printed : {"SUMMARY: Sanitizer checks in config: 0 failures\n",
                              "SUMMARY: AddressSanitizer: heap-use-after-free a.cc:3 in F()\n",
                              "panic: runtime error: index out of range [3] with length 3\n"}) {
    TestOutput output(1000);
    Runs(output, 1, 2, printed);
    EXPECT_TRUE(DecodeCaptured(output.Answer(TestOutput::kAskTest)).summary.empty()) << printed;
  }
  TestOutput without_runtime(1000, false);
  Runs(without_runtime, 1, 2,
       "==7==ERROR: AddressSanitizer: heap-use-after-free\nSUMMARY: AddressSanitizer: x\n"
       "a.cc:4:9: runtime error: signed integer overflow\n");
  const auto captured = DecodeCaptured(without_runtime.Answer(TestOutput::kAskTest));
  EXPECT_TRUE(captured.summary.empty());
  EXPECT_NE(captured.output.find("==7==ERROR"), std::string::npos);  // still the test's output
}

// Under `run`: a report counts when the process links a runtime and, but for
// UndefinedBehaviorSanitizer's, names that process.
TEST(TestOutput, ARunsReportIsTheRuntimesOnlyWithItsProcessAndRuntime) {
  const CapturedOutput asan{"==42==ERROR: AddressSanitizer: x\nSUMMARY: AddressSanitizer: x\n",
                            "SUMMARY: AddressSanitizer: x"};
  EXPECT_TRUE(IsRuntimesReport(asan, 42, true));
  EXPECT_FALSE(IsRuntimesReport(asan, 43, true));  // copied from another process
  EXPECT_FALSE(IsRuntimesReport(asan, 42, false));
  const CapturedOutput tsan{"WARNING: ThreadSanitizer: data race (pid=42)\n",
                            "SUMMARY: ThreadSanitizer: data race"};
  EXPECT_TRUE(IsRuntimesReport(tsan, 42, true));
  const CapturedOutput ubsan{"a.cc:4:9: runtime error: x\n",
                             "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior a.cc:4:9"};
  EXPECT_TRUE(IsRuntimesReport(ubsan, 42, true));
  EXPECT_FALSE(IsRuntimesReport(ubsan, 42, false));
  EXPECT_TRUE(LinksSanitizerRuntime(std::string("\0libasan.so.8\0", 14)));
  EXPECT_TRUE(LinksSanitizerRuntime("x __ubsan_handle_add_overflow y"));
  EXPECT_FALSE(LinksSanitizerRuntime("SUMMARY: AddressSanitizer: a test's string"));
}

// The copier's records after a crash: the crashed test gets its last words, and a sanitizer's
// report goes to the test it was written in.
// What a plain GoogleTest binary writes, as `run` sees it: its own lines tell the tests apart.
const std::string kPlainConsole =
    "Running main()\n[==========] Running 3 tests from 1 test suite.\n"
    "[ RUN      ] S.Passes\nsomething of a passing test\n[       OK ] S.Passes (0 ms)\n"
    "[ RUN      ] S.Fails\nwhat the failing test wrote\nx.cc:3: Failure\n"
    "[  FAILED  ] S.Fails (1 ms)\n"
    "[ RUN      ] S.Overflows\nx.cc:9:5: runtime error: signed integer overflow\n"
    "[       OK ] S.Overflows (0 ms)\n"
    "[ RUN      ] S.Crashes\nlast words\n";

std::vector<NamedOutput> FedInPieces(NamedTestOutput& output, const std::string& console,
                                     std::size_t size) {
  for (std::size_t at = 0; at < console.size(); at += size) {
    output.Output(1, std::string_view(console).substr(at, size));
  }
  return DecodeNamed(output.Answer(NamedTestOutput::kAskNamed));
}

TEST(NamedTestOutput, TellsTestsApartByGoogleTestsLinesWhereverTheReadsCut) {
  for (const std::size_t size : {std::size_t{1}, std::size_t{7}, kPlainConsole.size()}) {
    SCOPED_TRACE(size);
    NamedTestOutput output(1000);
    const auto named = FedInPieces(output, kPlainConsole, size);
    ASSERT_EQ(named.size(), 3U);
    EXPECT_EQ(named[0].test, "S.Fails");
    EXPECT_EQ(named[0].captured.output,
              "[ RUN      ] S.Fails\nwhat the failing test wrote\nx.cc:3: Failure\n"
              "[  FAILED  ] S.Fails (1 ms)\n");
    EXPECT_EQ(named[0].captured.summary, "");
    // A sanitizer report in a test that passed.
    EXPECT_EQ(named[1].test, "S.Overflows");
    EXPECT_EQ(named[1].captured.summary,
              "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior x.cc:9:5");
    // The test the process died in.
    EXPECT_EQ(named[2].test, "S.Crashes");
    EXPECT_EQ(named[2].captured.output, "[ RUN      ] S.Crashes\nlast words\n");
  }
}

// What the run's capture saw goes to the tests of the process it started: each failed test its
// own output, a sanitizer's report in a passing test makes it the culprit, the test the process
// died in gets its last words; a report the process's executable could not have written is
// output, and a linked process (it captured its own) gets nothing.
TEST(AttributeOutputs, GivesEachTestWhatItWroteAndNothingElse) {
  NamedTestOutput output(1000);
  const auto named = FedInPieces(output, kPlainConsole, 7);
  const auto entry = [](const char* name, Status status) {
    TestCase test;
    test.class_name = "S";
    test.name = name;
    test.status = status;
    return test;
  };
  ProcessReport started;
  started.pid = 42;
  started.report.test_cases = {entry("Passes", Status::kPassed), entry("Fails", Status::kFailed),
                               entry("Overflows", Status::kPassed)};
  started.running = entry("Crashes", Status::kPassed);
  started.finished = false;  // it died in S.Crashes
  ProcessReport other;
  other.pid = 7;
  std::vector<ProcessReport> processes = {other, started};
  auto* target = CapturedProcess(processes, 42);
  ASSERT_EQ(target, &processes[1]);
  AttributeOutputs(named, true, 1000, *target);
  const auto& tests = target->report.test_cases;
  EXPECT_EQ(tests[0].output, "");
  EXPECT_NE(tests[1].output.find("what the failing test wrote"), std::string::npos);
  EXPECT_EQ(tests[2].status, Status::kError);  // the sanitizer's report in a passing test
  EXPECT_EQ(target->running->output, "[ RUN      ] S.Crashes\nlast words\n");

  auto unsanitized = processes[1];
  unsanitized.report.test_cases[2] = entry("Overflows", Status::kPassed);
  AttributeOutputs(named, false, 1000, unsanitized);
  EXPECT_EQ(unsanitized.report.test_cases[2].status, Status::kPassed);  // only output

  processes[1].kind = InputKind::kCollect;
  EXPECT_EQ(CapturedProcess(processes, 42), nullptr);
  std::vector<ProcessReport> none;
  EXPECT_EQ(CapturedProcess(none, 42), nullptr);
}

// The copier builds its observer from a recipe, which is all it knows of the test process on
// Windows: what was asked for, and nothing for a recipe it does not know.
TEST(TeeRecipes, BuildTheObserverAskedForAndNothingElse) {
  const auto named = MakeTeeObserver(NamedOutputRecipe(1000));
  ASSERT_NE(named, nullptr);
  EXPECT_NE(dynamic_cast<NamedTestOutput*>(named.get()), nullptr);
  for (const bool sanitizer : {false, true}) {
    const auto test = MakeTeeObserver(TestOutputRecipe(4096, sanitizer));
    ASSERT_NE(test, nullptr);
    auto* output = dynamic_cast<TestOutput*>(test.get());
    ASSERT_NE(output, nullptr);
    // Without a sanitizer's runtime, what looks like a report is text (TestOutput's contract).
    Runs(*output, 1, 1, "");
    output->Output(2, "==7==ERROR: AddressSanitizer: heap-use-after-free on x\n");
    output->Output(2, "SUMMARY: AddressSanitizer: heap-use-after-free a.cc:3 in F()\n");
    EXPECT_EQ(DecodeCaptured(output->Answer(TestOutput::kAskTest)).summary.empty(), !sanitizer);
  }
  for (const char* bad : {"", "test", "test 12", "test 12 2", "test x 1", "test -1 0", "named",
                          "named 12x", "named 99999999999999999999999", "other 1"}) {
    EXPECT_EQ(MakeTeeObserver(bad), nullptr) << bad;
  }
}

// On Windows GoogleTest's lines end with `\r\n` (the C runtime's text mode).
TEST(NamedTestOutput, TellsTestsApartByLinesThatEndWithACarriageReturn) {
  NamedTestOutput output(1000);
  const auto named =
      FedInPieces(output,
                  "[ RUN      ] S.Passes\r\n[       OK ] S.Passes (0 ms)\r\n"
                  "[ RUN      ] S.Fails\r\nprinted\r\n[  FAILED  ] S.Fails (1 ms)\r\n",
                  5);
  ASSERT_EQ(named.size(), 1U);
  EXPECT_EQ(named[0].test, "S.Fails");
  EXPECT_EQ(named[0].captured.output,
            "[ RUN      ] S.Fails\r\nprinted\r\n[  FAILED  ] S.Fails (1 ms)\r\n");
}

TEST(NamedTestOutput, EachQuestionStartsAfreshAndGoogleTestsSummaryIsNoEnd) {
  NamedTestOutput output(1000);
  FedInPieces(output, kPlainConsole, 100);
  const auto next =
      FedInPieces(output,
                  "[ RUN      ] S.Fails\nagain\n[  FAILED  ] S.Fails (0 ms)\n[  FAILED  ] S.Fails\n"
                  "[  FAILED  ] P/T.Param/0, where GetParam() = 1\n",
                  5);
  ASSERT_EQ(next.size(), 1U);
  EXPECT_EQ(next[0].test, "S.Fails");
  EXPECT_EQ(next[0].captured.output, "[ RUN      ] S.Fails\nagain\n[  FAILED  ] S.Fails (0 ms)\n");
  EXPECT_TRUE(DecodeNamed(output.Answer(NamedTestOutput::kAskNamed)).empty());
}

// A name with spaces and commas (testing::RegisterTest) ends at its own end line, with or without
// a time; a `[ RUN ]` line a running test prints is its output, not a new test.
TEST(NamedTestOutput, ATestEndsOnlyAtItsOwnEndLine) {
  NamedTestOutput output(1000);
  const auto named = FedInPieces(output,
                                 "[ RUN      ] S.a b, c\n[ RUN      ] S.Other\nforged\n"
                                 "[  FAILED  ] S.Other (0 ms)\n[  FAILED  ] S.a b, c (2 ms)\n"
                                 "[ RUN      ] S.Quiet\nsaid\n[  FAILED  ] S.Quiet\n"
                                 "[ RUN      ] S.Next\n[       OK ] S.Next (0 ms)\n",
                                 3);
  ASSERT_EQ(named.size(), 2U);
  EXPECT_EQ(named[0].test, "S.a b, c");
  EXPECT_NE(named[0].captured.output.find("forged"), std::string::npos);
  EXPECT_EQ(named[1].test, "S.Quiet");  // --gtest_print_time=0: an end line without a time
  EXPECT_EQ(named[1].captured.output, "[ RUN      ] S.Quiet\nsaid\n[  FAILED  ] S.Quiet\n");
}

// Two pipes: the copier read stderr first, then stdout, in which the test ended; what stderr held
// is that test's, before its end line, and not the next one's.
TEST(NamedTestOutput, StderrReadWithATestsEndIsThatTestsOutput) {
  NamedTestOutput output(1000);
  output.PassStarted();
  output.Output(1, "[ RUN      ] S.A\nout-1\nout-3\n[  FAILED  ] S.A (0 ms)\n[ RUN      ] S.B\n");
  output.Output(2, "err-2\n");
  output.PassStarted();  // stderr alone, in a later pass: the running test's
  output.Output(2, "err-b\n");
  // A test that passed, then one that starts: stderr of that pass is the running test's (a
  // sanitizer's report, say).
  output.PassStarted();
  output.Output(1, "[       OK ] S.B (0 ms)\n[ RUN      ] S.C\n");
  output.Output(2, "err-c\n");
  output.PassStarted();
  output.Output(1, "c's\n[  FAILED  ] S.C (0 ms)\n");
  const auto named = DecodeNamed(output.Answer(NamedTestOutput::kAskNamed));
  ASSERT_EQ(named.size(), 2U);
  EXPECT_EQ(named[0].captured.output,
            "[ RUN      ] S.A\nout-1\nout-3\nerr-2\n[  FAILED  ] S.A (0 ms)\n");
  EXPECT_EQ(named[1].captured.output, "[ RUN      ] S.C\nerr-c\nc's\n[  FAILED  ] S.C (0 ms)\n");
}

// A collect file of one process with these records, one per line.
std::string CollectFile(std::initializer_list<std::string_view> records) {
  std::string file = R"({"gtestWebhookCollect":1,"id":"x","binary":"b","pid":1,"startedAt":1})";
  file += '\n';
  for (const auto record : records) {
    file.append(record);
    file += '\n';
  }
  return file;
}

TEST(TestOutput, TheCollectReaderAttachesTheCopiersRecords) {
  const auto file = CollectFile({
      R"({"t":"start","suite":"S","name":"A","at":2})",
      R"({"t":"case","suite":"S","name":"A","status":"passed","time":0})",
      R"({"t":"start","suite":"S","name":"B","at":3})",
      R"({"t":"tail","test":2,"output":"B's last words\n"})",
      R"({"t":"sanitizer","test":1,"summary":"SUMMARY: UndefinedBehaviorSanitizer: x","output":"r"})",
  });
  const auto result = ReadCollectFile(file, "f", 65536, false);
  ASSERT_EQ(result.processes.size(), 1U);
  const auto& process = result.processes[0];
  ASSERT_EQ(process.report.test_cases.size(), 1U);
  EXPECT_EQ(process.report.test_cases[0].status, Status::kError);
  EXPECT_EQ(process.report.test_cases[0].message, "SUMMARY: UndefinedBehaviorSanitizer: x");
  EXPECT_EQ(process.report.test_cases[0].output, "r");
  ASSERT_TRUE(process.running.has_value());
  EXPECT_EQ(process.running->output, "B's last words\n");
}

TEST(TestOutput, TheCollectReaderGivesAFailedTestItsOutputRecord) {
  const auto file = CollectFile({
      R"({"t":"start","suite":"S","name":"A","at":2})",
      R"({"t":"case","suite":"S","name":"A","status":"failed","time":0,"message":"a.cc:1\nno"})",
      R"({"t":"output","test":1,"output":"A wrote this\n"})",
      R"({"t":"end","status":"finished","at":4,"iterations":1,"disabled":0})",
  });
  const auto result = ReadCollectFile(file, "f", 65536, false);
  ASSERT_EQ(result.processes.size(), 1U);
  const auto& cases = result.processes[0].report.test_cases;
  ASSERT_EQ(cases.size(), 1U);
  EXPECT_EQ(cases[0].status, Status::kFailed);
  EXPECT_EQ(cases[0].message, "a.cc:1\nno");
  EXPECT_EQ(cases[0].output, "A wrote this\n");
}

}  // namespace
}  // namespace gtest_webhook::detail
