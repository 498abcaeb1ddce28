#!/usr/bin/env bash
# Side by side, in one run: a GoogleTest binary of N trivial tests run plain, with GoogleTest's
# own --gtest_output=json, linked with gtest_webhook::auto but not configured, and reporting to
# a loopback receiver (collect, build the payload, sign, POST). Rounds alternate the variants so
# that machine noise hits them alike; medians of wall time and peak RSS are printed with the
# ratios the performance goals are stated in.
#
# Usage: bench/compare.sh [BUILD_DIR] [ROUNDS] [COUNTS...]
#   defaults: build/release, 5 rounds, 20000 200000 (build first: cmake --workflow --preset release)
# Any other pair of binaries (the same tests, one without and one linked with gtest_webhook::auto):
#   COMPARE_PLAIN=path/to/plain COMPARE_REPORTING=path/to/linked bench/compare.sh build/release 5
set -euo pipefail
build=${1:-build/release}
rounds=${2:-5}
shift $(( $# > 2 ? 2 : $# )) || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(20000 200000)
if [ -n "${COMPARE_PLAIN:-}${COMPARE_REPORTING:-}" ]; then
  [ -x "${COMPARE_PLAIN:-}" ] && [ -x "${COMPARE_REPORTING:-}" ] ||
    { echo "compare: COMPARE_PLAIN and COMPARE_REPORTING must both name executables" >&2; exit 2; }
  counts=(custom)
fi
bench="$build/bench"
[ -x "$bench/bench_receiver" ] || { echo "compare: build $build first (cmake --workflow --preset release)" >&2; exit 2; }
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

printf '%-8s %-20s %10s %12s\n' tests variant "wall s" "peak MiB"
for n in "${counts[@]}"; do
  plain="$bench/bench_plain_$n" reporting="$bench/bench_reporting_$n"
  [ "$n" != custom ] || { plain=$COMPARE_PLAIN; reporting=$COMPARE_REPORTING; }
  for round in $(seq "$rounds"); do
    measure "$n-plain" "$plain"
    measure "$n-json" "$plain" "--gtest_output=json:$work/gtest.json"
    measure "$n-linked" env -u GTEST_WEBHOOK_URL "$reporting"
    measure "$n-reporting" env GTEST_WEBHOOK_URL="$url" GTEST_WEBHOOK_SECRET=bench-secret "$reporting"
  done
  declare -A t m
  for v in plain json linked reporting; do
    t[$v]=$(median 1 "$work/$n-$v")
    m[$v]=$(median 2 "$work/$n-$v")
    printf '%-8s %-20s %10.3f %12.1f\n' "$n" "$v" "${t[$v]}" "$(awk -v k="${m[$v]}" 'BEGIN {print k / 1024}')"
  done
  awk -v n="$n" -v tp="${t[plain]}" -v tj="${t[json]}" -v tr="${t[reporting]}" -v tl="${t[linked]}" \
      -v mp="${m[plain]}" -v mj="${m[json]}" -v mr="${m[reporting]}" -v ml="${m[linked]}" 'BEGIN {
    dt = tj - tp; dm = mj - mp
    printf "%-8s reporting adds %.3f s and %.1f MiB; GoogleTest JSON adds %.3f s and %.1f MiB\n", n, tr - tp, (mr - mp) / 1024, dt, dm / 1024
    printf "%-8s ratios (goal): time %.2f (<= 0.25), memory %.2f (<= 0.50); linked but unconfigured adds %.3f s and %.1f MiB (goal: nothing measurable)\n", n, (dt > 0 ? (tr - tp) / dt : 0), (dm > 0 ? (mr - mp) / dm : 0), tl - tp, (ml - mp) / 1024
  }'
  unset t m
done
