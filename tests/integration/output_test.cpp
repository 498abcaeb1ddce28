// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Each test's output (SPEC §16): real test binaries, linked with the library, write to stdout
// and stderr, fail, crash and trip sanitizers; the console stays what it was, and the report
// says what each test that did not pass wrote.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string_view>

#include "payload_helpers.h"
#include "process.h"
#include "receiver.h"

namespace gtest_webhook::testing {
namespace {

using nlohmann::json;

// The sanitizer fixtures are not built where the toolchain has no sanitizer's runtime for the
// target (a cross build): the tests that run them skip there.
#define SKIP_UNLESS_BUILT(fixture) \
  if (std::string_view(fixture).empty()) GTEST_SKIP() << "not built for this target: " #fixture
using Env = std::map<std::string, std::string>;

// The fixture's tests that end normally and quickly.
constexpr const char* kOrdinary = "-Output.Ends:Output.LeavesAChild:Output.Floods";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The console without GoogleTest's times, which differ from run to run.
std::string WithoutTimes(const std::string& console) {
  return std::regex_replace(console, std::regex(R"(\([0-9]+ ms( total)?\))"), "(T)");
}

std::string OutputOf(const json& payload, const std::string& suite, const std::string& name) {
  const auto test = FindCase(payload, suite, name);
  return test.is_object() && test["output"].is_string() ? test["output"].get<std::string>() : "";
}

std::string MessageOf(const json& payload, const std::string& suite, const std::string& name) {
  const auto test = FindCase(payload, suite, name);
  return test.is_object() && test["error"].is_object() ? test["error"]["message"].get<std::string>()
                                                       : "";
}

class Output : public ::testing::Test {
 protected:
  // Runs `binary` reporting into a file (GTEST_WEBHOOK_OUTPUT); the payload it wrote.
  json Report(const std::string& binary, const std::string& filter, Env env = {},
              ProcessResult* result = nullptr) {
    env["GTEST_WEBHOOK_OUTPUT"] = dir_.path() + "/report.json";
    env["ASAN_OPTIONS"] = "detect_leaks=0";
    const auto run = RunProcess(binary, {"--gtest_filter=" + std::string(filter)}, env);
    if (result != nullptr) *result = run;
    const auto bytes = ReadFile(dir_.path() + "/report.json");
    return json::parse(bytes, nullptr, false);
  }

  // Runs `binary` collecting into a directory of its own, then `gtest-webhook send` over it.
  json Collected(const std::string& binary, const std::string& filter, Env env,
                 ProcessResult* result) {
    const auto collect = dir_.path() + "/collect";
    std::filesystem::create_directories(collect);
    env["GTEST_WEBHOOK_COLLECT_DIR"] = collect;
    *result = RunProcess(binary, {"--gtest_filter=" + filter}, env);
    const auto report = dir_.path() + "/sent.json";
    const auto send = RunProcess(CLI, {"send", collect}, {{"GTEST_WEBHOOK_OUTPUT", report}});
    EXPECT_EQ(send.exit_code, 0) << send.err;
    std::filesystem::remove_all(collect);
    return json::parse(ReadFile(report), nullptr, false);
  }

