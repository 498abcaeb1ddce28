// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "json_writer.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace gtest_webhook::detail {

void AppendInt(std::string& out, std::int64_t value) {
  char digits[24];
  auto* const end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

void AppendSeconds(std::string& out, std::int64_t ms) {
  if (ms < 0) {
    out += '-';
    ms = -ms;
  }
  AppendInt(out, ms / 1000);
  out += '.';
  auto fraction = static_cast<int>(ms % 1000);
  char digits[3] = {static_cast<char>('0' + fraction / 100),
                    static_cast<char>('0' + fraction / 10 % 10),
                    static_cast<char>('0' + fraction % 10)};
  std::size_t length = 3;
  while (length > 1 && digits[length - 1] == '0') --length;
  out.append(digits, length);
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_ += ',';
  first_ = false;
}

void JsonWriter::Open(char bracket) {
  Separate();
  out_ += bracket;
  first_ = true;
}

void JsonWriter::Close(char bracket) {
  out_ += bracket;
  first_ = false;
}

void JsonWriter::Key(std::string_view key) {
  Separate();
  out_ += '"';
  out_.append(key);
  out_ += "\":";
  after_key_ = true;
}

void JsonWriter::String(std::string_view text) {
  Separate();
  AppendJsonString(out_, text);
}

void JsonWriter::StringOrNull(std::string_view text) {
  if (text.empty()) {
    Null();
  } else {
    String(text);
  }
}

void JsonWriter::Int(std::int64_t value) {
  Separate();
  AppendInt(out_, value);
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
}

void JsonWriter::Raw(std::string_view json) {
  Separate();
  out_.append(json);
}

void JsonWriter::Null() {
  Separate();
  out_ += "null";
}

void JsonWriter::Seconds(std::int64_t ms) {
  Separate();
  AppendSeconds(out_, ms);
}

}  // namespace gtest_webhook::detail
