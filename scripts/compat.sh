#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# The GoogleTest compatibility matrix: for each GoogleTest release archive in a directory, builds
# GoogleTest once (cached under build/compat), builds gtest-webhook against it, installs the
# package, and runs the integration suites against it (listener, golden payload, delivery,
# collect, run/send: `ctest -L integration`; on the oldest and newest release also each test's
# output, the build project, the package consumers and what CI shows: JUnit, summary).
# The golden payload is the same file for every release: the payload must not depend on it.
#
# Usage: scripts/compat.sh [ARCHIVE_DIR] [VERSION...]
#   ARCHIVE_DIR: googletest-VERSION.tar.gz files (default ../shared/googletest); VERSION: 1.10.0 …
#   (default: every archive there). Run scripts/install-deps.sh first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
archives=$(cd "${1:-../shared/googletest}" && pwd)
shift || true
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  for archive in "$archives"/googletest-*.tar.gz; do
    name=$(basename "$archive" .tar.gz)
    versions+=("${name#googletest-}")
  done
fi
work="$PWD/build/compat"
mkdir -p "$work"
# What does not include GoogleTest (the reporter, the input readers, the command, the network
# module) compiles to the same objects for every release: ccache compiles it once per run, not
# once per release. Without ccache (and no way to install it) everything is simply compiled.
launcher=()
if bash scripts/install-deps.sh ccache >/dev/null 2>&1 && command -v ccache >/dev/null; then
  export CCACHE_DIR="$work/ccache" CCACHE_NOHASHDIR=true
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

failed=()
# The oldest and the newest release get everything. The releases between them get the suites
# that follow GoogleTest's own behaviour (the listener, collect files, run and send); the output
# suite (SPEC §16: GoogleTest's printer, CaptureStdout, death tests) and the projects built
# against the installed package (package.*, build_project.*, Build.*) run on the edges, where
# the API and the CMake package could differ, which keeps the matrix within the CI's time.
edges=("${versions[0]}" "${versions[${#versions[@]}-1]}")
for version in "${versions[@]}"; do
  echo "=== GoogleTest $version"
  bash scripts/googletest.sh "$archives/googletest-$version.tar.gz" "$work/googletest-$version"
  project="$work/project-$version"
  # No build type: no debug information, which only a debugger reads (a fifth of the compile time).
  cmake -S . -B "$project" -G Ninja -DCMAKE_BUILD_TYPE= -DGTEST_WEBHOOK_DEVELOPER=ON \
        -DGTEST_WEBHOOK_BUILD_BENCH=OFF -DGTest_DIR="$work/googletest-$version/lib/cmake/GTest" \
        "${launcher[@]}" >/dev/null
  # What the integration suites and the installed package need; not the unit or hostile tests,
  # which test gtest-webhook rather than GoogleTest and run in the full suites.
  edge_targets=()
  leave_out=()
  if [[ " ${edges[*]} " == *" $version "* ]]; then
    edge_targets=(output_integration_tests build_integration_tests ci_pages_integration_tests)
  else
    leave_out=(-E '^(package|build_project|Build)\.')
  fi
  cmake --build "$project" --target listener_integration_tests collect_integration_tests \
        cli_integration_tests gtest_webhook_cli gtest_webhook_net gtest_webhook_auto_library \
        "${edge_targets[@]}"
  cmake --install "$project" --prefix "$work/package-$version" >/dev/null
  if ! ctest --test-dir "$project" -L integration "${leave_out[@]}" -j2 --output-on-failure \
       --timeout 600; then
    failed+=("$version")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "compat: failed with GoogleTest ${failed[*]}" >&2
  exit 1
fi
[ ${#launcher[@]} -eq 0 ] || ccache --show-stats | grep -iE 'hits|misses' | head -3 || true
echo "compat: every release passed: ${versions[*]}"
