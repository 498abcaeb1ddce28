#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Builds one of the documented recipes (docs/getting-googletest.md) as a real consumer project and
# checks its test binary's report.
# Usage: recipe.sh RECIPE SOURCE WORK ARCHIVES PREFIX CLI CXX RELEASE VERSION
#   RECIPE: fetchcontent, bundled, installed or meson; SOURCE: gtest-webhook's source tree; WORK:
#   a scratch directory; ARCHIVES: the GoogleTest release archives; PREFIX: the installed package
#   (installed, meson); CLI: the gtest-webhook command; CXX: the compiler; RELEASE: the directory
#   of gtest-webhook's release archive and its SHA256SUMS (fetchcontent); VERSION: its version.
set -euo pipefail
recipe=$1 source=$2 work=$3 archives=$4 prefix=$5 cli=$6 cxx=$7 release=$8 version=$9
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/state" && chmod 700 "$work/state"

configure() {  # project directory, then CMake options
  local project=$1
  shift
  cmake -S "$project" -B "$work/build" -G Ninja \
        -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >"$work/configure.log" 2>&1 ||
    { cat "$work/configure.log"; echo "recipe $recipe: configuring failed" >&2; exit 1; }
  if grep -q "CMake Warning" "$work/configure.log"; then
    grep -A4 "gtest-webhook" "$work/configure.log" >&2 || true
  fi
}

build() {  # targets
  cmake --build "$work/build" --target "$@" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log"; echo "recipe $recipe: building failed" >&2; exit 1; }
}

check() {  # binary, number of tests, report name
  cmake -DBINARY="$1" -DREPORT="$work/report.json" -DSTATE="$work/state" -DTESTS="$2" \
        -DNAME="$3" -P "$here/../package/check_report.cmake"
}

# The listener was compiled in this build, against the GoogleTest headers under `include`.
compiled_against() {
  grep -q "listener/src/listener.cpp" "$work/build/compile_commands.json" ||
    { echo "recipe $recipe: the listener was not compiled in this build" >&2; exit 1; }
  grep "listener/src/listener.cpp" "$work/build/compile_commands.json" | grep -q -- "$1" ||
    { echo "recipe $recipe: the listener was not compiled against $1" >&2; exit 1; }
}

case "$recipe" in
  fetchcontent)
    # gtest-webhook from its release archive alone, pinned by the hash SHA256SUMS gives, and no
    # system GoogleTest: a find_package(GTest) anywhere would come back empty. (FetchContent's
    # directory is `deps` beside the build, as deep as package.subdirectory's unpacked archive,
    # so that both compile gtest-webhook with the same relative paths: one compiler cache.)
    archive="gtest-webhook-$version.tar.gz"
    hash=$(awk -v name="$archive" '$2 == name { print $1 }' "$release/SHA256SUMS")
    [ -n "$hash" ] || { echo "recipe fetchcontent: no $archive in $release/SHA256SUMS" >&2; exit 1; }
    configure "$here/fetchcontent" -DGOOGLETEST_URL="file://$archives/googletest-1.14.0.tar.gz" \
              -DGTEST_WEBHOOK_URL="file://$release/$archive" -DGTEST_WEBHOOK_SHA256="$hash" \
              -DFETCHCONTENT_BASE_DIR="$work/deps" -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON
    compiled_against "deps/gtest_webhook-src/listener/src/listener.cpp"  # the archive's
    # A sub-project builds no tests, examples or benchmarks of its own, and installs nothing.
    [ ! -d "$work/deps/gtest_webhook-build/tests" ] ||
      { echo "recipe fetchcontent: gtest-webhook's tests were configured" >&2; exit 1; }
    grep -q "GTEST_WEBHOOK_INSTALL:BOOL=OFF" "$work/build/CMakeCache.txt"
    build hello_test
    compiled_against "deps/googletest-src/googletest/include"
    check "$work/build/hello_test" 2 hello_test
    ;;
  bundled)
    mkdir -p "$work/googletest"
    tar -xzf "$archives/googletest-1.10.0.tar.gz" -C "$work/googletest" --strip-components=1
    # GoogleTest 1.10 builds itself with -Werror, and GCC 11 and newer warn about its own
    # gtest-death-test.cc without optimisation: one of the guide's two ways around it. (This one:
    # the other, an optimised build with debug information, takes twice as long to compile.)
    configure "$here/bundled" -DGOOGLETEST_SOURCE="$work/googletest" -DGTEST_WEBHOOK_SOURCE="$source" \
              -DCMAKE_CXX_FLAGS=-Wno-error=maybe-uninitialized
    build bundled_test
    compiled_against "$work/googletest/googletest/include"
    # GoogleTest is the shared library of this build, once.
    libraries=$(ldd "$work/build/bundled_test")
    grep -q "libgtest.so.* => $work/build" <<<"$libraries" ||
      { echo "recipe bundled: not linked with this build's libgtest.so:"; echo "$libraries"; exit 1; } >&2
    check "$work/build/bundled_test" 3 bundled_test
    ;;
  installed)
    configure "$here/installed" -DGOOGLETEST_URL="file://$archives/googletest-1.18.0.tar.gz" \
              -DCMAKE_PREFIX_PATH="$prefix"
    build other_release_test
    compiled_against "_deps/googletest-src/googletest/include"
    check "$work/build/other_release_test" 2 other_release_test
    ;;
  meson)
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/$(gcc -print-multiarch 2>/dev/null)/pkgconfig"
    pkg-config --exists gtest_webhook || { echo "recipe meson: pkg-config finds no gtest_webhook" >&2; exit 1; }
    CXX="$cxx" meson setup "$work/build" "$here/meson" >"$work/configure.log" 2>&1 ||
      { cat "$work/configure.log"; exit 1; }
    meson compile -C "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
    # One report for the Meson build: both binaries, each process once.
    GTEST_WEBHOOK_OUTPUT="$work/report.json" GTEST_WEBHOOK_STATE_DIR="$work/state" \
      "$cli" run -- meson test -C "$work/build" >"$work/run.log" 2>&1 ||
      { cat "$work/run.log"; echo "recipe meson: the tests failed" >&2; exit 1; }
    cmake -DREPORT="$work/report.json" -P "$here/check_meson_report.cmake"
    # Run on its own, not under `run`, the linked binary sends with the network module of the tree
    # pkg-config found it in (a prefix other than the one the package was configured with): the
    # .pc file gives the binary that library directory as its run path.
    mkdir -m 700 "$work/direct-state"
    GTEST_WEBHOOK_URL=http://127.0.0.1:9/hook GTEST_WEBHOOK_RETRIES=0 LD_DEBUG=libs \
      GTEST_WEBHOOK_STATE_DIR="$work/direct-state" "$work/build/linked_test" >"$work/direct.log" 2>&1 ||
      { cat "$work/direct.log"; echo "recipe meson: linked_test failed on its own" >&2; exit 1; }
    module=$(sed -n 's/.*calling init: \(.*libgtest_webhook_net\.so[.0-9]*\)$/\1/p' "$work/direct.log")
    libdir=$(realpath "$(pkg-config --variable=libdir gtest_webhook)")
    if [ -z "$module" ] || [ "$(realpath "$(dirname "$module")")" != "$libdir" ]; then
      grep "gtest-webhook" "$work/direct.log" >&2 || true
      echo "recipe meson: the network module was not loaded from $libdir (${module:-none})" >&2
      exit 1
    fi
    ;;
  *)
    echo "recipe.sh: unknown recipe $recipe" >&2
    exit 2
    ;;
esac
echo "recipe $recipe: ok"
