#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# The whole test suite built with Clang and libc++ (Debian's clang, libc++-dev), against a
# GoogleTest release built with libc++ from its archive (the newest in ARCHIVE_DIR), in
# build/libcxx. Two things built against libstdc++ cannot be used, so they are replaced: the
# benchmarks (Google Benchmark) are not built, and the test receivers use cpp-httplib as the
# single header of Debian's source package (its library exchanges std::string with callers).
# Usage: scripts/libcxx.sh [ARCHIVE_DIR]   (default ../shared/googletest; needs root to install)
set -euo pipefail
cd "$(dirname "$0")/.."
archives=$(cd "${1:-../shared/googletest}" && pwd)
bash scripts/install-deps.sh clang libc++-dev libc++abi-dev dpkg-dev
work="$PWD/build/libcxx"
mkdir -p "$work"

# cpp-httplib's single header, from Debian's source package of the installed version.
httplib="$work/httplib"
bash scripts/debian-source.sh cpp-httplib libcpp-httplib-dev "$work/httplib-source"
mkdir -p "$httplib" && cp "$work/httplib-source/httplib.h" "$httplib/"

newest=$(ls "$archives"/googletest-*.tar.gz | sort -V | tail -1)
googletest="$work/$(basename "$newest" .tar.gz)"
libcxx=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-stdlib=libc++
        -DCMAKE_EXE_LINKER_FLAGS=-stdlib=libc++ -DCMAKE_SHARED_LINKER_FLAGS=-stdlib=libc++)
bash scripts/googletest.sh "$newest" "$googletest" "${libcxx[@]}"

# No build type, as in the matrix: debug information costs a fifth of the compile time.
cmake -S . -B "$work/project" -G Ninja -DCMAKE_BUILD_TYPE= -DGTEST_WEBHOOK_DEVELOPER=ON \
      -DGTEST_WEBHOOK_BUILD_BENCH=OFF -DGTest_DIR="$googletest/lib/cmake/GTest" \
      -DGTEST_WEBHOOK_HTTPLIB_DIR="$httplib" "${libcxx[@]}" >/dev/null
cmake --build "$work/project"
# Not the dashboards suite: it talks to Prometheus and a browser, which the standard library does
# not change; its renderers' unit tests run here. That keeps the CI within its hour.
ctest --test-dir "$work/project" -j2 --output-on-failure --timeout 600 -LE 'recipes|dashboards'
echo "libcxx: the whole suite passed with Clang and libc++ ($(basename "$newest"))"
