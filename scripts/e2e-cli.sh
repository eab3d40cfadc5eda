#!/usr/bin/env bash
# End-to-end checks of the headless commands: exit codes, one-line errors, JSON fields.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${PERFLAB:-.build/debug/perflab}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source scripts/lib/expect.sh

expect_exit 2 'foo.bar: unknown knob' -- "$BIN" run --set foo.bar=1
expect_exit 2 'load.rate: "fast" is not a number' -- "$BIN" run --set load.rate=fast
expect_exit 2 'db.pool: .* is out of range' -- "$BIN" run --set db.pool=0
expect_exit 2 'unknown scenario' -- "$BIN" run --scenario nosuch
printf 'name = broken\nload.rate = 5k\nl1.capacity = lots\n' >"$tmp/bad.scenario"
expect_exit 2 "bad.scenario:3: l1.capacity" -- "$BIN" run --scenario "$tmp/bad.scenario"
printf '10s load.rate=9k\n20s nonsense\n' >"$tmp/bad.script"
expect_exit 2 "bad.script:2" -- "$BIN" run --script "$tmp/bad.script"
expect_exit 2 'Unknown option' -- "$BIN" run --bogus
expect_exit 0 'checkout' -- "$BIN" scenarios
expect_exit 0 'load.rate' -- "$BIN" knobs
# --width (a terminal's width by default): ranges and meanings wrapped under their columns.
"$BIN" knobs --scenario shop --width 100 >"$tmp/knobs.txt"
python3 -c "
import sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
assert max(len(l) for l in lines) <= 100, max(len(l) for l in lines)
assert any(l.startswith('pricing.db.pool ') for l in lines)
assert any(l.startswith(' ') for l in lines)
" "$tmp/knobs.txt" && pass=$((pass + 1)) \
  || { echo "FAIL: knobs --width 100: $(head -3 "$tmp/knobs.txt")"; fails=$((fails + 1)); }
expect_exit 2 '--width: 30 is outside' -- "$BIN" knobs --width 30
# --json: one object a knob, the same knobs and values as the text (its rows split on 2+ spaces).
"$BIN" knobs --scenario shop --json >"$tmp/knobs.json"
"$BIN" knobs --scenario shop >"$tmp/knobs.txt"
python3 -c "
import json, re, sys
objs = json.load(open(sys.argv[1]))
rows = [re.split(r'\s{2,}', l.strip()) for l in open(sys.argv[2]).read().splitlines()[1:]]
assert [(o['name'], o['value']) for o in objs] == [(r[0], r[1]) for r in rows]
pool = next(o for o in objs if o['name'] == 'pricing.db.pool')
assert pool['value'] == '8' and pool['min'] == '1' and pool['max'] == '100k', pool
lb = next(o for o in objs if o['name'] == 'api.lb.algorithm')
assert 'p2c' in lb['choices'] and 'min' not in lb, lb
" "$tmp/knobs.json" "$tmp/knobs.txt" && pass=$((pass + 1)) \
  || { echo "FAIL: knobs --json: $(head -c 300 "$tmp/knobs.json")"; fails=$((fails + 1)); }
printf 'name = mine\nbase = mmc\nload.rate = 600\n' >"$tmp/good.scenario"
printf '5s load.rate=700\n' >"$tmp/good.script"
expect_exit 0 '"scenario": "mine"' -- "$BIN" run --scenario "$tmp/good.scenario" --script "$tmp/good.script" --duration 10s --json
# Files may be pipes: process substitution for a script, a topology and a session.
expect_exit 0 'scenario mmc' -- "$BIN" run --scenario mmc --duration 2s --script <(printf '1s load.rate=700\n')
expect_exit 0 'scenario chain' -- "$BIN" run --scenario <(cat examples/chain.toml) --duration 2s
# Past saturation the table tells the span's throughput from the drain's (N+1 saturates at 500/s).
expect_exit 0 'throughput 5[0-9][0-9].[0-9] req/s  \(49[0-9].[0-9] req/s within the 20.0 s measured; [0-9]+ more in the [0-9.]+ s drain\)' \
  -- "$BIN" run --scenario n-plus-one --set load.rate=550 --duration 20s

# Conservation and the interface's fields in --json.
"$BIN" run --duration 10s --set load.write_ratio=20% --json >"$tmp/run.json"
if python3 - "$tmp/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["scenario", "seed", "sim_seconds", "wall_seconds", "events", "events_per_second", "knobs", "requests",
          "throughput_rps", "latency_ms", "cache", "breaker", "backends", "channel", "timeline"]:
    assert k in d, k
r = d["requests"]
assert r["offered"] == r["completed"] + r["rejected"] + r["dropped"], r
assert r["completed"] == r["succeeded"] + r["failed"] + r["timed_out"], r
assert len(d["timeline"]) >= 10
PY
then pass=$((pass + 1)); else echo "FAIL: run --json fields or conservation"; fails=$((fails + 1)); fi

# Determinism: two runs with one seed give identical JSON apart from wall-clock fields.
strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [d.pop(k) for k in ("wall_seconds","events_per_second")]; print(json.dumps(d, sort_keys=True))' "$1"; }
"$BIN" run --duration 15s --seed 9 --set db.error_rate=5% --json >"$tmp/a.json"
"$BIN" run --duration 15s --seed 9 --set db.error_rate=5% --json >"$tmp/b.json"
if [[ "$(strip "$tmp/a.json")" == "$(strip "$tmp/b.json")" ]]; then pass=$((pass + 1)); else echo "FAIL: same seed, different JSON"; fails=$((fails + 1)); fi

