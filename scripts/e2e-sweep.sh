#!/usr/bin/env bash
# End-to-end check of sharded sweeps: four shards run through GNU parallel and merged give
# the same JSON as one run of the whole sweep; --jobs does not change it; a shard of
# another sweep, or one cut off, is refused in one line with exit 2.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${PERFLAB:-.build/debug/perflab}
command -v parallel >/dev/null || { echo "e2e-sweep: needs GNU parallel (apt-get install parallel)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
args=(--scenario mmc --vary db.pool=8..15:8 --replications 2 --duration 20s --warmup 2s --seed 5 --format json)

"$BIN" sweep "${args[@]}" --jobs 2 >"$tmp/whole.json" || { echo "FAIL: the whole sweep"; fails=$((fails + 1)); }
"$BIN" sweep "${args[@]}" --jobs 1 >"$tmp/one.json"
cmp -s "$tmp/whole.json" "$tmp/one.json" || { echo "FAIL: --jobs 1 and --jobs 2 differ"; fails=$((fails + 1)); }
parallel --will-cite -j 2 "$BIN sweep ${args[*]} --jobs 1 --shard {}/4 > $tmp/shard-{}.json" ::: 1 2 3 4
"$BIN" sweep merge "$tmp"/shard-{4,2,3,1}.json --format json >"$tmp/merged.json"
if cmp -s "$tmp/whole.json" "$tmp/merged.json"; then
  echo "ok: four shards through GNU parallel merge into the whole sweep ($(grep -c '"index"' "$tmp/merged.json") points)"
else
  echo "FAIL: merged shards differ from the whole sweep"; diff "$tmp/whole.json" "$tmp/merged.json" | head -5
  fails=$((fails + 1))
fi
"$BIN" sweep --scenario mmc --vary db.pool=8..15:8 --replications 2 --duration 20s --warmup 2s --seed 6 --format json \
  --shard 4/4 >"$tmp/other.json"
"$BIN" sweep merge "$tmp"/shard-{1,2,3}.json "$tmp/other.json" >"$tmp/out" 2>"$tmp/err"
code=$?
if [[ $code -eq 2 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "another sweep" "$tmp/err"; then
  echo "ok: a shard of another sweep is refused: $(cat "$tmp/err")"
else
  echo "FAIL: foreign shard -> exit $code: $(cat "$tmp/err")"; fails=$((fails + 1))
fi
# A shard cut off (a copy that stopped, a killed shard): named with its line.
head -c 600 "$tmp/shard-2.json" >"$tmp/cut.json"
"$BIN" sweep merge "$tmp"/shard-1.json "$tmp/cut.json" >"$tmp/out" 2>"$tmp/err"
code=$?
if [[ $code -eq 2 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "cut.json:[0-9]*: not JSON" "$tmp/err"; then
  echo "ok: a cut-off shard is refused: $(cat "$tmp/err")"
else
  echo "FAIL: cut-off shard -> exit $code: $(cat "$tmp/err")"; fails=$((fails + 1))
fi
"$BIN" sweep --scenario mm1 --vary load.rate=10..90:5 --replications 3 --duration 50s --plot >"$tmp/plot.txt"
grep -q "theory" "$tmp/plot.txt" && grep -q "p99 (ms) against load.rate" "$tmp/plot.txt" \
  && echo "ok: text table with theory and --plot" || { echo "FAIL: --plot"; fails=$((fails + 1)); }

# The x axis speaks the varied knob's unit: a time in ms, not in raw nanoseconds ("2M").
"$BIN" sweep --scenario mm1 --vary db.service=2ms..8ms:4 --replications 2 --duration 10s --plot >"$tmp/xs.txt"
tail -1 "$tmp/xs.txt" | grep -q "2ms .* 8ms" && ! tail -1 "$tmp/xs.txt" | grep -q "M" \
  && echo "ok: --plot labels a time axis in ms" \
  || { echo "FAIL: --plot x axis of db.service: $(tail -1 "$tmp/xs.txt")"; fails=$((fails + 1)); }

# A geometric grid is drawn on a log axis: its decades evenly apart (1, 10 and 100 req/s).
"$BIN" sweep --scenario mm1 --vary 'load.rate=1..100:3*' --replications 2 --duration 20s --plot >"$tmp/geo.txt"
python3 -c "
import re, sys
axis = open(sys.argv[1], encoding='utf-8').read().splitlines()[-1]
at = {m.group(): m.start() + len(m.group()) / 2 for m in re.finditer(r'\d+', axis)}
assert {'1', '10', '100'} <= set(at), axis
assert abs((at['10'] - at['1']) - (at['100'] - at['10'])) <= 3, (axis, at)
" "$tmp/geo.txt" && echo "ok: --plot of a geometric grid spaces its decades evenly" \
  || { echo "FAIL: geometric --plot axis: $(tail -1 "$tmp/geo.txt")"; fails=$((fails + 1)); }

# Where nothing succeeds (every query fails at db.error_rate 100%) there is no p99 to draw,
# but the x axis still spans the whole grid, to 100%; and the 95% band of two wide
# replications is drawn within what a p99 can be (no negative tick), where Student's t
# interval itself (kept in the table) reaches below zero.
"$BIN" sweep --scenario mm1 --vary db.error_rate=0..1:3 --replications 2 --duration 10s --plot >"$tmp/err.txt"
python3 -c "
import re, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
row = next(l for l in lines if l.startswith('0% '))
assert any(c.startswith('±') for c in row.split()), row
p99, width = [float(x.lstrip('±')) for x in row.split()[7:9]]
assert p99 - width < 0, ('the interval no longer reaches below zero; pick another case', row)
assert lines[-1].rstrip().endswith('100%'), lines[-1]
ticks = [l.split('┤')[0].strip() for l in lines if '┤' in l]
assert ticks and not any(t.startswith('-') for t in ticks), ticks
" "$tmp/err.txt" && echo "ok: --plot spans the grid where nothing succeeds, and keeps the band above zero" \
  || { echo "FAIL: --plot of db.error_rate: $(tail -20 "$tmp/err.txt")"; fails=$((fails + 1)); }

# --plot-metric: another metric drawn (throughput flattens at N+1's 500/s), and a bad name refused.
"$BIN" sweep --scenario n-plus-one --vary load.rate=300,700 --replications 2 --duration 20s \
  --plot-metric throughput_rps >"$tmp/tput.txt"
grep -q "throughput (req/s) against load.rate" "$tmp/tput.txt" \
  && python3 -c "
import re, sys
rows = [l.split() for l in open(sys.argv[1]) if re.match(r'^(300|700) ', l)]
at = {r[0]: float(r[1]) for r in rows}
assert abs(at['300'] - 300) < 15 and abs(at['700'] - 500) < 10, at
" "$tmp/tput.txt" && echo "ok: --plot-metric throughput_rps, flat at the capacity" \
  || { echo "FAIL: --plot-metric throughput_rps: $(head -5 "$tmp/tput.txt")"; fails=$((fails + 1)); }
"$BIN" sweep --scenario mm1 --vary load.rate=10..90:3 --plot-metric nope >"$tmp/out" 2>"$tmp/err"
[[ $? -eq 2 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q -- '--plot-metric: unknown metric "nope"' "$tmp/err" \
  && echo "ok: an unknown --plot-metric refused in one line" \
  || { echo "FAIL: --plot-metric nope: $(cat "$tmp/err")"; fails=$((fails + 1)); }
# --plot-metric SERVICE.p99_ms in a topology: the service's own p99 drawn (pricing's ten queries
# wait for a pool of 1, not of 8), from a merge of the sweep's JSON; a service it lacks refused.
"$BIN" sweep --scenario shop --vary pricing.db.pool=1,8 --replications 2 --duration 10s --format json \
  >"$tmp/shop.json"
"$BIN" sweep merge "$tmp/shop.json" --plot-metric pricing.p99_ms >"$tmp/shop.txt"
grep -q "pricing p99 (ms) against pricing.db.pool" "$tmp/shop.txt" && python3 -c "
import json, sys
p = json.load(open(sys.argv[1]))['points']
p99 = [x['services']['pricing']['p99_ms']['mean'] for x in p]
assert p99[0] > 3 * p99[1], p99
" "$tmp/shop.json" && echo "ok: --plot-metric pricing.p99_ms draws a service's p99 (pool 1 against 8)" \
  || { echo "FAIL: --plot-metric pricing.p99_ms: $(head -5 "$tmp/shop.txt")"; fails=$((fails + 1)); }
"$BIN" sweep merge "$tmp/shop.json" --plot-metric cashier.p99_ms >"$tmp/out" 2>"$tmp/err"
[[ $? -eq 2 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "for a service of api, cart, pricing, stock, recommend" "$tmp/err" \
  && echo "ok: a service the sweep lacks refused in one line naming the services" \
  || { echo "FAIL: --plot-metric cashier.p99_ms: $(cat "$tmp/err")"; fails=$((fails + 1)); }
# --progress lines: one line on standard error as each point finishes, for batch logs.
"$BIN" sweep --scenario mm1 --vary load.rate=10..90:3 --vary db.pool=1,2 --replications 2 --duration 10s --jobs 1 \
  --progress lines >"$tmp/out" 2>"$tmp/err"
[[ $? -eq 0 && $(wc -l <"$tmp/err") -eq 6 ]] \
  && grep -q "^perflab sweep: load.rate=90, db.pool=2 done (2 runs): 1 of 6 points, 2 of 12 runs, " "$tmp/err" \
  && [[ $(grep -c "done (2 runs)" "$tmp/err") -eq 6 ]] && grep -q "6 of 6 points, 12 of 12 runs" "$tmp/err" \
  && echo "ok: --progress lines says each point as it finishes" \
  || { echo "FAIL: --progress lines: $(cat "$tmp/err")"; fails=$((fails + 1)); }
# Stopped part-way (SIGTERM, as Ctrl-C): the runs under way finish, the points that ran to
# the end are printed and marked interrupted, the exit status is the signal's (143), and
# `sweep merge` refuses the file. The last point (1 req/s) runs first and takes a fraction
# of a second; the signal comes as soon as --progress lines says it is done, while the next
# point's first run (2k req/s for 600 s) is going, whatever the build's speed.
"$BIN" sweep --scenario checkout --vary load.rate=2k,1.9k,1 --replications 2 --duration 600s --jobs 1 \
  --format json --progress lines >"$tmp/stopped.json" 2>"$tmp/stopped.err" &
pid=$!
for _ in $(seq 600); do
  grep -q "load.rate=1 done" "$tmp/stopped.err" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -TERM $pid 2>/dev/null
wait $pid && code=0 || code=$?
if [[ $code -eq 143 ]] && grep -q "^perflab: sweep interrupted: 1 of 3 points ran to the end" "$tmp/stopped.err" \
  && [[ $(grep -c " done (" "$tmp/stopped.err") -eq 1 ]] \
  && python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['interrupted'] == {'points_done': 1, 'points_planned': 3}, d.get('interrupted')
assert [p['knobs']['load.rate'] for p in d['points']] == ['1'], d['points']
" "$tmp/stopped.json"; then
  "$BIN" sweep merge "$tmp/stopped.json" >/dev/null 2>"$tmp/err" && code=0 || code=$?
  [[ $code -eq 2 ]] && grep -q "stopped.json: interrupted: this shard was stopped after 1 of its 3 points" "$tmp/err" \
    && echo "ok: a stopped sweep prints the point that ran, exits 143, and is not merged" \
    || { echo "FAIL: merge of a stopped sweep -> $code: $(cat "$tmp/err")"; fails=$((fails + 1)); }
else
  echo "FAIL: stopped sweep -> exit $code: $(cat "$tmp/stopped.err") $(head -c 300 "$tmp/stopped.json")"
  fails=$((fails + 1))
fi
[[ $fails -eq 0 ]] && echo "e2e-sweep: all checks passed"
[[ $fails -eq 0 ]]
