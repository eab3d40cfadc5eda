#!/usr/bin/env bash
# End-to-end test of the interactive dashboard in a detached tmux session.
# Usage: scripts/e2e-dashboard.sh   (binary: ${PERFLAB:-.build/debug/perflab})
# Exits non-zero on the first failed check, printing what failed and the pane.
set -u
SESSION="perflab-e2e-$$"
. "$(dirname "$0")/lib/tmux-harness.sh"
FAILED=0

# 1. Without a terminal: exit 2 and one line.
out=$("$PERFLAB" < /dev/null 2>&1 | cat; exit "${PIPESTATUS[0]}")
rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: without a terminal exit was $rc, expected 2" >&2; exit 1; }
echo "$out" | grep -q "perflab: the dashboard needs a terminal (try perflab run for a headless run)" \
    || { echo "FAIL: without a terminal the message was: $out" >&2; exit 1; }
pass "no terminal: exit 2 with the needs-a-terminal line"

# 2. Bad input fails before touching the terminal.
out=$("$PERFLAB" --set nosuch.knob=1 < /dev/null 2>&1); rc=$?
[ "$rc" -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] || { echo "FAIL: bad knob gave exit $rc: $out" >&2; exit 1; }
out=$("$PERFLAB" --theme no-such-theme < /dev/null 2>&1); rc=$?
[ "$rc" -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] || { echo "FAIL: bad theme gave exit $rc: $out" >&2; exit 1; }
pass "bad knob and bad theme: one line, exit 2"

# 3. The dashboard in tmux at 120x40.
tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "$PERFLAB; echo EXIT=\$? > '$EXITFILE'; sleep 60" || fail "tmux new-session"
wait_for "scenario checkout +seed 42" 15 || fail "header did not appear"
wait_for "running" 5 || fail "header does not say running"
wait_for "throughput \(req/s\)" 5 || fail "throughput chart title missing"
pane | grep -q "latency (ms)" || fail "latency chart title missing"
pane | grep -Eq "rate +[0-9.kM]+ req/s" || fail "knob panel does not show load.rate with its unit"
pane | grep -q "backends" || fail "backends card missing"
wait_for "t 0:0[2-9]" 10 || fail "simulated time does not advance"
pass "120x40 header, charts, knobs, cards"

# 4. Down selects load.rate (after load.model); Right steps it up; the new value shows.
before=$(pane | grep -Eo "rate +[0-9.kM]+ req/s" | head -1)
tmux send-keys -t "$SESSION" Down
wait_for "▸rate" 5 || fail "Down did not select the rate knob"
tmux send-keys -t "$SESSION" Right
wait_for "load.rate = " 5 || fail "Right did not report the knob change"
after=$(pane | grep -Eo "rate +[0-9.kM]+ req/s" | head -1)
[ "$before" != "$after" ] || fail "knob value did not change ($before)"
pass "knob stepped: '$before' -> '$after'"

# 5. Space pauses.
tmux send-keys -t "$SESSION" Space
wait_for "PAUSED" 5 || fail "Space did not show PAUSED"
tmux send-keys -t "$SESSION" Space
wait_for "▶ running" 5 || fail "Space again did not resume"
pass "pause and resume"

# 6. Help overlay.
tmux send-keys -t "$SESSION" '?'
wait_for "help: keys" 5 || fail "? did not show the help"
pane | grep -q "pause or resume" || fail "help does not list Space"
tmux send-keys -t "$SESSION" '?'
wait_gone "help: keys" 5 || fail "? again did not hide the help"
pass "help shown and hidden"

# 7. Theme cycles without a crash.
theme0=$(pane | head -1 | grep -Eo "theme [a-z0-9-]+")
tmux send-keys -t "$SESSION" t
wait_gone "$theme0 *\$" 5 || fail "t did not change the theme ($theme0)"
wait_for "scenario checkout" 5 || fail "dashboard gone after t"
pass "theme changed from '$theme0' to '$(pane | head -1 | grep -Eo "theme [a-z0-9-]+")'"

# 8. Resizes.
tmux resize-window -t "$SESSION" -x 80 -y 24
wait_for "throughput" 5 || fail "80x24: no throughput chart"
[ "$(pane | wc -l)" -le 24 ] || fail "80x24: pane has more than 24 lines"
pane | head -1 | grep -q "scenario checkout" || fail "80x24: header missing"
pane | grep -q "latency (ms)" || fail "80x24: latency chart missing"
pass "80x24 layout"
tmux resize-window -t "$SESSION" -x 20 -y 6
wait_for "terminal too small" 5 || fail "20x6: no too-small line"
pass "20x6 too-small line"
tmux resize-window -t "$SESSION" -x 120 -y 40
wait_for "events" 5 || fail "back at 120x40: layout not restored"
pass "back to 120x40"

