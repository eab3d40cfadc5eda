#!/usr/bin/env bash
# End-to-end checks of session files through the perflab binary: a run killed with
# SIGKILL leaves a session that still reports (and says its end is missing); a run stopped
# with Ctrl-C prints its summary so far and its cut-off session verifies; a complete
# session verifies; a session with one number altered fails verification naming it; a
# malformed header is refused with exit code 2.
#
# Usage: scripts/e2e-session.sh   (after `swift build`; PERFLAB overrides the binary)
set -uo pipefail

cd "$(dirname "$0")/.."
PERFLAB=${PERFLAB:-.build/debug/perflab}
[ -x "$PERFLAB" ] || { echo "e2e-session: no binary at $PERFLAB (run swift build first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; failures=$((failures + 1)); }

# 1. A long recorded run killed after about a second.
"$PERFLAB" run --scenario checkout --duration 1h --record "$tmp/killed.jsonl" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    if [ -f "$tmp/killed.jsonl" ] && [ "$(grep -c '"type":"sample"' "$tmp/killed.jsonl")" -ge 2 ]; then break; fi
    sleep 0.1
done
sleep 1
kill -9 "$pid"
wait "$pid" 2>/dev/null
samples=$(grep -c '"type":"sample"' "$tmp/killed.jsonl")
if grep -q '"type":"end"' "$tmp/killed.jsonl"; then fail "killed run: the session has an end line"; fi
"$PERFLAB" report "$tmp/killed.jsonl" >"$tmp/report.out" 2>"$tmp/report.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "the end is missing" "$tmp/report.err" && grep -q "latency ms" "$tmp/report.out"; then
    pass "killed run ($samples samples): report exits 0 and says the end is missing"
else
    fail "killed run: report exited $rc: $(cat "$tmp/report.err")"
fi
# Cut the last line in half as well, as a kill in the middle of a write would.
size=$(wc -c <"$tmp/killed.jsonl")
head -c $((size - 40)) "$tmp/killed.jsonl" >"$tmp/cut.jsonl"
"$PERFLAB" report --format csv "$tmp/cut.jsonl" >"$tmp/cut.csv" 2>"$tmp/cut.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "is cut off" "$tmp/cut.err" && [ "$(wc -l <"$tmp/cut.csv")" -eq "$samples" ]; then
    pass "cut mid-line: report exits 0, reads back to the last whole line ($((samples - 1)) samples + csv header)"
else
    fail "cut mid-line: report exited $rc, $(wc -l <"$tmp/cut.csv") csv lines for $samples samples: $(cat "$tmp/cut.err")"
fi
"$PERFLAB" replay --verify "$tmp/cut.jsonl" >/dev/null 2>"$tmp/cutv.err"
rc=$?
if [ $rc -eq 0 ]; then pass "cut mid-line: replay --verify matches up to the last whole sample"; else fail "cut mid-line: verify exited $rc: $(cat "$tmp/cutv.err")"; fi

# 2. A complete session with a scripted knob change inside a sample verifies.
printf '12.5s load.rate=800\n5s db.pool=9\n' >"$tmp/script.txt"
"$PERFLAB" run --scenario mmc --duration 20s --script "$tmp/script.txt" --record "$tmp/full.jsonl" >/dev/null
"$PERFLAB" replay "$tmp/full.jsonl" --verify >"$tmp/verify.out" 2>"$tmp/verify.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "samples match" "$tmp/verify.out"; then
    pass "complete session: replay --verify exits 0 ($(cat "$tmp/verify.out"))"
else
    fail "complete session: verify exited $rc: $(cat "$tmp/verify.err")"
fi

# 3. The same session with one number altered.
line=$(grep -n '"type":"sample","t":10.0,' "$tmp/full.jsonl" | cut -d: -f1)
n=$(sed -n "${line}p" "$tmp/full.jsonl" | sed 's/.*"succeeded":\([0-9]*\).*/\1/')
sed "${line}s/\"succeeded\":$n,/\"succeeded\":$((n + 1)),/" "$tmp/full.jsonl" >"$tmp/altered.jsonl"
"$PERFLAB" replay "$tmp/altered.jsonl" --verify >/dev/null 2>"$tmp/altered.err"
rc=$?
expected="perflab: $tmp/altered.jsonl:$line: sample at t=10 differs: requests.succeeded $((n + 1)) != $n"
if [ $rc -eq 1 ] && [ "$(cat "$tmp/altered.err")" = "$expected" ]; then
    pass "altered session: replay --verify exits 1 naming line $line"
else
    fail "altered session: verify exited $rc: $(cat "$tmp/altered.err") (expected: $expected)"
fi

# 4. A header of another format.
sed '1s/perflab-session/perflab-other/' "$tmp/full.jsonl" >"$tmp/bad.jsonl"
"$PERFLAB" report "$tmp/bad.jsonl" >/dev/null 2>"$tmp/bad.err"
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/bad.err")" -eq 1 ] && grep -q "^perflab: $tmp/bad.jsonl:1: format:" "$tmp/bad.err"; then
    pass "bad header: exit 2 with one line naming file and line"
else
    fail "bad header: exit $rc: $(cat "$tmp/bad.err")"
