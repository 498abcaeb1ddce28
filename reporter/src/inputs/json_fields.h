// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Reading fields of a JSON object that may be missing or of another type, as every input
// reader does: a wrong type reads as empty, never as an exception.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace gtest_webhook::detail {

inline std::string StringField(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline std::int64_t IntField(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

}  // namespace gtest_webhook::detail
