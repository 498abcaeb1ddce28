#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# scripts/cross.sh windows: builds the tree for Windows (cmake/windows.cmake says what Windows
# adds) with Debian's MinGW-w64 and warnings as errors, runs the tests written for it so far
# under Debian's Wine (CTest's CMAKE_CROSSCOMPILING_EMULATOR; their receivers are Winsock
# servers on 127.0.0.1, which Wine makes this machine's sockets), installs the package into
# PREFIX (the command, the module and MinGW's runtime in bin/, the libraries, lib/cmake and the
# listener's sources), and builds and runs a project against it.
# Usage: scripts/cross-windows.sh PREFIX GOOGLETEST-ARCHIVE   (from scripts/cross.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$1 archive=$2
bash scripts/install-deps.sh g++-mingw-w64-x86-64-posix wine wine64
root="$PWD/build/cross"
work="$root/windows"
sysroot="$work/sysroot"
mkdir -p "$work/bin" "$sysroot"
mingw=/usr/lib/gcc/x86_64-w64-mingw32/$(ls /usr/lib/gcc/x86_64-w64-mingw32 | grep posix | sort -V | tail -1)

# Programs run under Wine in a prefix of the build's own, finding MinGW's C++ runtime (the
# program and the module share one, as on every system) on WINEPATH.
cat >"$work/bin/wine-run" <<SH
#!/bin/sh
export WINEPREFIX="$work/wine" WINEDEBUG=-all
export WINEPATH="$mingw;/usr/x86_64-w64-mingw32/lib"
exec wine "\$@"
SH
chmod +x "$work/bin/wine-run"
toolchain="$work/toolchain.cmake"
cat >"$toolchain" <<CMAKE
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
list(APPEND CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32 "$sysroot/googletest" "$sysroot/pugixml"
     "$sysroot/nlohmann")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR "$work/bin/wine-run")
CMAKE
cross=(-G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
       -DCMAKE_BUILD_TYPE="${GTEST_WEBHOOK_CROSS_BUILD_TYPE-Release}")

bash scripts/cross-sysroot.sh "$sysroot" "$work" "$archive" "${cross[@]}"

cmake -S . -B "$work/project" "${cross[@]}" -DGTEST_WEBHOOK_BUILD_BENCH=OFF \
      -DGTEST_WEBHOOK_BUILD_TESTS="${GTEST_WEBHOOK_CROSS_TESTS:-ON}" \
      -DCMAKE_INSTALL_PREFIX="$prefix" -DGTEST_WEBHOOK_DEVELOPER=ON \
      -DGTEST_WEBHOOK_HTTPLIB_DIR="$root/httplib" >/dev/null
cmake --build "$work/project"
if [ "${GTEST_WEBHOOK_CROSS_TESTS:-ON}" = ON ]; then
  (cd "$work/project" && ctest --output-on-failure)
fi
cmake --install "$work/project" >/dev/null
bash tests/cross/check_cross.sh windows "$prefix"

# A project of a team, cross-built against PREFIX as it would find the package
# (find_package(gtest_webhook CONFIG), gtest_webhook::auto), configured afresh; then run under
# Wine with only PREFIX/bin on its path (the module and MinGW's runtime come from there),
# reporting to a receiver on 127.0.0.1.
rm -rf "$work/example"
cmake -S examples -B "$work/example" "${cross[@]}" -DCMAKE_FIND_ROOT_PATH="$prefix" \
      -DEXAMPLE_RECEIVER=OFF >/dev/null
cmake --build "$work/example"
rm -f "$work/receiver-port" "$work/received.json"
python3 tests/cross/receive_once.py "$work/receiver-port" "$work/received.json" &
receiver=$!
for _ in $(seq 100); do [ -s "$work/receiver-port" ] && break; sleep 0.1; done
WINEPREFIX="$work/wine" WINEDEBUG=-all WINEPATH="$prefix/bin" \
  GTEST_WEBHOOK_URL="http://127.0.0.1:$(cat "$work/receiver-port")/hook" \
  wine "$work/example/calculator_test.exe" >"$work/example.log" 2>&1 || true
wait "$receiver" || true
python3 - "$work/received.json" <<'PY' || { cat "$work/example.log"; exit 1; }
import json, sys
report = json.load(open(sys.argv[1]))
assert report["tests"] == 7 and report["skip"] == 1 and report["buildStable"], report
assert all(entry["binary"] == "calculator_test" for entry in report["testCase"]), report
PY
echo "cross: windows: the tree built, its Windows tests run under Wine, the package installed" \
     "into $prefix, and a project built against it reported under Wine (docs/platforms.md)"
