// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The bodies a report is sent as: bytes in memory, or a report's payload produced afresh on every
// read (gtest_webhook/transport.h's Body).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "gtest_webhook/transport.h"
#include "model/report.h"
#include "model/summary.h"

namespace gtest_webhook::detail {

/// A body already in memory; views `bytes`, which must outlive it.
class StringBody final : public Body {
 public:
  explicit StringBody(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::unique_ptr<BodyReader> Open() const override;

 private:
  std::string_view bytes_;
};

/// A report's payload: the bytes of `SerializePayload(report)` (or, with `test_cases` kFailed,
/// of its failed-only form), produced piece by piece on each read. `report` must outlive it and
/// stay unchanged. Construction makes one pass to learn the size, giving each piece to `also`
/// (to write the payload to a file on the way) when set.
class PayloadBody final : public Body {
 public:
  explicit PayloadBody(const Report& report, TestCases test_cases = TestCases::kAll,
                       const std::function<void(std::string_view)>& also = nullptr);
  /// The same, with the report's counters already computed.
  PayloadBody(const Report& report, const Summary& summary, TestCases test_cases,
              const std::function<void(std::string_view)>& also = nullptr);
  std::uint64_t size() const override { return size_; }
  std::unique_ptr<BodyReader> Open() const override;
  const Summary& summary() const { return summary_; }

 private:
  const Report& report_;
  TestCases test_cases_;
  Summary summary_;
  std::uint64_t size_ = 0;
};

/// A body that owns its bytes (a rendered chat message).
class OwnedBody final : public Body {
 public:
  explicit OwnedBody(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::unique_ptr<BodyReader> Open() const override;
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

}  // namespace gtest_webhook::detail
