#!/usr/bin/env bash
# Simulation speed, side by side with SimPy on the same model in the same run.
#
#   scripts/bench-kernel.sh [--write] [SIM_SECONDS] [REPEAT]     (defaults: 3000 3)
#
# Model: M/M/8 at utilisation 0.9 (720 arrivals/s, 10 ms exponential service), the `mmc`
# preset. SimPy runs the same model in scripts/simpy_mmc.py (set SIMPY_BASELINE to use
# another script printing the same JSON), which times its model run only (imports
# excluded). perflab's figure is its whole `perflab run` process, start-up and the JSON
# summary written to a file included. Also times `perflab run --scenario checkout` (every
# stage on) in requests per wall second. Needs: python3 -m pip install simpy
# --write also puts the output in docs/benchmarks.md (section bench-kernel).
set -euo pipefail
source "$(dirname "$0")/lib/bench-doc.sh"
bench_doc_write_if_asked bench-kernel "$0" "$@"
cd "$(dirname "$0")/.."
SIM=${1:-3000}
REPEAT=${2:-3}
BASELINE=${SIMPY_BASELINE:-scripts/simpy_mmc.py}
if [[ ! -f $BASELINE ]]; then
  echo "bench-kernel: no SimPy baseline at $BASELINE; set SIMPY_BASELINE to a SimPy M/M/c script" >&2
  exit 2
fi
python3 -c 'import simpy' 2>/dev/null || { echo "bench-kernel: needs SimPy (python3 -m pip install simpy)" >&2; exit 2; }
swift build -c release --product perflab >/dev/null
BIN=.build/release/perflab
out=$(mktemp)
trap 'rm -f "$out"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

simpy_rates=(); perflab_rates=(); checkout_rates=()
for _ in $(seq "$REPEAT"); do
  # SimPy is ~50x slower: give it a tenth of the simulated time (its rate is per wall second).
  s=$(python3 "$BASELINE" --servers 8 --arrival-rate 720 --service-mean 0.01 --duration $((SIM / 10)) --seed 1 |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["customers_per_second"])')
  simpy_rates+=("$s")
  start=$(date +%s.%N)
  $BIN run --scenario mmc --duration "${SIM}s" --seed 1 --json >"$out"
  end=$(date +%s.%N)
  n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"]["succeeded"])' "$out")
  perflab_rates+=("$(python3 -c "print($n / ($end - $start))")")
  start=$(date +%s.%N)
  $BIN run --scenario checkout --duration "${SIM}s" --seed 1 --json >"$out"
  end=$(date +%s.%N)
  n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"]["offered"])' "$out")
  checkout_rates+=("$(python3 -c "print($n / ($end - $start))")")
done
sp=$(printf '%s\n' "${simpy_rates[@]}" | median)
pl=$(printf '%s\n' "${perflab_rates[@]}" | median)
co=$(printf '%s\n' "${checkout_rates[@]}" | median)
printf 'M/M/8 at 0.9, customers per wall second (median of %s)\n' "$REPEAT"
printf '  simpy    %12.0f\n  perflab  %12.0f   (whole process)\n  ratio    %12.1fx\n' "$sp" "$pl" "$(python3 -c "print($pl / $sp)")"
printf 'checkout (every stage on), requests per wall second: %.0f\n' "$co"
