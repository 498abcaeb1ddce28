// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace gtest_webhook::testing {

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
inline bool IsValidUtf8(const std::string& bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    int length = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2, min = 0x80, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, min = 0x800, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > bytes.size()) return false;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

/// The testCase entry `class_name.name` (the `occurrence`-th one), or a failed assertion.
inline nlohmann::json FindCase(const nlohmann::json& payload, const std::string& class_name,
                               const std::string& name, int occurrence = 0) {
  for (const auto& entry : payload.at("testCase")) {
    if (entry.at("className") == class_name && entry.at("name") == name && occurrence-- == 0) {
      return entry;
    }
  }
  ADD_FAILURE() << "no testCase " << class_name << "." << name << " in " << payload.dump(2);
  return nlohmann::json::object();
}

}  // namespace gtest_webhook::testing
