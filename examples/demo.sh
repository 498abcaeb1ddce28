#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# The main job, end to end: builds and installs gtest-webhook, builds the example project (two
# test binaries, one linked with gtest-webhook and registered with gtest_discover_tests, one
# plain) against the installed package, starts the local receiver, runs the whole build's tests
# through ctest under `gtest-webhook run`, and prints the one report the receiver got.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/install-deps.sh

work="$root/build/demo"
mkdir -p "$work"
# What a user installs: a release build of the library and the command, without this project's
# own tests and benchmarks (bench/ and the suite have presets of their own).
cmake -S . -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGTEST_WEBHOOK_BUILD_TESTS=OFF \
      -DGTEST_WEBHOOK_BUILD_BENCH=OFF >/dev/null
cmake --build "$work/build"
cmake --install "$work/build" --prefix "$work/prefix" >/dev/null
cmake -S examples -B "$work/example" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/example"

# Demo credentials; in CI these come from the secret store.
secret="whsec_$(printf 'demo signing key' | base64)"
rm -f "$work/port"
"$work/example/example_receiver" --port-file "$work/port" --count 1 \
  --secret "$secret" --user ci --password demo-password >"$work/receiver.log" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "demo: the receiver did not start" >&2; cat "$work/receiver.log" >&2; exit 1; }

echo "--- running the example build's tests: gtest-webhook run -- ctest -j2"
GTEST_WEBHOOK_URL="http://127.0.0.1:$(cat "$work/port")/hook" \
GTEST_WEBHOOK_LABEL="local receiver" \
GTEST_WEBHOOK_SECRET="$secret" \
GTEST_WEBHOOK_USERNAME=ci GTEST_WEBHOOK_PASSWORD=demo-password \
GTEST_WEBHOOK_OUTPUT="$work/report.json" \
  "$work/prefix/bin/gtest-webhook" run -- ctest --test-dir "$work/example" -j2

wait $receiver
trap - EXIT
echo "--- the receiver got:"
cat "$work/receiver.log"
echo "--- the same payload is in $work/report.json"
