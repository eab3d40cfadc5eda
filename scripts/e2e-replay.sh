#!/usr/bin/env bash
# End-to-end test of recording in the dashboard and replaying on screen, in tmux.
# Usage: scripts/e2e-replay.sh   (binary: ${PERFLAB:-.build/debug/perflab})
# Records a session and an asciicast from the dashboard, verifies the session, checks the
# cast, then plays the session and seeks in it. Exits non-zero on the first failed check.
set -u
SESSION="perflab-e2e-replay-$$"
. "$(dirname "$0")/lib/tmux-harness.sh"
REC="$WORK/x.jsonl"
CAST="$WORK/x.cast"

# 1. --record to a file that cannot be created: one line, exit 2, terminal untouched.
out=$(script -qec "$PERFLAB --record /nonexistent-dir/x.jsonl" /dev/null 2>&1); rc=$?
echo "$out" | grep -q "perflab: /nonexistent-dir/x.jsonl: cannot write the session file" \
    || { echo "FAIL: unwritable --record said: $out" >&2; exit 1; }
[ "$rc" -eq 2 ] || { echo "FAIL: unwritable --record exit $rc" >&2; exit 1; }
pass "unwritable --record: one line, exit 2"

# 2. Record a session and a cast from the dashboard; step a knob; quit.
tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "$PERFLAB --record '$REC' --cast '$CAST'; echo EXIT=\$? > '$EXITFILE'; sleep 60" || fail "tmux new-session"
wait_for "● REC" 15 || fail "no recording mark in the header"
tmux send-keys -t "$SESSION" Down
wait_for "▸rate" 5 || fail "Down did not select the rate knob"
tmux send-keys -t "$SESSION" Right
wait_for "load.rate = " 5 || fail "Right did not report the knob change"
wait_for "t 0:(0[8-9]|[1-9][0-9])" 15 || fail "simulated time does not reach 8 s"
tmux send-keys -t "$SESSION" q
wait_exit || fail "q did not end perflab"
grep -q "EXIT=0" "$EXITFILE" || fail "exit status was $(cat "$EXITFILE")"
rm -f "$EXITFILE"
tail -1 "$REC" | grep -q '"type":"end"' || fail "the session has no end line"
pass "recorded $(grep -c '"type":"sample"' "$REC") samples and $(grep -c '"type":"knob"' "$REC") knob change(s)"

# 3. The dashboard's session re-simulates exactly.
out=$("$PERFLAB" replay "$REC" --verify 2>&1) || fail "replay --verify failed: $out"
pass "replay --verify: $out"

# 4. The cast: asciicast v2 header and at least 10 events.
python3 - "$CAST" <<'PY' || fail "the cast file is not a valid asciicast v2 with 10 events"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
header = json.loads(lines[0])
assert header["version"] == 2 and header["width"] == 120 and header["height"] == 40, header
events = [json.loads(l) for l in lines[1:]]
assert len(events) >= 10, len(events)
assert all(e[1] in ("o", "r") for e in events)
assert "REC" in "".join(e[2] for e in events if e[1] == "o")
print(f"ok: cast: v2 header, {len(events)} events")
PY

# 5. r records to perflab-YYYYMMDD-HHMMSS.jsonl in the current folder; SIGTERM finishes it.
tmux kill-session -t "$SESSION" 2>/dev/null
mkdir -p "$WORK/cwd"
tmux new-session -d -s "$SESSION" -x 120 -y 40 -c "$WORK/cwd" \
    "$PERFLAB; echo EXIT=\$? > '$EXITFILE'; sleep 60" || fail "tmux new-session (r)"
wait_for "scenario checkout" 15 || fail "dashboard did not start"
tmux send-keys -t "$SESSION" r
wait_for "recording to perflab-[0-9]{8}-[0-9]{6}\.jsonl" 5 || fail "r did not say where it records"
wait_for "● REC" 5 || fail "r did not show the recording mark"
wait_for "t 0:0[4-9]" 10 || fail "simulated time does not advance while recording"
shell=$(tmux display -p -t "$SESSION" '#{pane_pid}')
pid=$(ps -o pid= --ppid "$shell" | head -1 | tr -d ' ')
[ -n "$pid" ] || fail "cannot find the perflab process"
kill -TERM "$pid"
wait_exit || fail "SIGTERM did not end perflab"
grep -q "EXIT=0" "$EXITFILE" || fail "exit status after SIGTERM was $(cat "$EXITFILE")"
rm -f "$EXITFILE"
recorded=$(ls "$WORK"/cwd/perflab-*.jsonl 2>/dev/null | head -1)
[ -n "$recorded" ] || fail "r made no perflab-*.jsonl in the current folder"
tail -1 "$recorded" | grep -q '"type":"end"' || fail "SIGTERM left the session without its end line"
out=$("$PERFLAB" replay "$recorded" --verify 2>&1) || fail "replay --verify of the r session failed: $out"
pass "r + SIGTERM: $(basename "$recorded") finished and verifies"

