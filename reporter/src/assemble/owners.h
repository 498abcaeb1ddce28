// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Who owns each failure (SPEC §17): the repository's root and its CODEOWNERS.

#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "model/report.h"

namespace gtest_webhook::detail {

/// The repository's root: the CI's workspace (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR`, Azure's
/// `BUILD_SOURCESDIRECTORY`, Buildkite's checkout, Jenkins' `WORKSPACE`), else the nearest
/// directory above the working directory that holds `.git`; empty when none.
std::string RepositoryRoot(const EnvLookup& env);

/// Sets `report.repository_root` and, when an entry did not pass, `report.owners` for the files
/// of such entries, from `options.codeowners_path` or the root's CODEOWNERS (`CODEOWNERS`,
/// `.github/`, `.gitlab/`, `docs/`). A file that cannot be read, and each line of it that is
/// skipped, is one line in `notes`.
void AssignOwners(Report& report, const Options& options, const EnvLookup& env,
                  std::vector<std::string>& notes);

}  // namespace gtest_webhook::detail
