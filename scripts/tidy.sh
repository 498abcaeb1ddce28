#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# clang-tidy over gtest-webhook's own sources (the library, the command, the platform layer and
# the network module; not the tests), with the checks of .clang-tidy, where each exclusion says
# why. Any finding fails. Uses a Clang compilation database in build/tidy (configured only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh clang clang-tidy
cmake -S . -B build/tidy -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
      -DGTEST_WEBHOOK_BUILD_TESTS=OFF -DGTEST_WEBHOOK_BUILD_BENCH=OFF >/dev/null
# Not platform/darwin/, platform/windows/ or the network module's Windows files: compiled for
# those systems by scripts/cross.sh only (this build's compilation database is Linux's).
mapfile -t files < <(git ls-files 'reporter/*.cpp' 'listener/*.cpp' 'cli/*.cpp' 'platform/*.cpp' \
                                  'net/*.cpp' ':!platform/darwin/*' ':!platform/windows/*' \
                                  ':!net/winhttp_transport.cpp' ':!net/bcrypt_hmac.cpp')
# One file per run, so that both processors stay busy to the end.
printf '%s\n' "${files[@]}" | xargs -P 2 -n 1 clang-tidy -p build/tidy --quiet --warnings-as-errors='*'
echo "tidy: no findings in ${#files[@]} files"
