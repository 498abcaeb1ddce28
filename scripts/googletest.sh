#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Builds and installs one GoogleTest release archive, once: a second call with the same PREFIX
# finds it built and returns at once.
# Usage: scripts/googletest.sh ARCHIVE PREFIX [CMAKE-OPTION...]
#   ARCHIVE: googletest-VERSION.tar.gz; PREFIX: where it is installed (its build goes beside
#   it); CMAKE-OPTION: for another compiler or standard library (-DCMAKE_CXX_COMPILER=…).
set -euo pipefail
archive=$1 prefix=$2
shift 2
[ -f "$prefix/.built" ] && exit 0
rm -rf "$prefix.src" "$prefix.build" "$prefix"
mkdir -p "$prefix.src"
tar -xzf "$archive" -C "$prefix.src" --strip-components=1
cmake -S "$prefix.src" -B "$prefix.build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_STANDARD=17 -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
      -DCMAKE_INSTALL_PREFIX="$prefix" "$@" >/dev/null
cmake --build "$prefix.build" >/dev/null
cmake --install "$prefix.build" >/dev/null
rm -rf "$prefix.src" "$prefix.build"
touch "$prefix/.built"
