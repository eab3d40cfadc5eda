#!/usr/bin/env bash
# The model's speed since it became a graph of services, measured in one run as ratios:
#
#   scripts/bench-topology.sh [--write] [SIM_SECONDS] [REPEAT]     (defaults: 3000 11)
#
# 1. `mmc` (M/M/8 at 0.9) against a hand-written Swift heap loop simulating the same queue
#    (Benchmarks/heap-loop, its loop inside a function, built with swiftc -O, outside the
#    product): customers per wall second of each whole process, start-up included.
# 2. `checkout` against perflab as it was before the graph (commit $BEFORE, built once into
#    .build-bench/): requests per wall second.
# 3. The five-service `chain` example: service visits per wall second.
# The programs run in turn, REPEAT times; each ratio is taken run by run (this run's mmc
# against this run's heap loop), and the median of those ratios is quoted with their range:
# on a shared machine whose speed drifts from one second to the next, a ratio of two
# programs run back to back holds far better than either absolute figure. The rates are
# medians. --write also puts the output in docs/benchmarks.md (section bench-topology).
# Build clean before measuring a change of layout (CONTRIBUTING.md, "Incremental builds").
set -euo pipefail
source "$(dirname "$0")/lib/bench-doc.sh"
bench_doc_write_if_asked bench-topology "$0" "$@"
cd "$(dirname "$0")/.."
SIM=${1:-3000}
REPEAT=${2:-11}
BEFORE=${BEFORE:-ca5056f}
export PATH="/opt/swift/usr/bin:/opt/swift/bin:$PATH"

swift build -c release --product perflab >/dev/null
BIN=.build/release/perflab
mkdir -p .build-bench
LOOP=.build-bench/heap-loop
swiftc -O Benchmarks/heap-loop/main.swift -o "$LOOP"
OLD=.build-bench/perflab-$BEFORE
if [[ ! -x $OLD ]]; then
  echo "building perflab at $BEFORE (once) ..." >&2
  tree=$(mktemp -d)
  git worktree add --detach "$tree" "$BEFORE" >/dev/null 2>&1
  (cd "$tree" && swift build -c release --product perflab >/dev/null)
  cp "$tree/.build/release/perflab" "$OLD"
  git worktree remove --force "$tree"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
now() { date +%s.%N; }
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$out" "$1"; }

loop=(); mmc=(); co_new=(); co_old=(); chain=()
for _ in $(seq "$REPEAT"); do
  s=$(now); "$LOOP" 8 720 0.01 "$SIM" 1 >"$out"; e=$(now)
  loop+=("$(python3 -c "print($(field 'd["customers"]') / ($e - $s))")")
  s=$(now); $BIN run --scenario mmc --duration "${SIM}s" --seed 1 --json >"$out"; e=$(now)
  mmc+=("$(python3 -c "print($(field 'd["requests"]["succeeded"]') / ($e - $s))")")
  s=$(now); $BIN run --scenario checkout --duration "$((SIM / 10))s" --seed 1 --json >"$out"; e=$(now)
  co_new+=("$(python3 -c "print($(field 'd["requests"]["offered"]') / ($e - $s))")")
  s=$(now); $OLD run --scenario checkout --duration "$((SIM / 10))s" --seed 1 --json >"$out"; e=$(now)
  co_old+=("$(python3 -c "print($(field 'd["requests"]["offered"]') / ($e - $s))")")
  s=$(now); $BIN run --scenario examples/chain.toml --duration "$((SIM / 10))s" --seed 1 --json >"$out"; e=$(now)
  chain+=("$(python3 -c "print($(field 'sum(x["requests"]["offered"] for x in d["services"])') / ($e - $s))")")
done
python3 - "$SIM" "$REPEAT" "$BEFORE" "${loop[*]}" "${mmc[*]}" "${co_new[*]}" "${co_old[*]}" \
  "${chain[*]}" <<'PY'
import statistics, sys
sim, repeat, before = sys.argv[1:4]
loop, mmc, new, old, chain = ([float(x) for x in a.split()] for a in sys.argv[4:9])
med = statistics.median
def ratios(a, b):
    r = [x / y for x, y in zip(a, b)]
    return f"ratio {med(r):.2f} (run by run {min(r):.2f} to {max(r):.2f})"
print(f"{repeat} runs in turn, {sim} simulated seconds (checkout and chain: a tenth); rates are medians")
print(f"  M/M/8 heap loop          {med(loop):12,.0f} customers/s")
print(f"  perflab mmc              {med(mmc):12,.0f} customers/s   {ratios(mmc, loop)}, target 0.85")
print(f"  checkout before ({before}) {med(old):10,.0f} requests/s")
print(f"  checkout now             {med(new):12,.0f} requests/s    {ratios(new, old)}, target 0.95")
print(f"  chain (5 services)       {med(chain):12,.0f} visits/s      (target 1,000,000)")
PY