# Endless inputs are refused at once, in one line (they were read until memory ran out).
expect_exit 2 '/dev/zero: holds a zero byte at offset 0: not a script file' -- "$BIN" run --script /dev/zero
expect_exit 2 '/dev/zero:1: does not begin with' -- "$BIN" report /dev/zero
expect_exit 2 'keys.trace: /dev/zero: a zero byte at offset 0' -- "$BIN" run --set keys.trace=/dev/zero

# Output that cannot be written (a full disk) is one line and exit 1, not lost in silence.
"$BIN" run --duration 5s --json >/dev/full 2>"$tmp/err"
got=$?
if [[ $got -eq 1 ]] && [[ $(wc -l <"$tmp/err") -eq 1 ]] \
  && grep -q "perflab: standard output: write error: No space left on device" "$tmp/err"; then
  pass=$((pass + 1))
else
  echo "FAIL: run --json >/dev/full -> exit $got: $(head -c 300 "$tmp/err")"; fails=$((fails + 1))
fi

# A long run on a terminal shows how far it has come on standard error: a bar redrawn in
# place and taken away before the summary, which stays clean. A run over within a second
# shows none, and through a pipe there is none at all. (`script` gives the run a terminal.)
script -qec "$BIN run --duration 1h --seed 77 >$tmp/long.out" "$tmp/long.tty" >/dev/null 2>&1 &
spid=$!
sleep 4
pkill -INT -f "^$BIN run --duration 1h --seed 77"
wait $spid
script -qec "$BIN run --duration 2s >$tmp/short.out" "$tmp/short.tty" >/dev/null 2>&1
"$BIN" run --duration 1h --seed 78 >/dev/null 2>"$tmp/piped.err" &
rpid=$!
sleep 2
kill -INT $rpid
wait $rpid
if python3 -c "
import re, sys
t = sys.argv
long, out, short, piped = (open(f, encoding='utf-8', errors='replace', newline='').read() for f in t[1:5])
assert re.search(r'\rrun [█·]{30} \d+/3600 simulated s', long), long[-300:]
assert '\r\x1b[K' in long
assert out.startswith('scenario checkout') and '\r' not in out and 'simulated s' not in out.split(chr(10))[0][40:], out[:200]
assert 'simulated s' not in short and '█' not in short, short[-300:]
assert '█' not in piped and '\r' not in piped, piped
" "$tmp/long.tty" "$tmp/long.out" "$tmp/short.tty" "$tmp/piped.err"; then
  pass=$((pass + 1))
else
  echo "FAIL: run's progress bar"; fails=$((fails + 1))
fi

# cachesim: a size beyond the trace's distinct keys costs the keys' memory, not the size's
# (2000M entries of wtinylfu took 8 GB and 24 s); --jobs does not change a count; SIGTERM
# stops it after the runs under way, printing those that ran, marked, exit 143.
seq 1 1000 >"$tmp/keys.txt"
if /usr/bin/time -f "%M" -o "$tmp/rss" "$BIN" cachesim --trace "$tmp/keys.txt" --policy wtinylfu,lru \
  --size 2000M --json >"$tmp/huge.json" 2>"$tmp/err" && [[ $(cat "$tmp/rss") -lt 300000 ]] && python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert [(r['size'], r['misses']) for r in d['results']] == [(2000000000, 1000)] * 2, d['results']
" "$tmp/huge.json"; then
  pass=$((pass + 1))
else
  echo "FAIL: cachesim --size 2000M: $(cat "$tmp/rss") KB $(cat "$tmp/err")"; fails=$((fails + 1))
fi
seq 1 400000 | awk '{print ($1 * 7919) % 20011}' >"$tmp/mod.txt"
"$BIN" cachesim --trace "$tmp/mod.txt" --policy lru,arc,s3fifo --size 1%,5%,20% --jobs 1 --json >"$tmp/j1.json"
"$BIN" cachesim --trace "$tmp/mod.txt" --policy lru,arc,s3fifo --size 1%,5%,20% --jobs 3 --json >"$tmp/j3.json"
if python3 -c "
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
key = lambda d: [(r['policy'], r['size'], r['hits'], r['misses']) for r in d['results']]
assert key(a) == key(b) and len(key(a)) == 9, (key(a), key(b))
" "$tmp/j1.json" "$tmp/j3.json"; then
  pass=$((pass + 1))
else
  echo "FAIL: cachesim --jobs 1 and 3 differ"; fails=$((fails + 1))
fi
# 3,200 runs: a release build takes seconds for them all, so the signal at 3 s (after the
# trace is read, in any build) comes while they go on.
sizes=$(seq -s, 25 25 20000)
"$BIN" cachesim --trace "$tmp/mod.txt" --policy lru,arc,s3fifo,wtinylfu --size "$sizes" --jobs 1 \
  >"$tmp/stopped.out" 2>"$tmp/stopped.err" &
cpid=$!
sleep 3
kill -TERM $cpid
wait $cpid
code=$?
if [[ $code -eq 143 ]] && grep -q "^perflab: cachesim interrupted: [0-9]* of 3200 runs ran to the end" "$tmp/stopped.err" \
  && grep -q "^interrupted: [0-9]* of 3200 runs ran to the end; the others did not run$" "$tmp/stopped.out" \
  && [[ $(grep -c "^lru " "$tmp/stopped.out") -ge 1 ]]; then
  pass=$((pass + 1))
else
  echo "FAIL: cachesim stopped -> $code: $(cat "$tmp/stopped.err") $(tail -2 "$tmp/stopped.out")"; fails=$((fails + 1))
fi

echo "$pass passed, $fails failed"
[[ $fails -eq 0 ]]