# Optional: CPU use at 1x over PERFLAB_E2E_CPU_SECONDS seconds (from /proc/PID/stat).
if [ -n "${PERFLAB_E2E_CPU_SECONDS:-}" ]; then
    shell=$(tmux display -p -t "$SESSION" '#{pane_pid}')
    pid=$(ps -o pid= --ppid "$shell" | head -1 | tr -d ' ')
    [ -n "$pid" ] || fail "cannot find the perflab process"
    tck=$(getconf CLK_TCK)
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
    t0=$(date +%s.%N)
    sleep "$PERFLAB_E2E_CPU_SECONDS"
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
    t1=$(date +%s.%N)
    awk -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v t="$tck" -v a="$t0" -v b="$t1" \
        'BEGIN { w = b - a; printf "cpu at 1x: %.1f%% of one core over %.1f s (user %.2f s, sys %.2f s)\n", 100 * (u + s) / t / w, w, u / t, s / t }'
fi

# 9. Quit: exit 0 and the normal screen is back.
tmux send-keys -t "$SESSION" q
for ((i = 0; i < 100; i++)); do [ -s "$EXITFILE" ] && break; sleep 0.1; done
[ -s "$EXITFILE" ] || fail "q did not end perflab"
grep -q "EXIT=0" "$EXITFILE" || fail "exit status was $(cat "$EXITFILE")"
alt=$(tmux display -p -t "$SESSION" '#{alternate_on}')
[ "$alt" = "0" ] || fail "terminal still on the alternate screen after quit"
pass "q exits 0 and restores the normal screen"

# new_pane WHAT COMMAND: the session opened again at 120x40 running COMMAND, which saves
# its exit status in $EXITFILE.
new_pane() {
    local what=$1 command=$2
    tmux kill-session -t "$SESSION" 2>/dev/null
    rm -f "$EXITFILE"
    tmux new-session -d -s "$SESSION" -x 120 -y 40 "$command; echo EXIT=\$? > '$EXITFILE'; sleep 60" \
        || fail "tmux new-session ($what)"
}

# quit_pane WHAT: q ends perflab with exit 0 within 3 s.
quit_pane() {
    local i
    tmux send-keys -t "$SESSION" q
    for ((i = 0; i < 30; i++)); do [ -s "$EXITFILE" ] && break; sleep 0.1; done
    grep -q "EXIT=0" "$EXITFILE" 2>/dev/null || fail "$1: q did not end perflab with exit 0 within 3 s"
}

# 10. A knob that floods the model (780,996 users, 1 us queries) slows the simulated clock,
# never the keys: the header says LAG, a speed key is taken and q ends it within 3 s.
new_pane flood "$PERFLAB --scenario batched --set load.model=closed --set load.users=780996 \
    --set db.service=1us --set load.max_in_flight=2M"
wait_for "LAG: simulation behind" 15 || fail "a flooded model did not say LAG"
tmux send-keys -t "$SESSION" ']'
wait_for "speed 2×" 3 || fail "a speed key was not taken while the model was flooded"
quit_pane flooded
pass "a flooded model: LAG shown, keys taken, q exits 0 within 3 s"

