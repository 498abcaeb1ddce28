// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/report.h"

// A collect file (GTEST_WEBHOOK_COLLECT_DIR) is JSON lines that a test process appends to as it
// runs, so that whatever ends it leaves every finished test behind. The first line says which
// process it is; each later line is one record:
//   {"t":"iteration","n":0,"seed":7}                  an iteration of --gtest_repeat starts
//   {"t":"phase","suite":S,"name":"SetUpTestSuite"}   code outside tests runs (suite or
//                                                     [global environment] SetUp/TearDown)
//   {"t":"start","suite":S,"name":N,"at":MS}          a test starts
//   {"t":"part","message":M}                          the running test reported a failure
//   {"t":"case",…}                                    a test (or a phase outside tests) ended
//   {"t":"signal","signal":11,"name":"SIGSEGV","at":MS}   the process got a fatal signal
//   {"t":"exit","at":MS}                              exit() was called before the end
//   {"t":"full","at":MS,"why":W}                      the file could not grow (W: "No space left
//                                                     on device"); later records are lost but
//                                                     the end, which goes in the space kept
//                                                     in reserve
//   {"t":"output","test":K,"summary":S,"output":O}   what the K-th test started (from 1) wrote,
//                                                     when it did not pass, or a sanitizer's
//                                                     report in it (then with its summary
//                                                     line S): the test process writes these
//                                                     at its end, before the end record
//   {"t":"end","status":"finished","at":MS,"iterations":1,"disabled":0}   GoogleTest finished
// and, written when the process has ended by the process that copied its output (SPEC §16),
// output records the test process did not write, and
//   {"t":"tail","test":K,"output":O}                  what the K-th test wrote last: the
//                                                     output of a crash
// Older files name an output record with a summary "sanitizer"; readers take both names.
// A record counts only once its newline is written; the bytes of one torn by a crash are
// followed by the zeros of space never written, and readers skip them.

namespace gtest_webhook::detail {

/// How every collect file starts, which is how readers recognise one.
inline constexpr std::string_view kCollectMagic = R"({"gtestWebhookCollect":1)";

/// What a collect file's first line says about its process.
struct CollectHeader {
  /// Random; identifies the process, so that copies of one file are counted once.
  std::string id;
  std::string binary;
  std::string host;
  std::int64_t pid = 0;
  std::int64_t started_at_ms = 0;
  std::optional<Shard> shard;
  std::string filter;
};

/// Each appends one record, without its newline, to `out`.
void AppendHeaderRecord(std::string& out, const CollectHeader& header);
void AppendIterationRecord(std::string& out, int iteration, std::optional<std::int64_t> seed);
void AppendPhaseRecord(std::string& out, const std::string& suite, const std::string& phase);
void AppendStartRecord(std::string& out, const std::string& suite, const std::string& name,
                       std::int64_t at_ms);
void AppendPartRecord(std::string& out, std::string_view message);
void AppendCaseRecord(std::string& out, const TestCase& test);
void AppendTailRecord(std::string& out, std::uint32_t test, std::string_view output);
void AppendOutputRecord(std::string& out, std::uint32_t test, std::string_view summary,
                        std::string_view output);
void AppendFullRecord(std::string& out, std::int64_t at_ms, std::string_view why);
void AppendEndRecord(std::string& out, RunStatus status, std::int64_t at_ms, int iterations,
                     int disabled);

/// The signal record for `name` (`SIGSEGV`) up to its time, and the exit record likewise: a
/// signal or exit handler appends the decimal Unix milliseconds and `}` itself, since it may
/// not allocate.
std::string SignalRecordPrefix(int signal, const std::string& name);
std::string ExitRecordPrefix();

/// `SIGSEGV (Segmentation fault)`: a signal's name with the usual description, when known.
std::string DescribeSignal(const std::string& name);

}  // namespace gtest_webhook::detail
