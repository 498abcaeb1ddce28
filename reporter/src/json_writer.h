// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "escape.h"

namespace gtest_webhook::detail {

/// Appends `value` in decimal.
void AppendInt(std::string& out, std::int64_t value);

/// Appends seconds with millisecond precision from `ms`: 0.0, 1.5, 1.234.
void AppendSeconds(std::string& out, std::int64_t ms);

/// Appends JSON to a string in one pass, without building a document first. Strings are always
/// written as valid UTF-8: each byte that does not start a well-formed sequence becomes U+FFFD;
/// control characters are escaped (`\n`, `\t` … or `\u00XX`), as nlohmann/json's `replace`
/// mode writes them.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  /// `{` / `}` and `[` / `]`; members and elements are separated by the writer.
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  /// The next member's key (a plain ASCII literal).
  void Key(std::string_view key);
  /// After a key written with String() (one that needs escaping): the `:`.
  void RawColon() {
    out_ += ':';
    after_key_ = true;
  }

  void String(std::string_view text);
  /// `null` for an empty string.
  void StringOrNull(std::string_view text);
  void Int(std::int64_t value);
  void Bool(bool value);
  void Null();
  /// Seconds with millisecond precision from `ms`: 0.0, 1.5, 1.234.
  void Seconds(std::int64_t ms);
  /// A value already written as JSON by its caller.
  void Raw(std::string_view json);

 private:
  void Open(char bracket);
  void Close(char bracket);
  // Separates this value from the previous one at the same level.
  void Separate();

  std::string& out_;
  bool first_ = true;  // no value yet at the current level
  bool after_key_ = false;
};

}  // namespace gtest_webhook::detail