# 6. Replay on screen: REPLAY header, Space pauses, Right seeks, q exits 0.
tmux kill-session -t "$SESSION" 2>/dev/null
tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "$PERFLAB replay '$REC' --cast '$WORK/r.cast'; echo EXIT=\$? > '$EXITFILE'; sleep 60" || fail "tmux new-session (replay)"
wait_for "REPLAY x.jsonl" 15 || fail "replay header missing"
wait_for "playing" 5 || fail "replay is not playing"
tmux send-keys -t "$SESSION" Space
wait_for "PAUSED" 5 || fail "Space did not pause the replay"
t0=$(pane | head -1 | grep -Eo "t [0-9]+:[0-9.]+ /" | head -1)
tmux send-keys -t "$SESSION" End
wait_for "■ end" 5 || fail "End did not jump to the end"
tmux send-keys -t "$SESSION" Home
wait_for "t 0:00.0 /" 5 || fail "Home did not jump to the start"
tmux send-keys -t "$SESSION" Right
wait_for "t 0:05.0 /" 5 || fail "Right did not seek 5 s (was $t0)"
pane | grep -q "load.rate = " || fail "the knob change is not in the replayed event log"
tmux send-keys -t "$SESSION" +
wait_for "read-only" 5 || fail "stepping a knob in replay did not say read-only"
pass "replay: REPLAY header, pause, Home/End, seek, read-only knobs"
tmux send-keys -t "$SESSION" q
wait_exit || fail "q did not end the replay"
grep -q "EXIT=0" "$EXITFILE" || fail "replay exit status was $(cat "$EXITFILE")"
alt=$(tmux display -p -t "$SESSION" '#{alternate_on}')
[ "$alt" = "0" ] || fail "terminal still on the alternate screen after quit"
pass "replay: q exits 0 and restores the normal screen"
python3 -c 'import json,sys; l=open(sys.argv[1]).read().splitlines(); assert json.loads(l[0])["version"]==2; assert "REPLAY" in "".join(json.loads(x)[2] for x in l[1:])' "$WORK/r.cast" \
    || fail "replay --cast did not write a valid cast showing REPLAY"
pass "replay --cast: valid asciicast"

# 6b. A topology's session replays on screen with its service map and calls (it did not
# open at all until 2026-12-07).
TOPO="$WORK/shop.jsonl"
"$PERFLAB" run --scenario shop --duration 6s --record "$TOPO" >/dev/null || fail "run --record of shop failed"
rm -f "$EXITFILE"
tmux kill-session -t "$SESSION" 2>/dev/null
tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "$PERFLAB replay '$TOPO'; echo EXIT=\$? > '$EXITFILE'; sleep 60" || fail "tmux new-session (topology replay)"
wait_for "REPLAY shop.jsonl" 15 || fail "the topology's replay did not open: $(pane | head -3)"
wait_for "├▶ ● pricing ×3" 10 || fail "the replay shows no service map"
wait_for "calls · api" 10 || fail "the replay shows no calls card for api"
tmux send-keys -t "$SESSION" s s
wait_for "pricing · instances" 5 || fail "s did not select pricing in the replay"
tmux send-keys -t "$SESSION" q
wait_exit || fail "q did not end the topology's replay"
grep -q "EXIT=0" "$EXITFILE" || fail "topology replay exit status was $(cat "$EXITFILE")"
pass "replay of a topology: service map, calls card, selecting a service, q exits 0"

# 7. Ctrl-C while recording finishes the file too.
rm -f "$EXITFILE" "$REC"
tmux kill-session -t "$SESSION" 2>/dev/null
tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "$PERFLAB --scenario mm1 --record '$REC'; echo EXIT=\$? > '$EXITFILE'; sleep 60" || fail "tmux new-session (Ctrl-C)"
wait_for "t 0:0[2-9]" 15 || fail "dashboard (mm1) did not run"
tmux send-keys -t "$SESSION" C-c
wait_exit || fail "Ctrl-C did not end perflab"
grep -q "EXIT=0" "$EXITFILE" || fail "exit status after Ctrl-C was $(cat "$EXITFILE")"
tail -1 "$REC" | grep -q '"type":"end"' || fail "Ctrl-C left the session without its end line"
out=$("$PERFLAB" replay "$REC" --verify 2>&1) || fail "replay --verify after Ctrl-C failed: $out"
pass "Ctrl-C: session finished and verifies"

echo "e2e-replay: all checks passed"