# 11. A mouse click as a terminal sends it for ncurses' mode 1000 under tmux (X10 encoding:
# ESC [ M, then button, column and row each plus 32; a press, then a release): the service
# clicked is selected, and the clock goes on without another key (ncurses once waited in a
# blocking read after a release it had not been asked for, freezing the dashboard).
new_pane mouse "$PERFLAB --scenario shop"
wait_for "● stock" 15 || fail "the service map does not show stock"
row=$(pane | grep -n "● stock" | head -1 | cut -d: -f1)
col=$(pane | sed -n "${row}p" | python3 -c 'import sys; print(sys.stdin.read().index("stock") + 1)')
x10() { python3 -c 'import sys; b, x, y = map(int, sys.argv[1:]); print("\x1b[M" + chr(32 + b) + chr(32 + x) + chr(32 + y), end="")' "$@"; }
tmux send-keys -t "$SESSION" -l -- "$(x10 0 "$col" "$row")"
tmux send-keys -t "$SESSION" -l -- "$(x10 3 "$col" "$row")"
wait_for "stock · instances" 5 || fail "a click on stock in the service map did not select it"
t0=$(pane | head -1 | grep -Eo "t [0-9]+:[0-9.]+")
wait_gone "$t0 " 3 || fail "the clock stopped at '$t0' after a mouse click"
# The same click in SGR encoding (which ncurses did not ask for here) is dropped, harmlessly.
tmux send-keys -t "$SESSION" -l -- $'\e[<0;'"$col;$row"'M'
t1=$(pane | head -1 | grep -Eo "t [0-9]+:[0-9.]+")
wait_gone "$t1 " 3 || fail "the clock stopped at '$t1' after an SGR mouse report"
# The start of a report and no more (a report cut off, or Alt-[ then M typed): ncurses
# waits for its three bytes in a blocking read, which the input deadline interrupts.
tmux send-keys -t "$SESSION" -l -- $'\e[M'
t3=$(pane | head -1 | grep -Eo "t [0-9]+:[0-9.]+")
wait_gone "$t3 " 3 || fail "the clock stopped at '$t3' after ESC [ M alone"
# The wheel down over the map (button 5, a press; X10 has no release for a wheel, but some
# terminals send one) selects the next service, and the clock goes on.
tmux send-keys -t "$SESSION" -l -- "$(x10 65 "$col" "$row")"
tmux send-keys -t "$SESSION" -l -- "$(x10 3 "$col" "$row")"
wait_for "recommend · instances" 5 || fail "the wheel on the service map did not select the next service"
t2=$(pane | head -1 | grep -Eo "t [0-9]+:[0-9.]+")
wait_gone "$t2 " 3 || fail "the clock stopped at '$t2' after the wheel"
# / finds a knob by name in any service's panel, selecting that service; Esc goes back.
tmux send-keys -t "$SESSION" /
tmux send-keys -t "$SESSION" -l -- "pricing.db.po"
wait_for "find: pricing.db.po▏  1 knob" 5 || fail "/ did not show what was typed and the one knob it matches"
wait_for "▸pool" 5 || fail "/pricing.db.po did not select pricing's db.pool"
pane | grep -q "pricing · db" || fail "/pricing.db.po did not show pricing's knobs"
tmux send-keys -t "$SESSION" Enter
wait_for "pricing.db.pool: " 5 || fail "Enter after / did not keep pricing.db.pool"
tmux send-keys -t "$SESSION" /
tmux send-keys -t "$SESSION" -l -- "stock.l2"
wait_for "stock · l2" 5 || fail "/stock.l2 did not show stock's knobs"
tmux send-keys -t "$SESSION" Escape
wait_for "cancelled" 5 || fail "Esc did not leave the search"
pane | grep -q "▸pool" || fail "Esc did not go back to pricing.db.pool"
quit_pane mouse
pass "a mouse click selects the service clicked, the wheel the next, and the clock goes on ($t0, $t1, $t3, $t2); / finds a knob in another service, Esc goes back"

# 12. Under the C locale (LANG unset over ssh) the dashboard still draws its boxes and charts:
# ncursesw drew no character beyond ASCII there (blank borders, empty charts).
new_pane "C locale" "env -u LANGUAGE LANG=C LC_ALL=C $PERFLAB"
wait_for "scenario checkout +seed 42" 15 || fail "C locale: the dashboard did not appear"
wait_for "╭ knobs" 5 || fail "C locale: no box drawn"
wait_for "t 0:0[3-9]" 10 || fail "C locale: the clock does not advance"
pane | python3 -c 'import sys; sys.exit(0 if any(0x2801 <= ord(c) <= 0x28FF for c in sys.stdin.read()) else 1)' \
    || fail "C locale: no braille in the charts"
quit_pane "C locale"
pass "under the C locale: boxes and braille charts drawn, q exits 0"

# 13. TERM=dumb (Emacs' shell buffer) cannot move the cursor: one line and exit 2, where the
# dashboard ran and drew nothing.
new_pane dumb "env TERM=dumb $PERFLAB 2>'$WORK/dumb.err'"
for ((i = 0; i < 50; i++)); do [ -s "$EXITFILE" ] && break; sleep 0.1; done
grep -q "EXIT=2" "$EXITFILE" 2>/dev/null || fail "TERM=dumb: exit status $(cat "$EXITFILE" 2>/dev/null), expected 2"
[ "$(wc -l <"$WORK/dumb.err")" -eq 1 ] && grep -q "TERM=dumb cannot move the cursor" "$WORK/dumb.err" \
    || fail "TERM=dumb: $(cat "$WORK/dumb.err")"
pass "TERM=dumb: one line, exit 2"

echo "e2e-dashboard: all checks passed"
