#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Checks what scripts/cross.sh installed into PREFIX and the consumers it built against it: every
# program and library is the target system's, for its processor; the CMake package and the
# pkg-config file are there; each consumer's test binary holds the listener, registered at
# start-up, and has a run path to PREFIX's libraries (where the network module goes).
# On Windows, so far, the network module (a 64-bit DLL that exports its entry point and imports
# the system's WinHTTP and BCrypt, and nothing of libcurl's or OpenSSL's) and gtest-webhook.exe.
# Usage: tests/cross/check_cross.sh macos-x86_64|macos-arm64|windows PREFIX CONSUMER-BINARY...
set -euo pipefail
system=$1 prefix=$2
shift 2
fail() {
  echo "check_cross: $*" >&2
  exit 1
}
check_windows() {
  local module="$prefix/bin/gtest_webhook_net-0.dll" said table
  [ -f "$module" ] || fail "$module is missing"
  said=$(file -b "$module")
  case "$said" in
    "PE32+ executable (DLL)"*x86-64*) ;;
    *) fail "$module is not a 64-bit Windows DLL: $said" ;;
  esac
  table=$(x86_64-w64-mingw32-objdump -p "$module")
  grep -q "gtest_webhook_net_module_v3" <<<"$table" || fail "$module exports no entry point"
  for dll in WINHTTP.dll bcrypt.dll; do
    grep -qi "DLL Name: $dll" <<<"$table" || fail "$module does not import $dll"
  done
  if grep -qiE "DLL Name: (libcurl|libcrypto|libssl)" <<<"$table"; then
    fail "$module imports libcurl or OpenSSL"
  fi
  local command="$prefix/bin/gtest-webhook.exe"
  [ -f "$command" ] || fail "$command is missing"
  said=$(file -b "$command")
  case "$said" in
    "PE32+ executable (console)"*x86-64*) ;;
    *) fail "$command is not a 64-bit Windows console program: $said" ;;
  esac
  echo "check_cross: windows: the network module is a 64-bit DLL on WinHTTP and BCrypt;" \
       "gtest-webhook.exe is a 64-bit console program"
}
case "$system" in
  windows) check_windows; exit 0 ;;
  macos-x86_64) kind="Mach-O 64-bit x86_64" ;;
  macos-arm64) kind="Mach-O 64-bit arm64" ;;
  *) fail "unknown system $system" ;;
esac
# `file` says, e.g., "Mach-O 64-bit arm64 executable, flags:<…>".
expect() {
  local path=$1 what=$2 said
  [ -f "$path" ] || fail "$path is missing"
  said=$(file -b "$path")
  case "$said" in
    "$kind $what"*) ;;
    *) fail "$path is not a $system $what: $said" ;;
  esac
}
# Every object of a static library.
expect_archive() {
  local archive=$1 member objects
  [ -f "$archive" ] || fail "$archive is missing"
  objects=$(mktemp -d)
  for member in $(ar t "$archive" | grep '\.o$'); do
    ar p "$archive" "$member" >"$objects/$member"
    expect "$objects/$member" object
  done
  rm -rf "$objects"
}
expect "$prefix/bin/gtest-webhook" executable
for library in reporter listener auto; do
  expect_archive "$prefix/lib/libgtest_webhook_$library.a"
done
for file in lib/cmake/gtest_webhook/gtest_webhookConfig.cmake \
            lib/cmake/gtest_webhook/gtest_webhook_targets.cmake lib/pkgconfig/gtest_webhook.pc \
            share/gtest_webhook/src/listener/src/listener.cpp include/gtest_webhook/options.h; do
  [ -f "$prefix/$file" ] || fail "$prefix/$file is missing"
done
# The network module is not built where libcurl and OpenSSL are headers only: nothing pretends.
if ls "$prefix"/lib/libgtest_webhook_net* >/dev/null 2>&1; then
  fail "a network module was installed, though it cannot have been linked"
fi

for consumer in "$@"; do
  expect "$consumer" executable
  # The listener and its registration are linked in: the collect sink's variable is named there.
  grep -aq "GTEST_WEBHOOK_COLLECT_DIR" "$consumer" || fail "$consumer does not hold the listener"
  grep -aq "$prefix/lib" "$consumer" || fail "$consumer has no run path to $prefix/lib"
done
echo "check_cross: $system: the command, the libraries and $# consumers are $kind"