fi

# 5. compare through a pipe: no colour.
"$PERFLAB" run --scenario mmc --duration 20s --set load.rate=600 --record "$tmp/lighter.jsonl" >/dev/null
"$PERFLAB" compare "$tmp/full.jsonl" "$tmp/lighter.jsonl" >"$tmp/compare.out" 2>"$tmp/compare.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "load.rate" "$tmp/compare.out" && ! grep -q $'\e\[' "$tmp/compare.out"; then
    pass "compare: exit 0, the differing knob named, no colour through a pipe"
else
    fail "compare: exit $rc: $(cat "$tmp/compare.err")"
fi

# stop_recorded_run SIGNAL NAME: an hour's recorded run of checkout into $tmp/NAME.jsonl
# (output in NAME.out and NAME.err), sent SIGNAL once three samples are written; sets rc to
# its exit status, samples to the samples it recorded, and vrc to replay --verify's status.
stop_recorded_run() {
    local sig=$1 name=$2 pid
    "$PERFLAB" run --scenario checkout --duration 1h --record "$tmp/$name.jsonl" >"$tmp/$name.out" \
        2>"$tmp/$name.err" &
    pid=$!
    for _ in $(seq 1 100); do
        if [ -f "$tmp/$name.jsonl" ] && [ "$(grep -c '"type":"sample"' "$tmp/$name.jsonl")" -ge 3 ]; then break; fi
        sleep 0.1
    done
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    samples=$(grep -c '"type":"sample"' "$tmp/$name.jsonl")
    "$PERFLAB" replay "$tmp/$name.jsonl" --verify >"$tmp/$name.verify" 2>&1
    vrc=$?
}

# A long recorded run stopped with Ctrl-C (SIGINT): it stops at the next simulated second,
# prints the summary so far marked as interrupted, exits 130, and leaves its recording cut
# off at that second, which replay --verify re-simulates sample for sample.
stop_recorded_run INT stopped
if [ $rc -eq 130 ] && grep -q "^interrupted at t=$samples.0 s" "$tmp/stopped.out" \
    && grep -q "latency ms" "$tmp/stopped.out" \
    && grep -q "run interrupted at t=$samples s of 3600 s, its summary so far above" "$tmp/stopped.err" \
    && ! grep -q '"type":"end"' "$tmp/stopped.jsonl" && [ $vrc -eq 0 ] \
    && grep -q "all $samples samples match" "$tmp/stopped.verify"; then
    pass "Ctrl-C on a long run: summary of $samples s printed, exit 130, the recording verifies"
else
    fail "Ctrl-C on a long run: exit $rc, verify $vrc: $(cat "$tmp/stopped.err") $(head -3 "$tmp/stopped.out") $(cat "$tmp/stopped.verify")"
fi

# SIGHUP (the terminal closed) stops a recorded run as Ctrl-C does, exit 129; under nohup,
# which leaves SIGHUP ignored, the run goes on.
stop_recorded_run HUP hup
nohup "$PERFLAB" run --scenario checkout --duration 1h >/dev/null 2>&1 &
npid=$!
sleep 1
kill -HUP "$npid"
sleep 0.5
if kill -0 "$npid" 2>/dev/null; then nohup_alive=1; else nohup_alive=0; fi
kill -KILL "$npid" 2>/dev/null
wait "$npid" 2>/dev/null
if [ $rc -eq 129 ] && grep -q "latency ms" "$tmp/hup.out" && [ $vrc -eq 0 ] && [ $nohup_alive -eq 1 ]; then
    pass "SIGHUP on a long run: summary printed, exit 129, the recording verifies; under nohup it runs on"
else
    fail "SIGHUP on a long run: exit $rc, verify $vrc, nohup alive $nohup_alive: $(cat "$tmp/hup.err")"
fi

# A verification that takes more than a second shows how far it has come on a terminal
# (script(1) gives it one), and takes the bar away before its verdict.
"$PERFLAB" run --scenario checkout --duration 900s --seed 5 --record "$tmp/long.jsonl" >/dev/null
script -qec "$PERFLAB replay $tmp/long.jsonl --verify >$tmp/verify.out" "$tmp/verify.tty" >/dev/null 2>&1
vrc=$?
if [ $vrc -eq 0 ] && python3 -c "
import re, sys
tty = open(sys.argv[1], encoding='utf-8', errors='replace', newline='').read()
out = open(sys.argv[2], encoding='utf-8').read()
assert re.search(r'\rverify [█·]{30} \d+/900 simulated s', tty), tty[-300:]
assert '\r\x1b[K' in tty
assert re.fullmatch(r'\S+long\.jsonl: all 900 samples match .*\n', out), out
" "$tmp/verify.tty" "$tmp/verify.out"; then
    pass "replay --verify on a terminal: a progress bar, taken away before the verdict"
else
    fail "replay --verify's progress bar: exit $vrc: $(tail -c 300 "$tmp/verify.tty" | tr '\r' '\n')"
fi

if [ $failures -gt 0 ]; then
    echo "e2e-session: $failures check(s) failed" >&2
    exit 1
fi
echo "e2e-session: all checks passed"
