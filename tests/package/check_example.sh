#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Builds examples/ against the installed package, then checks the example receiver: a report
# with the right secret and credentials is accepted, one with a wrong secret or password is
# rejected with 401, and the test binary's exit code is untouched either way; a test name's
# control characters are printed escaped.
# Usage: check_example.sh SOURCE_DIR PREFIX WORK_DIR GENERATOR [CMAKE-OPTION…]
#   (-DGTest_DIR=… for another GoogleTest, -DEXAMPLE_HTTPLIB_DIR=… for a header-only cpp-httplib)
set -euo pipefail
source_dir=$1 prefix=$2 work=$3 generator=$4
shift 4
rm -rf "$work" && mkdir -p "$work"
cmake -S "$source_dir/examples" -B "$work/build" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_CXX_FLAGS="${CXXFLAGS:-}" -DCMAKE_EXE_LINKER_FLAGS="${LDFLAGS:-}" "$@" >/dev/null
cmake --build "$work/build" >/dev/null
"$prefix/bin/gtest-webhook" --version | grep -q "^gtest-webhook "  # the command is installed

"$work/build/example_receiver" --port-file "$work/port" --secret "whsec_c2VjcmV0" \
  --user ci --password pw >"$work/receiver.log" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")/hook"

report() {  # secret password -> stderr of the run; fails if the exit code changed
  local err rc=0
  err=$(GTEST_WEBHOOK_URL="$url" GTEST_WEBHOOK_SECRET="$1" GTEST_WEBHOOK_USERNAME=ci \
        GTEST_WEBHOOK_PASSWORD="$2" GTEST_WEBHOOK_RETRIES=0 "$work/build/calculator_test" 2>&1 >/dev/null) || rc=$?
  [ "$rc" -eq 0 ] || { echo "calculator_test exited $rc" >&2; exit 1; }
  printf '%s\n' "$err"
}
good=$(report whsec_c2VjcmV0 pw)
bad_secret=$(report whsec_d3Jvbmc= pw)
bad_password=$(report whsec_c2VjcmV0 nope)
cat "$work/receiver.log"
grep -q "gtest-webhook: delivered to $url (HTTP 200" <<<"$good"
grep -q "gtest-webhook: failed to deliver to $url: HTTP 401" <<<"$bad_secret"
grep -q "gtest-webhook: failed to deliver to $url: HTTP 401" <<<"$bad_password"
grep -q "rejected: Signature does not match" "$work/receiver.log"
grep -q "rejected: Basic Auth failed" "$work/receiver.log"
grep -q "signatures verified (Signature and webhook-signature)" "$work/receiver.log"

# A test name may hold any byte: the receiver prints a line feed or an escape sequence in it as
# \xNN, so that it cannot forge a line of its own (a receiver with no secret, sent to raw).
"$work/build/example_receiver" --port-file "$work/open-port" --count 1 >"$work/open.log" 2>&1 &
open_receiver=$!
trap 'kill $receiver $open_receiver 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/open-port" ] && break; sleep 0.1; done
body='{"name":"n","testCase":[{"status":"failed","className":"S","name":"a\n=== POST /forged\u001b[31m"}]}'
exec 3<>"/dev/tcp/127.0.0.1/$(cat "$work/open-port")"
printf 'POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
  "${#body}" "$body" >&3
answer=$(cat <&3)
exec 3<&-
wait "$open_receiver" || true
grep -q "^HTTP/1.1 200" <<<"$answer" || { echo "the open receiver answered: $answer" >&2; exit 1; }
grep -qF 'S.a\x0a=== POST /forged\x1b[31m' "$work/open.log" && ! grep -q "^=== POST /forged" "$work/open.log" ||
  { cat "$work/open.log"; echo "example receiver: a test name printed its control characters" >&2; exit 1; }
echo "example receiver: accepts the right report, rejects the wrong ones, prints names escaped"
