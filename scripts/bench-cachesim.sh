#!/usr/bin/env bash
# Throughput of `perflab cachesim` against libCacheSim's C loop on the same trace.
#
#   scripts/bench-cachesim.sh [--write] [SIZE] [REPEAT]      (defaults: 10% 1)
#
# Writes a 10-million-request Zipf(1.0) trace over one million keys (once, kept under
# .build/bench/), builds perflab in release, then for every policy times perflab's whole
# process and libCacheSim (Python package, `c_process_trace`) on that file.
# Needs python3 with `libcachesim` and `numpy` (python3 -m pip install libcachesim==0.3.5 numpy).
# --write also puts the output in docs/benchmarks.md (section bench-cachesim).
set -euo pipefail
source "$(dirname "$0")/lib/bench-doc.sh"
bench_doc_write_if_asked bench-cachesim "$0" "$@"
cd "$(dirname "$0")/.."
size="${1:-10%}"
repeat="${2:-1}"
dir=.build/bench
trace="$dir/zipf1.0-1M-10M.txt"
mkdir -p "$dir"
if [[ ! -s "$trace" ]]; then
    echo "writing $trace ..." >&2
    python3 scripts/cachesim_bench.py trace --objects 1000000 --requests 10000000 --alpha 1.0 --seed 1 --out "$trace"
fi
swift build -c release --product perflab >&2
exe="$(swift build -c release --show-bin-path)/perflab"
python3 scripts/cachesim_bench.py run --trace "$trace" --perflab "$exe" --size "$size" --repeat "$repeat"
