#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# What the tree needs for another system, built or copied into SYSROOT by scripts/cross.sh and
# scripts/cross-windows.sh: GoogleTest (ARCHIVE), pugixml (Debian's source package, built once),
# nlohmann/json (Debian's headers), and cpp-httplib's header for the tests' receivers (into
# build/cross/httplib). WORK holds the builds; the rest are the cross-compiling CMake arguments.
# Usage: scripts/cross-sysroot.sh SYSROOT WORK ARCHIVE CMAKE-ARGUMENTS...
set -euo pipefail
cd "$(dirname "$0")/.."
sysroot=$1 work=$2 archive=$3
shift 3
root="$PWD/build/cross"
bash scripts/googletest.sh "$archive" "$sysroot/googletest" "$@"
bash scripts/debian-source.sh pugixml libpugixml-dev "$root/pugixml-source"
if [ ! -f "$sysroot/pugixml/.built" ]; then
  cmake -S "$root/pugixml-source" -B "$work/pugixml" "$@" \
        -DCMAKE_INSTALL_PREFIX="$sysroot/pugixml" -DPUGIXML_BUILD_TESTS=OFF >/dev/null
  cmake --build "$work/pugixml" >/dev/null && cmake --install "$work/pugixml" >/dev/null
  touch "$sysroot/pugixml/.built"
fi
mkdir -p "$sysroot/nlohmann/share/cmake" "$sysroot/nlohmann/include"
cp -r /usr/include/nlohmann "$sysroot/nlohmann/include/"
cp -r /usr/share/cmake/nlohmann_json "$sysroot/nlohmann/share/cmake/"
bash scripts/debian-source.sh cpp-httplib libcpp-httplib-dev "$root/httplib-source"
mkdir -p "$root/httplib" && cp "$root/httplib-source/httplib.h" "$root/httplib/"
