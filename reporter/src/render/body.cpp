// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "render/body.h"

#include "render/payload.h"

namespace gtest_webhook::detail {
namespace {

// The pieces a payload is produced in: large enough that a pass costs few calls, small enough
// that a reader never holds much (libcurl asks for 64 KiB at a time).
constexpr std::size_t kPieceBytes = 64 * 1024;

class StringReader final : public BodyReader {
 public:
  explicit StringReader(std::string_view bytes) : bytes_(bytes) {}
  std::string_view Next() override { return std::exchange(bytes_, std::string_view()); }

 private:
  std::string_view bytes_;
};

class PayloadReader final : public BodyReader {
 public:
  PayloadReader(const Report& report, const Summary& summary, TestCases test_cases)
      : stream_(report, summary, test_cases) {
    piece_.reserve(kPieceBytes + 4096);
  }
  std::string_view Next() override {
    piece_.clear();
    stream_.Next(piece_, kPieceBytes);
    return piece_;
  }

 private:
  PayloadStream stream_;
  std::string piece_;
};

}  // namespace

std::unique_ptr<BodyReader> StringBody::Open() const {
  return std::make_unique<StringReader>(bytes_);
}

PayloadBody::PayloadBody(const Report& report, TestCases test_cases,
                         const std::function<void(std::string_view)>& also)
    : PayloadBody(report, Summarize(report), test_cases, also) {}

PayloadBody::PayloadBody(const Report& report, const Summary& summary, TestCases test_cases,
                         const std::function<void(std::string_view)>& also)
    : report_(report), test_cases_(test_cases), summary_(summary) {
  PayloadReader reader(report_, summary_, test_cases_);
  for (auto piece = reader.Next(); !piece.empty(); piece = reader.Next()) {
    size_ += piece.size();
    if (also) also(piece);
  }
}

std::unique_ptr<BodyReader> PayloadBody::Open() const {
  return std::make_unique<PayloadReader>(report_, summary_, test_cases_);
}

std::unique_ptr<BodyReader> OwnedBody::Open() const {
  return std::make_unique<StringReader>(bytes_);
}

}  // namespace gtest_webhook::detail
