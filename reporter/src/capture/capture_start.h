// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Starting an OutputTee with one of this library's observers (SPEC §16). The copying process
// builds its observer from a recipe, a line of text: on Windows that process is the program
// started again, which has nothing of this one but the recipe.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "platform/capture.h"

namespace gtest_webhook::detail {

/// A TestOutput(max_bytes, sanitizer_runtime), for a linked test process.
std::string TestOutputRecipe(std::size_t max_bytes, bool sanitizer_runtime);
/// A NamedTestOutput(max_bytes), for the processes `gtest-webhook run` starts.
std::string NamedOutputRecipe(std::size_t max_bytes);

/// The observer `recipe` describes; nullptr when it is not one of the above.
std::unique_ptr<platform::TeeObserver> MakeTeeObserver(std::string_view recipe);

/// platform::OutputTee::Start with MakeTeeObserver. Its file also holds the constructor that
/// makes a program started as a copier one (platform::ServeAsCopierWhenStartedAsOne), which is
/// linked into every program that captures because every such program calls this.
std::unique_ptr<platform::OutputTee> StartTee(const std::string& recipe,
                                              const std::string& record_file, std::string& why);

}  // namespace gtest_webhook::detail
