#!/usr/bin/env bash
# Sweep speed, measured in one run: --jobs 2 against --jobs 1 on the same sweep, and the
# cost of one point against `perflab run` for the same simulated time.
#
#   scripts/bench-sweep.sh [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${1:-3}
export PATH="/opt/swift/usr/bin:/opt/swift/bin:$PATH"
swift build -c release --product perflab >/dev/null
BIN=.build/release/perflab
args=(--scenario checkout --vary load.rate=1k..8k:8 --replications 2 --duration 60s --warmup 0s --format json)
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); python3 -c "print($e - $s)"; }
one=(); two=(); run=()
for _ in $(seq "$REPEAT"); do
  one+=("$(t $BIN sweep "${args[@]}" --jobs 1)")
  two+=("$(t $BIN sweep "${args[@]}" --jobs 2)")
  run+=("$(t $BIN run --scenario checkout --set load.rate=4.5k --duration 60s --json)")
done
J1=$(printf '%s\n' "${one[@]}" | median); J2=$(printf '%s\n' "${two[@]}" | median); R=$(printf '%s\n' "${run[@]}" | median)
printf 'sweep of checkout, 8 points x 2 replications x 60 s (median of %s)\n' "$REPEAT"
printf '  --jobs 1   %7.2f s\n  --jobs 2   %7.2f s   speed-up %.2fx (target 1.8x on two cores)\n' "$J1" "$J2" "$(python3 -c "print($J1 / $J2)")"
printf '  one point (1 run of 60 s) in the sweep %.3f s; perflab run of 60 s: %.3f s\n' "$(python3 -c "print($J1 / 16)")" "$R"
