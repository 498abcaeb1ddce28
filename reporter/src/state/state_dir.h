// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The state directory (SPEC §5, §12, §13): where it is, that it may be trusted, and the names
// that history, `when=changes` state and the outbox keep in it.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gtest_webhook/options.h"
#include "platform/files.h"

namespace gtest_webhook::detail {

/// `hex_digits` (at most 16) hex digits of a 64-bit FNV-1a hash of `text`: names apart, stable
/// across builds and systems; no secret can be read back from it.
std::string NameHash(std::string_view text, std::size_t hex_digits);

/// The state directory: `options.state_dir`, else `$XDG_CACHE_HOME/gtest-webhook`, else
/// `$HOME/.cache/gtest-webhook` when HOME is an existing directory. Empty, with `why`, when there
/// is none: never a directory other users share, never a HOME that does not exist.
std::string StateDirectory(const Options& options, std::string& why,
                           const EnvLookup& env = ProcessEnvironment());

/// The state directory (StateDirectory), created when missing and opened so that nothing in it
/// is reached through a symbolic link. nullptr, with `why` ("cannot use '…' (…)"), when there is
/// none, when it cannot be made, or when others could write in it
/// (platform::DirectoryUse::kPrivate).
std::unique_ptr<platform::Directory> OpenStateDirectory(
    const Options& options, std::string& why, const EnvLookup& env = ProcessEnvironment());

/// The line that says the state directory cannot be used (`why`, from OpenStateDirectory), and
/// what goes without it; the same wherever it is found, so that it is printed once.
std::string StateDirectoryProblem(const std::string& why);

/// What tells reporter `index` of `options` apart in the state directory: its URL, and for a
/// second reporter with the same URL, its ordinal among them, so that each keeps its own state.
std::string StateKey(const Options& options, std::size_t index);

/// The hash that names reporter `index` of `options` in the state directory (its outbox): 16 hex
/// digits of its StateKey, from which the URL cannot be read back.
std::string ReporterHash(const Options& options, std::size_t index);

/// The state file's name for `report_name` and the reporter `reporter_key` names: readable, and
/// free of the URL (only a hash of it).
std::string StateFileName(const std::string& report_name, const std::string& reporter_key);

}  // namespace gtest_webhook::detail
