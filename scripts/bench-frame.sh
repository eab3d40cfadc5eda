#!/usr/bin/env bash
# What one dashboard frame costs to draw: `perflab bench-frame` (a hidden command) on a
# release build, at 120×40 and at 80×24, after 120 simulated seconds of `checkout` so that
# the charts are full. It renders into a cell buffer; nothing is written to a terminal.
#
#   scripts/bench-frame.sh [--write] [FRAMES]      (default: 2000)
#
# --write also puts the output in docs/benchmarks.md (section bench-frame).
set -euo pipefail
source "$(dirname "$0")/lib/bench-doc.sh"
bench_doc_write_if_asked bench-frame "$0" "$@"
cd "$(dirname "$0")/.."
frames=${1:-2000}
swift build -c release --product perflab >/dev/null
BIN=.build/release/perflab
"$BIN" bench-frame --frames "$frames"
"$BIN" bench-frame --frames "$frames" --width 80 --height 24
