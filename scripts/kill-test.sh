#!/usr/bin/env bash
# Kills recording runs with SIGKILL at random moments and checks that every session file
# reads back: `perflab report FILE` exits 0 and says the end is missing, and
# `perflab replay --verify FILE` passes on what is there. Each file is also cut at a
# random byte after its header (as a kill in the middle of a write would leave it) and
# checked again.
#
# Usage: scripts/kill-test.sh [KILLS] [MAX_SECONDS]   (default 50 kills, each within 4 s of
#        the start; KILL_SEED=N repeats a sequence; PERFLAB overrides the binary)
# Runs one recording process per kill, across the presets and three example topologies
# (shop, chain, starvation), each with a --script of knob
# changes and some with a warm-up; every fifth kill comes within the first 300 ms (start-up,
# the header). Exits 1 if any file fails a check.
set -uo pipefail
cd "$(dirname "$0")/.."
PERFLAB=${PERFLAB:-.build/debug/perflab}
[ -x "$PERFLAB" ] || { echo "kill-test: no binary at $PERFLAB (run swift build first)" >&2; exit 2; }
kills=${1:-50}
max_ms=$(awk -v s="${2:-4}" 'BEGIN { printf "%d", s * 1000 }')
seed=${KILL_SEED:-$(date +%s)}
RANDOM=$seed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

scenarios=(checkout slow-replica retry-storm stampede backpressure skewed-keys mmc mm1 shop chain starvation)
printf '3s load.rate=4k\n10s lb.algorithm=p2c\n25s db.pool=12\n60s retry.jitter=equal\n120s l1.capacity=5k\n' \
    >"$tmp/changes.script"

# random_ms N: a uniform whole number of milliseconds in 0…N-1.
random_ms() { echo $(((RANDOM * 32768 + RANDOM) % $1)); }

files=0 no_file=0 report_ok=0 verify_ok=0 cut_ok=0 mid_line=0 failures=0
samples_seen=() delays=()
fail() { echo "FAIL kill $1: $2" >&2; failures=$((failures + 1)); }

echo "kill-test: $kills kills within ${2:-4} s of the start (KILL_SEED=$seed)"
for ((i = 1; i <= kills; i++)); do
    scenario=${scenarios[$((i % ${#scenarios[@]}))]}
    warmup=0s
    ((i % 3 == 0)) && warmup=5s
    file="$tmp/kill-$i.jsonl"
    delay=$(random_ms "$max_ms")
    ((i % 5 == 0)) && delay=$(random_ms 300)
    delays+=("$delay")
    "$PERFLAB" run --scenario "$scenario" --duration 24h --warmup "$warmup" --script "$tmp/changes.script" \
        --record "$file" >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ ! -e "$file" ]; then
        # Killed before the session's header was in place: nothing was recorded.
        no_file=$((no_file + 1))
        continue
    fi
    files=$((files + 1))
    samples=$(grep -c '"type":"sample"' "$file")
    samples_seen+=("$samples")
    [ -n "$(tail -c 1 "$file")" ] && mid_line=$((mid_line + 1))
    if grep -q '"type":"end"' "$file"; then fail "$i" "the file has an end line"; continue; fi
    if "$PERFLAB" report "$file" >"$tmp/out" 2>"$tmp/err" && grep -q "the end is missing" "$tmp/err"; then
        report_ok=$((report_ok + 1))
    else
        fail "$i" "report ($scenario, killed at ${delay} ms, $samples samples): $(head -c 300 "$tmp/err")"
    fi
    if "$PERFLAB" replay --verify "$file" >"$tmp/out" 2>"$tmp/err"; then
        verify_ok=$((verify_ok + 1))
    else
        fail "$i" "replay --verify ($scenario, killed at ${delay} ms, $samples samples): $(head -c 300 "$tmp/err")"
    fi
    # The same file cut at a random byte after the header line.
    size=$(wc -c <"$file")
    header=$(head -1 "$file" | wc -c)
    if [ "$size" -gt "$header" ]; then
        cut=$((header + $(random_ms $((size - header)))))
        head -c "$cut" "$file" >"$tmp/cut.jsonl"
        if "$PERFLAB" report "$tmp/cut.jsonl" >/dev/null 2>"$tmp/err" && grep -q "the end is missing" "$tmp/err" \
            && "$PERFLAB" replay --verify "$tmp/cut.jsonl" >/dev/null 2>>"$tmp/err"; then
            cut_ok=$((cut_ok + 1))
        else
            fail "$i" "cut at byte $cut of $size: $(head -c 300 "$tmp/err")"
        fi
    else
        cut_ok=$((cut_ok + 1))
    fi
done

read -r dlo dhi < <(printf '%s\n' "${delays[@]}" | sort -n | awk 'NR == 1 { a = $1 } { b = $1 } END { print a, b }')
if ((${#samples_seen[@]})); then
    read -r lo med hi < <(printf '%s\n' "${samples_seen[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[1], a[int((NR + 1) / 2)], a[NR] }')
else
    lo=- med=- hi=-
fi
echo "kill-test: $kills kills, $dlo to $dhi ms after the start: $files files ($no_file killed before the header" \
    "was in place: no file; $mid_line cut mid-line by the kill), samples per file min $lo, median $med, max $hi"
echo "kill-test: report exits 0 and says the end is missing: $report_ok/$files;" \
    "replay --verify passes: $verify_ok/$files; cut at a random byte, both again: $cut_ok/$files"
if ((failures)); then
    echo "kill-test: $failures failures (KILL_SEED=$seed)" >&2
    exit 1
fi
echo "kill-test: all files read back"
