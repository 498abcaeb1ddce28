// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The payload of SPEC §4: a report as JSON, produced piece by piece.

#include <cstddef>
#include <string>

#include "gtest_webhook/options.h"
#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// The payload's own schema version (SPEC §4): raised only when a key changes meaning or goes
/// away, never for a new key (docs/payload.md).
inline constexpr int kPayloadVersion = 1;

/// Produces the payload of a report piece by piece, so that it can be counted, signed, written
/// and sent without ever being held whole. Reads `report` and `summary`, which must outlive it
/// and stay unchanged; any number of streams may read one report at once.
class PayloadStream {
 public:
  /// With `test_cases` kFailed, only the entries whose status is `failed` or `error` are
  /// written, and `omittedTestCases` counts the others.
  PayloadStream(const Report& report, const Summary& summary,
                TestCases test_cases = TestCases::kAll);
  /// Appends the next piece of the payload to `out`: at least `at_least` bytes unless the
  /// payload ends first. Returns false, appending nothing, once the payload is complete.
  bool Next(std::string& out, std::size_t at_least = 64 * 1024);

 private:
  enum class Stage { kHead, kEntries, kTail, kDone };
  const Report& report_;
  const Summary& summary_;
  TestCases test_cases_;
  Stage stage_ = Stage::kHead;
  std::size_t next_ = 0;
  std::size_t written_ = 0;
  std::size_t omitted_ = 0;
  TestCase scratch_;
};

/// Serialises the payload: the documented keys first, then `payloadVersion`, `event`, `run`,
/// `ci`, `omittedTestCases` and `history`. The result is always valid UTF-8; these are exactly
/// the bytes to sign and send.
std::string SerializePayload(const Report& report);

}  // namespace gtest_webhook::detail
