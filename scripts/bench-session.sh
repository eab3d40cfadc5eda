#!/usr/bin/env bash
# What recording a session costs: times `perflab run --scenario checkout --duration 600s`
# (release build) with and without `--record`, alternating, and prints the medians and
# the fastest runs of each, and their ratios. The budget is 5% (a ratio under 1.05).
#
# Usage: scripts/bench-session.sh [--write] [RUNS]   (default 7; PERFLAB overrides the
#        binary, otherwise the release build is made first; --write also puts the output
#        in docs/benchmarks.md, section bench-session)
set -euo pipefail
source "$(dirname "$0")/lib/bench-doc.sh"
bench_doc_write_if_asked bench-session "$0" "$@"

cd "$(dirname "$0")/.."
runs=${1:-7}
if [ -z "${PERFLAB:-}" ]; then
    swift build -c release --product perflab >/dev/null
    PERFLAB=.build/release/perflab
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(run --scenario checkout --duration 600s)

minimum() { sort -n | head -1; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f (%+.1f%%)", b / a, (b / a - 1) * 100 }'; }

# Wall time (the machine may be shared: runs alternate so both see the same load) and
# CPU time (user + system), in ms, of one run; `--record` is appended when $1 is a file.
measure() {
    local extra=() t0 t1 cpu
    [ -n "$1" ] && extra=(--record "$1")
    TIMEFORMAT='%U %S'
    t0=$(date +%s%N)
    cpu=$( { time "$PERFLAB" "${args[@]}" "${extra[@]}" >/dev/null; } 2>&1 )
    t1=$(date +%s%N)
    echo "$(((t1 - t0) / 1000000)) $(awk -v u="${cpu% *}" -v s="${cpu#* }" 'BEGIN { printf "%d", (u + s) * 1000 }')"
}

"$PERFLAB" "${args[@]}" >/dev/null   # warm the page cache
for i in $(seq 1 "$runs"); do
    read -r pw pc <<<"$(measure "")"
    read -r rw rc <<<"$(measure "$out/x.jsonl")"
    echo "$pw" >>"$out/plain.wall"; echo "$pc" >>"$out/plain.cpu"
    echo "$rw" >>"$out/record.wall"; echo "$rc" >>"$out/record.cpu"
    printf 'run %d: plain %5d ms wall %5d ms cpu   recording %5d ms wall %5d ms cpu\n' "$i" "$pw" "$pc" "$rw" "$rc"
done
pw=$(median <"$out/plain.wall"); pc=$(median <"$out/plain.cpu")
rw=$(median <"$out/record.wall"); rc=$(median <"$out/record.cpu")
echo "session: $(wc -l <"$out/x.jsonl") lines, $(($(wc -c <"$out/x.jsonl") / 1024)) KiB"
echo "median of $runs: plain $pw ms wall, $pc ms cpu; recording $rw ms wall, $rc ms cpu"
echo "median ratio: wall $(ratio "$pw" "$rw"), cpu $(ratio "$pc" "$rc")"
# On a shared machine other work only ever adds time: the fastest run of each is the
# least disturbed.
pw=$(minimum <"$out/plain.wall"); pc=$(minimum <"$out/plain.cpu")
rw=$(minimum <"$out/record.wall"); rc=$(minimum <"$out/record.cpu")
echo "fastest of $runs: plain $pw ms wall, $pc ms cpu; recording $rw ms wall, $rc ms cpu"
echo "fastest ratio: wall $(ratio "$pw" "$rw"), cpu $(ratio "$pc" "$rc")"