  TempDir dir_;
};

// The copier keeps what each failed test wrote and the listener fetches it at the end, or every
// 64 MiB / GTEST_WEBHOOK_MAX_OUTPUT failed tests (4 at the largest size); reporting and collecting.
void ExpectEachTestCarriesWhatItWrote(const json& payload) {
  ASSERT_TRUE(payload.is_object());
  const auto fails = OutputOf(payload, "Output", "PrintsAndFails");
  for (const char* line : {"first line on stdout\n", "second line on stderr\n",
                           "third line through std::cout\n", "the failure\n"}) {
    EXPECT_NE(fails.find(line), std::string::npos) << line << " in " << fails;
  }
  // Nothing of the test before it, which passed and wrote to both streams.
  EXPECT_EQ(fails.find("a passing test"), std::string::npos) << fails;
  EXPECT_EQ(fails.find("and on stderr"), std::string::npos) << fails;
  // Passed tests carry none, and a test that wrote nothing only GoogleTest's words.
  EXPECT_TRUE(FindCase(payload, "Output", "Passes")["output"].is_null());
  EXPECT_TRUE(FindCase(payload, "Output", "DeathTest")["output"].is_null());
  EXPECT_EQ(FindCase(payload, "Output", "DeathTest")["status"], "passed");
  EXPECT_NE(OutputOf(payload, "Output", "Silent").find("says nothing"), std::string::npos);
  // The test's own capture still works, and what it captured is its own.
  const auto own = OutputOf(payload, "Output", "CapturesItsOwn");
  EXPECT_EQ(MessageOf(payload, "Output", "CapturesItsOwn").find("Expected"), std::string::npos);
  EXPECT_NE(own.find("after the test's own capture"), std::string::npos) << own;
  EXPECT_EQ(own.find("captured by the test itself"), std::string::npos) << own;
  EXPECT_NE(OutputOf(payload, "Output", "Long").find("line 04999 of a long output\n"),
            std::string::npos);
}

TEST_F(Output, EachTestThatDidNotPassCarriesWhatItWrote) {
  for (const char* size : {"8192", "16777216"}) {
    SCOPED_TRACE(size);
    ExpectEachTestCarriesWhatItWrote(
        Report(OUTPUT_FIXTURE, kOrdinary, {{"GTEST_WEBHOOK_MAX_OUTPUT", size}}));
    ProcessResult run;
    ExpectEachTestCarriesWhatItWrote(
        Collected(OUTPUT_FIXTURE, kOrdinary, {{"GTEST_WEBHOOK_MAX_OUTPUT", size}}, &run));
  }
}

TEST_F(Output, KeepsTheLastBytesAsValidUtf8) {
  const auto payload = Report(OUTPUT_FIXTURE, "Output.Long:Output.NotUtf8");
  const auto long_output = OutputOf(payload, "Output", "Long");
  EXPECT_EQ(long_output.size(), 8192U);
  EXPECT_NE(long_output.find("line 04999 of a long output\n"), std::string::npos);
  EXPECT_EQ(long_output.find("line 00000"), std::string::npos);
  const auto not_utf8 = OutputOf(payload, "Output", "NotUtf8");
  EXPECT_TRUE(IsValidUtf8(not_utf8));
  EXPECT_NE(not_utf8.find("bytes \xEF\xBF\xBD\xEF\xBF\xBD that are not UTF-8"), std::string::npos)
      << not_utf8;

  const auto smaller =
      Report(OUTPUT_FIXTURE, "Output.Long", {{"GTEST_WEBHOOK_MAX_OUTPUT", "1000"}});
  EXPECT_EQ(OutputOf(smaller, "Output", "Long").size(), 1000U);
  const auto off = Report(OUTPUT_FIXTURE, "Output.Long", {{"GTEST_WEBHOOK_MAX_OUTPUT", "0"}});
  EXPECT_TRUE(FindCase(off, "Output", "Long")["output"].is_null());
}

TEST_F(Output, TheConsoleIsUnchanged) {
  // The same tests in a binary that does not link the library at all.
  ProcessResult captured;
  Report(OUTPUT_FIXTURE, kOrdinary, {}, &captured);
  const auto plain = RunProcess(PLAIN_OUTPUT_FIXTURE, {"--gtest_filter=" + std::string(kOrdinary)},
                                {{"ASAN_OPTIONS", "detect_leaks=0"}});
  EXPECT_EQ(captured.exit_code, plain.exit_code);
  EXPECT_EQ(WithoutTimes(captured.out), WithoutTimes(plain.out));
  EXPECT_EQ(captured.err, plain.err);
}

// Where stdout and stderr go to one place (`2>&1`, a runner's one pipe), they share one pipe to
// the copier, so that their order is kept exactly, on the console and in the report.
TEST_F(Output, OneConsoleForBothStreamsKeepsTheirOrder) {
  const auto console = [&](const std::string& binary) {
    const auto file = dir_.path() + "/console.txt";
    const auto run = RunProcess(
        "/bin/sh", {"-c", R"(exec "$0" --gtest_filter=Output.Alternates >"$1" 2>&1)", binary, file},
        {{"GTEST_WEBHOOK_OUTPUT", dir_.path() + "/report.json"},
         {"ASAN_OPTIONS", "detect_leaks=0"}});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    return WithoutTimes(ReadFile(file));
  };
  const auto captured = console(OUTPUT_FIXTURE);
  EXPECT_EQ(captured, console(PLAIN_OUTPUT_FIXTURE));
  EXPECT_NE(captured.find("out 0\nerr 0\nout 1\nerr 1\n"), std::string::npos) << captured;
  const auto payload = json::parse(ReadFile(dir_.path() + "/report.json"), nullptr, false);
  EXPECT_NE(OutputOf(payload, "Output", "Alternates").find("out 48\nerr 48\nout 49\nerr 49\n"),
            std::string::npos)
      << payload.dump();
}

// The capture starts before the tests are registered, when the environment seems to ask for a
// report; a process whose configuration then reports nothing stops it, and its console is whole
// and in order.
TEST_F(Output, AProcessThatReportsNothingAfterAllStopsCapturing) {
  const auto console = [&](const std::string& binary) {
    const auto file = dir_.path() + "/console.txt";
    const auto run = RunProcess(
        "/bin/sh",
        {"-c", R"(exec "$0" --gtest_filter=Output.Alternates:Output.Passes >"$1" 2>&1)", binary,
         file},
        {{"GTEST_WEBHOOK_URL", "ftp://127.0.0.1/nowhere"}, {"ASAN_OPTIONS", "detect_leaks=0"}});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    return WithoutTimes(ReadFile(file));
  };
  auto captured = console(OUTPUT_FIXTURE);
  const auto problem = captured.find("gtest-webhook: GTEST_WEBHOOK_URL");
  ASSERT_NE(problem, std::string::npos) << captured;
  captured.erase(problem, captured.find('\n', problem) + 1 - problem);
  EXPECT_EQ(captured, console(PLAIN_OUTPUT_FIXTURE));
}

TEST_F(Output, AnInvalidSizeIsNamedInOneLine) {
  ProcessResult run;
  const auto payload =
      Report(OUTPUT_FIXTURE, "Output.Silent", {{"GTEST_WEBHOOK_MAX_OUTPUT", "8k"}}, &run);
  EXPECT_NE(run.err.find("GTEST_WEBHOOK_MAX_OUTPUT='8k' is not a whole number of bytes"),
            std::string::npos)
      << run.err;
  // The default then applies.
  EXPECT_NE(OutputOf(payload, "Output", "Silent").find("says nothing"), std::string::npos);
}

TEST_F(Output, AChildThatKeepsTheStreamsOpenDoesNotHoldTheRun) {
  // The child sleeps for 30 s with the test's stdout and stderr; the run ends long before.
  ProcessResult run;
  const auto payload = Report(OUTPUT_FIXTURE, "Output.LeavesAChild", {}, &run);
  EXPECT_FALSE(run.timed_out);
  EXPECT_LT(run.elapsed, std::chrono::seconds(25));
  EXPECT_NE(OutputOf(payload, "Output", "LeavesAChild").find("left a child behind"),
            std::string::npos);
  Shell("pkill -f '^sleep 30$' || true");
}

// However the process ends, its last words reach the console, and the crashed test's output is
// in the report. The console here is a pair of files, read the moment the process is gone: the
// process waits for the copier at exit() and on a fatal signal. (SIGKILL and _exit() leave no
// such moment: a reader that waits for the end of a pipe, as ctest and CI do, gets their last
// words; see the ctest test below.)
TEST_F(Output, TheLastWordsOfAProcessThatDiesAreKept) {
  const std::map<std::string, int> endings = {
      {"abort", 128 + SIGABRT}, {"segv", 128 + SIGSEGV}, {"exit", 4}};
  for (const auto& [how, code] : endings) {
    SCOPED_TRACE(how);
    ProcessResult run;
    const auto payload =
        Collected(OUTPUT_FIXTURE, "Output.PrintsAndFails:Output.Ends",
                  {{"OUTPUT_FIXTURE_END", how},
                   {"ASAN_OPTIONS", "handle_segv=0:handle_abort=0:detect_leaks=0"}},
                  &run);
    EXPECT_EQ(run.exit_code, code);
    EXPECT_NE(run.out.find("buffered words before the end\nlast words on stdout\n"),
              std::string::npos)
        << run.out;
    EXPECT_NE(run.err.find("last words on stderr\n"), std::string::npos) << run.err;
    const auto ends = FindCase(payload, "Output", "Ends");
    EXPECT_EQ(ends["status"], "error");
    const auto output = OutputOf(payload, "Output", "Ends");
    EXPECT_NE(output.find("last words on stdout\n"), std::string::npos) << output;
    EXPECT_NE(output.find("last words on stderr\n"), std::string::npos) << output;
    EXPECT_NE(OutputOf(payload, "Output", "PrintsAndFails").find("first line on stdout"),
              std::string::npos);
  }
}

// Under ctest, which gives each test process pipes, as CI does: every ending, SIGKILL and
// _exit() too, keeps its last words on the console and in the report.
TEST_F(Output, UnderCtestEachProcessCapturesItsOwn) {
  for (const char* how : {"abort", "kill", "_exit"}) {
    SCOPED_TRACE(how);
    const auto collect = dir_.path() + "/collect";
    std::filesystem::create_directories(collect);
    std::ofstream(dir_.path() + "/CTestTestfile.cmake")
        << "add_test(fails \"" << OUTPUT_FIXTURE << "\" --gtest_filter=Output.PrintsAndFails)\n"
        << "add_test(ends \"" << OUTPUT_FIXTURE << "\" --gtest_filter=Output.Ends)\n"
        << "set_tests_properties(ends PROPERTIES ENVIRONMENT OUTPUT_FIXTURE_END=" << how << ")\n";
    const auto ctest = RunProcess(CTEST, {"--test-dir", dir_.path(), "--output-on-failure"},
                                  {{"GTEST_WEBHOOK_COLLECT_DIR", collect},
                                   {"ASAN_OPTIONS", "handle_abort=0:detect_leaks=0"}});
    EXPECT_NE(ctest.out.find("buffered words before the end\nlast words on stdout\n"),
              std::string::npos)
        << ctest.out << ctest.err;
    EXPECT_NE(ctest.out.find("last words on stderr\n"), std::string::npos) << ctest.out;
    const auto report = dir_.path() + "/sent.json";
    const auto send = RunProcess(CLI, {"send", collect}, {{"GTEST_WEBHOOK_OUTPUT", report}});
    std::filesystem::remove_all(collect);
    const auto payload = json::parse(ReadFile(report), nullptr, false);
    ASSERT_TRUE(payload.is_object()) << send.err;
    EXPECT_NE(OutputOf(payload, "Output", "PrintsAndFails").find("second line on stderr"),
              std::string::npos);
    EXPECT_EQ(FindCase(payload, "Output", "Ends")["status"], "error");
    EXPECT_NE(OutputOf(payload, "Output", "Ends").find("last words on stderr"), std::string::npos);
  }
}

TEST_F(Output, AnAddressSanitizerReportIsTheRunningTestsError) {
  SKIP_UNLESS_BUILT(LINKED_ADDRESS_FIXTURE);
  ProcessResult run;
  const auto payload = Collected(LINKED_ADDRESS_FIXTURE, "*", {}, &run);
  EXPECT_EQ(run.exit_code, 1);  // AddressSanitizer's own
  EXPECT_NE(run.err.find("ERROR: AddressSanitizer: heap-use-after-free"), std::string::npos);
  const auto test = FindCase(payload, "Sanitized", "UsesFreedMemory");
  EXPECT_EQ(test["status"], "error");
  EXPECT_EQ(MessageOf(payload, "Sanitized", "UsesFreedMemory")
                .rfind("SUMMARY: AddressSanitizer: heap-use-after-free ", 0),
            0U)
      << test.dump();
  const auto output = OutputOf(payload, "Sanitized", "UsesFreedMemory");
  EXPECT_NE(output.find("ERROR: AddressSanitizer: heap-use-after-free on address"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("about to use freed memory"), std::string::npos) << "the report only";
  EXPECT_EQ(FindCase(payload, "Sanitized", "Passes")["status"], "passed");
}

TEST_F(Output, ALeakReportAtExitGoesToTheLastTest) {
  SKIP_UNLESS_BUILT(LINKED_ADDRESS_FIXTURE);
  ProcessResult run;
  const auto payload = Collected(LINKED_ADDRESS_FIXTURE, "Sanitized.Leaks:Sanitized.After",
                                 {{"SANITIZED_FIXTURE_LEAK", "1"}}, &run);
  EXPECT_EQ(run.exit_code, 1);  // LeakSanitizer's, in an AddressSanitizer build
  EXPECT_EQ(FindCase(payload, "Sanitized", "After")["status"], "error");
  EXPECT_EQ(MessageOf(payload, "Sanitized", "After").rfind("SUMMARY: AddressSanitizer: ", 0), 0U);
  EXPECT_NE(OutputOf(payload, "Sanitized", "After")
                .find("ERROR: LeakSanitizer: detected memory "
                      "leaks"),
            std::string::npos);
}

TEST_F(Output, UndefinedBehaviourInAPassingTestMakesItAnError) {
  SKIP_UNLESS_BUILT(LINKED_UNDEFINED_FIXTURE);
  ProcessResult run;
  // Its default, which a sanitizer build of this suite changes (halt_on_error=1).
  const auto payload =
      Report(LINKED_UNDEFINED_FIXTURE, "*", {{"UBSAN_OPTIONS", "halt_on_error=0"}}, &run);
  EXPECT_EQ(run.exit_code, 0);  // the sanitizer's: it reported and went on
  EXPECT_NE(run.err.find("runtime error: signed integer overflow"), std::string::npos);
  EXPECT_EQ(payload["errors"], 1);
  EXPECT_EQ(payload["buildStable"], false);
  EXPECT_EQ(MessageOf(payload, "Sanitized", "OverflowsButPasses")
                .rfind("SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior ", 0),
            0U);
  EXPECT_NE(OutputOf(payload, "Sanitized", "OverflowsButPasses").find("signed integer overflow"),
            std::string::npos);
  EXPECT_EQ(FindCase(payload, "Sanitized", "After")["status"], "passed");
}

// ThreadSanitizer reports a race and goes on; the test it happened in is an error.
TEST_F(Output, AThreadSanitizerReportIsTheRacingTestsError) {
#if defined(LINKED_THREAD_FIXTURE)
  ProcessResult run;
  const auto payload = Report(LINKED_THREAD_FIXTURE, "*", {}, &run);
  EXPECT_EQ(run.exit_code, 66);  // ThreadSanitizer's own, at exit after a report
  EXPECT_NE(run.err.find("WARNING: ThreadSanitizer: data race"), std::string::npos) << run.err;
  EXPECT_EQ(FindCase(payload, "Sanitized", "Races")["status"], "error") << payload.dump();
  EXPECT_EQ(
      MessageOf(payload, "Sanitized", "Races").rfind("SUMMARY: ThreadSanitizer: data race", 0), 0U);
  EXPECT_NE(OutputOf(payload, "Sanitized", "Races").find("WARNING: ThreadSanitizer: data race"),
            std::string::npos);
  EXPECT_EQ(FindCase(payload, "Sanitized", "Passes")["status"], "passed");
  EXPECT_EQ(FindCase(payload, "Sanitized", "After")["status"], "passed");
#else
  GTEST_SKIP() << "no ThreadSanitizer fixture in a build that is itself sanitized";
#endif
}

TEST_F(Output, UnderRunALinkedSanitizerBuildReportsTheCulprit) {
  SKIP_UNLESS_BUILT(LINKED_ADDRESS_FIXTURE);
  const auto report = dir_.path() + "/run.json";
  const auto run =
      RunProcess(CLI, {"run", "--", LINKED_ADDRESS_FIXTURE}, {{"GTEST_WEBHOOK_OUTPUT", report}});
  EXPECT_EQ(run.exit_code, 1);
  const auto payload = json::parse(ReadFile(report), nullptr, false);
  ASSERT_TRUE(payload.is_object()) << run.err;
  EXPECT_EQ(
      MessageOf(payload, "Sanitized", "UsesFreedMemory").rfind("SUMMARY: AddressSanitizer", 0), 0U);
}

// A binary not linked with the library, which `run` starts itself: the run captures what it
// writes and tells its tests apart by GoogleTest's own lines.
TEST_F(Output, UnderRunAPlainBinarysTestsCarryWhatTheyWrote) {
  const auto report = dir_.path() + "/run.json";
  const auto run = RunProcess(
      CLI,
      {"run", "--", PLAIN_OUTPUT_FIXTURE, "--gtest_filter=Output.Passes:Output.PrintsAndFails"},
      {{"GTEST_WEBHOOK_OUTPUT", report}, {"ASAN_OPTIONS", "detect_leaks=0"}});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("first line on stdout\n"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("second line on stderr\n"), std::string::npos) << run.err;
  const auto payload = json::parse(ReadFile(report), nullptr, false);
  ASSERT_TRUE(payload.is_object()) << run.err;
  const auto output = OutputOf(payload, "Output", "PrintsAndFails");
  for (const char* line :
       {"first line on stdout\n", "third line through std::cout\n", "the failure\n"}) {
    EXPECT_NE(output.find(line), std::string::npos) << line << " in " << output;
  }
  EXPECT_EQ(output.find("a passing test"), std::string::npos) << output;
  EXPECT_TRUE(FindCase(payload, "Output", "Passes")["output"].is_null());
}

TEST_F(Output, UnderRunAPlainSanitizerBuildReportsTheCulprit) {
  SKIP_UNLESS_BUILT(PLAIN_ADDRESS_FIXTURE);
  const auto report = dir_.path() + "/run.json";
  const auto run =
      RunProcess(CLI, {"run", "--", PLAIN_ADDRESS_FIXTURE},
                 {{"GTEST_WEBHOOK_OUTPUT", report}, {"ASAN_OPTIONS", "detect_leaks=0"}});
  EXPECT_EQ(run.exit_code, 1);  // AddressSanitizer's own
  EXPECT_NE(run.err.find("ERROR: AddressSanitizer: heap-use-after-free"), std::string::npos);
  const auto payload = json::parse(ReadFile(report), nullptr, false);
  ASSERT_TRUE(payload.is_object()) << run.err;
  EXPECT_EQ(FindCase(payload, "Sanitized", "UsesFreedMemory")["status"], "error");
  EXPECT_EQ(MessageOf(payload, "Sanitized", "UsesFreedMemory")
                .rfind("SUMMARY: AddressSanitizer: heap-use-after-free ", 0),
            0U)
      << payload.dump();
  EXPECT_NE(OutputOf(payload, "Sanitized", "UsesFreedMemory")
                .find("ERROR: AddressSanitizer: heap-use-after-free on address"),
            std::string::npos);
  EXPECT_EQ(FindCase(payload, "Sanitized", "Passes")["status"], "passed");
}

}  // namespace
}  // namespace gtest_webhook::testing
