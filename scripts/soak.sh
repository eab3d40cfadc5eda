#!/usr/bin/env bash
# Long runs: memory must stay flat.
#
#   scripts/soak.sh [DASHBOARD_SECONDS] [HEADLESS_SIM] [SCENARIO]
#
# 1. The dashboard at 100x on SCENARIO (default `checkout`; a preset, an example topology
#    such as `shop`, or a file) in tmux for DASHBOARD_SECONDS (default 600) of wall time,
#    its resident memory sampled every 10 s.
# 2. A headless `perflab run --scenario SCENARIO --duration HEADLESS_SIM` (default 24h),
#    sampled the same way.
# Each prints its memory over time and passes when, after the warm-up (the first fifth of
# the samples), the largest sample is within 10% of the smallest.
set -uo pipefail
cd "$(dirname "$0")/.."
DASH=${1:-600}
SIM=${2:-24h}
SCENARIO=${3:-checkout}
export PATH="/opt/swift/usr/bin:/opt/swift/bin:$PATH"
swift build -c release --product perflab >/dev/null || exit 2
BIN=$PWD/.build/release/perflab
tmp=$(mktemp -d)
trap 'tmux kill-session -t perflab-soak 2>/dev/null; rm -rf "$tmp"' EXIT
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }

# Samples RSS (KB) of PID every 10 s while it lives (or for SECONDS), one per line.
sample() {
  local pid=$1 limit=$2 start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    rss "$pid"
    (( limit > 0 && SECONDS - start >= limit )) && break
    sleep 10
  done
}

verdict() { # NAME FILE
  python3 - "$1" "$2" <<'PY'
import sys
name, path = sys.argv[1], sys.argv[2]
xs = [int(l) for l in open(path) if l.strip()]
if len(xs) < 5:
    print(f"{name}: only {len(xs)} samples"); sys.exit(1)
after = xs[len(xs) // 5:]
lo, hi = min(after), max(after)
spread = (hi - lo) / lo
print(f"{name}: {len(xs)} samples every 10 s; peak {max(xs) / 1024:.1f} MB; after warm-up "
      f"{lo / 1024:.1f}-{hi / 1024:.1f} MB ({spread * 100:.1f}% spread)")
print("  MB over time: " + " ".join(f"{x / 1024:.0f}" for x in xs[:: max(1, len(xs) // 20)]))
sys.exit(0 if spread <= 0.10 else 1)
PY
}

fails=0
# 1. The dashboard.
tmux new-session -d -s perflab-soak -x 120 -y 40 "$BIN --scenario $SCENARIO"
sleep 2
pid=$(pgrep -n -f "$BIN --scenario $SCENARIO")
for _ in 1 2 3 4 5 6; do tmux send-keys -t perflab-soak ']'; sleep 0.2; done
sample "$pid" "$DASH" >"$tmp/dash.txt"
tmux capture-pane -t perflab-soak -p | head -1
tmux send-keys -t perflab-soak q
sleep 1
verdict "dashboard at 100x on $SCENARIO, ${DASH}s" "$tmp/dash.txt" || fails=$((fails + 1))

# 2. Headless.
"$BIN" run --scenario "$SCENARIO" --duration "$SIM" --json >"$tmp/run.json" &
pid=$!
sample "$pid" 0 >"$tmp/run.txt"
wait "$pid" || fails=$((fails + 1))
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f'headless: {d[\"sim_seconds\"]:.0f} s simulated in {d[\"wall_seconds\"]:.0f} s, {d[\"requests\"][\"offered\"]} requests, drained {d[\"drained\"]}')" "$tmp/run.json"
verdict "headless run of $SIM on $SCENARIO" "$tmp/run.txt" || fails=$((fails + 1))
[[ $fails -eq 0 ]] && echo "soak: memory flat in both"
[[ $fails -eq 0 ]]
