#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Side by side, in one run: a GoogleTest binary of N trivial tests run plain, with GoogleTest's
# own --gtest_output=json, linked with gtest_webhook::auto but not configured, reporting to a
# loopback receiver (collect, build the payload, sign, POST; each test's output captured, as in
# CI), the same without capturing (GTEST_WEBHOOK_MAX_OUTPUT=0), and collecting into
# GTEST_WEBHOOK_COLLECT_DIR, and reporting that also writes JUnit, the Markdown summary and the
# HTML page and prints GitHub annotations (pages). The workloads: 20,000 and 200,000 trivial tests, 6,000 of which a
# third fail (6000f), and 1,000 tests that print 100 MB in all (print). Then many small binaries run by `ctest -j2`, plain and under
# `gtest-webhook run`. Rounds alternate the variants so that machine noise hits them alike;
# medians of wall time and peak RSS are printed with the ratios the goals are stated in.
#
# Usage: bench/compare.sh [BUILD_DIR] [ROUNDS] [COUNTS...]
#   defaults: build/release, 5 rounds, 20000 200000 6000f print
#   (build first: cmake --workflow --preset release)
# Any other pair of binaries (the same tests, one without and one linked with gtest_webhook::auto):
#   COMPARE_PLAIN=path/to/plain COMPARE_REPORTING=path/to/linked bench/compare.sh build/release 5
set -euo pipefail
build=${1:-build/release}
rounds=${2:-5}
shift $(( $# > 2 ? 2 : $# )) || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(20000 200000 6000f print)
if [ -n "${COMPARE_PLAIN:-}${COMPARE_REPORTING:-}" ]; then
  [ -x "${COMPARE_PLAIN:-}" ] && [ -x "${COMPARE_REPORTING:-}" ] ||
    { echo "compare: COMPARE_PLAIN and COMPARE_REPORTING must both name executables" >&2; exit 2; }
  counts=(custom)
fi
bench="$build/bench"
cli="$build/cli/gtest-webhook"
[ -x "$bench/bench_receiver" ] && [ -x "$cli" ] ||
  { echo "compare: build $build first (cmake --workflow --preset release)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "compare: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
"$bench/bench_receiver" >"$work/port" 2>/dev/null &
receiver=$!
trap 'kill $receiver 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(head -1 "$work/port")/hook"

measure() {  # label command... -> appends "seconds kilobytes" to $work/label
  # Wall time from bash's microsecond clock (time's %e has only 10 ms steps), peak RSS from time.
  local label=$1 start end; shift
  start=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$work/one" "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", b - a}') $(tail -1 "$work/one")" >>"$work/$label"
}
median() {  # column file
  sort -n <(awk -v c="$1" '{print $c}' "$2") | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}
row() {  # group variant seconds kilobytes
  printf '%-8s %-20s %10.3f %12.1f\n' "$1" "$2" "$3" "$(awk -v k="$4" 'BEGIN {print k / 1024}')"
}

printf '%-8s %-20s %10s %12s\n' tests variant "wall s" "peak MiB"
variants=(plain json linked reporting nocapture collecting pages)
for n in "${counts[@]}"; do
  plain="$bench/bench_plain_$n" reporting="$bench/bench_reporting_$n"
  [ "$n" != custom ] || { plain=$COMPARE_PLAIN; reporting=$COMPARE_REPORTING; }
  for round in $(seq "$rounds"); do
    measure "$n-plain" "$plain"
    measure "$n-json" "$plain" "--gtest_output=json:$work/gtest.json"
    measure "$n-linked" env -u GTEST_WEBHOOK_URL "$reporting"
    measure "$n-reporting" env GTEST_WEBHOOK_URL="$url" GTEST_WEBHOOK_SECRET=bench-secret "$reporting"
    measure "$n-nocapture" env GTEST_WEBHOOK_URL="$url" GTEST_WEBHOOK_SECRET=bench-secret \
      GTEST_WEBHOOK_MAX_OUTPUT=0 "$reporting"
    rm -rf "$work/collect"
    measure "$n-collecting" env -u GTEST_WEBHOOK_URL GTEST_WEBHOOK_COLLECT_DIR="$work/collect" "$reporting"
    rm -f "$work/summary.md"
    measure "$n-pages" env GTEST_WEBHOOK_URL="$url" GTEST_WEBHOOK_SECRET=bench-secret \
      GTEST_WEBHOOK_JUNIT="$work/junit.xml" GTEST_WEBHOOK_SUMMARY="$work/summary.md" \
      GTEST_WEBHOOK_ANNOTATIONS=github GTEST_WEBHOOK_HTML="$work/page.html" "$reporting"
  done
  declare -A t m
  for v in "${variants[@]}"; do
    t[$v]=$(median 1 "$work/$n-$v")
    m[$v]=$(median 2 "$work/$n-$v")
    row "$n" "$v" "${t[$v]}" "${m[$v]}"
  done
  awk -v n="$n" -v tp="${t[plain]}" -v tj="${t[json]}" -v tr="${t[reporting]}" -v tl="${t[linked]}" -v tc="${t[collecting]}" -v tn="${t[nocapture]}" -v tg="${t[pages]}" \
      -v mp="${m[plain]}" -v mj="${m[json]}" -v mr="${m[reporting]}" -v ml="${m[linked]}" -v mc="${m[collecting]}" 'BEGIN {
    dt = tj - tp; dm = mj - mp
    printf "%-8s GoogleTest JSON adds %.3f s and %.1f MiB; reporting adds %.3f s and %.1f MiB; collecting adds %.3f s and %.1f MiB\n", n, dt, dm / 1024, tr - tp, (mr - mp) / 1024, tc - tp, (mc - mp) / 1024
    printf "%-8s ratios to JSON (goal): reporting time %.2f (<= 0.15), memory %.2f (<= 0.50); collecting time %.2f (<= 0.15), memory %.2f (<= 0.50)\n", n, (dt > 0 ? (tr - tp) / dt : 0), (dm > 0 ? (mr - mp) / dm : 0), (dt > 0 ? (tc - tp) / dt : 0), (dm > 0 ? (mc - mp) / dm : 0)
    printf "%-8s linked but unconfigured adds %.3f s and %.1f MiB (goal: nothing measurable)\n", n, tl - tp, (ml - mp) / 1024
    printf "%-8s JUnit, the summary, the HTML page and annotations add %.3f s to reporting (goal: milliseconds)\n", n, tg - tr
    printf "%-8s capturing each test'"'"'s output adds %.3f s, %.1f%% of reporting without it (goal: <= 5%% printing 100 MB, nothing measurable for silent tests)\n", n, tr - tn, (tn > 0 ? (tr - tn) * 100 / tn : 0)
  }'
  unset t m
done

# Many small binaries: plain ctest, and the same under `gtest-webhook run`, which follows every
# test process and sends one report.
tests="$bench/ctest"
if [ -f "$tests/CTestTestfile.cmake" ] && [ "${counts[0]}" != custom ]; then
  binaries=$(grep -c '^add_test' "$tests/CTestTestfile.cmake")
  for round in $(seq "$rounds"); do
    measure ctest-plain ctest --test-dir "$tests" -j2
    measure ctest-run env GTEST_WEBHOOK_URL="$url" "$cli" run -- ctest --test-dir "$tests" -j2
  done
  tp=$(median 1 "$work/ctest-plain") tr=$(median 1 "$work/ctest-run")
  row ctest "plain ctest -j2" "$tp" "$(median 2 "$work/ctest-plain")"
  row ctest "run -- ctest -j2" "$tr" "$(median 2 "$work/ctest-run")"
  awk -v b="$binaries" -v tp="$tp" -v tr="$tr" 'BEGIN {
    printf "ctest    %d binaries of 25 tests: run adds %.3f s in all, %.1f ms per test process (%.0f%% of plain ctest)\n", b, tr - tp, (tr - tp) * 1000 / b, (tp > 0 ? (tr - tp) * 100 / tp : 0)
  }'
fi
