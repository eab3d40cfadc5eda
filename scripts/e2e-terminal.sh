#!/usr/bin/env bash
# End-to-end test of the terminal under stress, in a detached tmux session: the dashboard
# resized down to 1x1 and back, then a hundred resizes in about a second, still draws and
# quits cleanly; and crashes (SIGSEGV, SIGABRT, SIGBUS and a Swift runtime failure, from
# the test-only trigger PERFLAB_TEST_CRASH) leave the terminal restored — normal screen,
# cursor shown, mouse reporting off, the tty's modes sane, the shell usable — and the
# session being recorded readable by perflab report.
# Usage: scripts/e2e-terminal.sh   (binary: ${PERFLAB:-.build/debug/perflab})
set -u
SESSION="perflab-e2e-terminal-$$"
. "$(dirname "$0")/lib/tmux-harness.sh"
BASE=$SESSION
PANES=0

# start_pane ENV… : runs perflab (with ENV assignments, recording $WORK/rec.jsonl) in a new
# 120x40 tmux session; when it ends the pane saves its exit status and `stty -a`, then
# runs a plain interactive shell. The previous session is closed only after the new one is
# open (closing the last one first would stop the tmux server under the next command).
start_pane() {
    local previous=$SESSION
    rm -f "$EXITFILE" "$WORK/stty" "$WORK/rec.jsonl"
    PANES=$((PANES + 1))
    SESSION="$BASE-$PANES"
    tmux new-session -d -s "$SESSION" -x 120 -y 40 \
        "ulimit -c 0; env $* '$PERFLAB' --record '$WORK/rec.jsonl'; echo EXIT=\$? > '$EXITFILE'; stty -a > '$WORK/stty'; PS1='shell\$ ' exec bash --norc --noprofile -i" \
        || fail "tmux new-session"
    tmux kill-session -t "=$previous" 2>/dev/null
    wait_for "scenario checkout +seed 42" 15 || fail "the dashboard did not appear"
}

# alive: whether perflab still runs in the pane (it has not written its exit status).
alive() { [ ! -s "$EXITFILE" ]; }

# check_restored WHAT: the terminal is back to normal after perflab ended.
check_restored() {
    local what=$1 flags
    flags=$(tmux display -p -t "$SESSION" 'alt=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_any_flag} keypad=#{keypad_flag}')
    [ "$flags" = "alt=0 cursor=1 mouse=0 keypad=0" ] || fail "$what: terminal not restored ($flags)"
    for ((i = 0; i < 50; i++)); do [ -s "$WORK/stty" ] && break; sleep 0.1; done
    for mode in icanon echo isig icrnl opost onlcr; do
        grep -Eq "(^| )$mode( |$)" "$WORK/stty" || fail "$what: tty mode $mode is off: $(tr '\n' ' ' <"$WORK/stty")"
    done
    wait_for 'shell\$' 5 || fail "$what: no shell prompt"
    tmux send-keys -t "$SESSION" 'echo typed-$((6 * 7))' Enter
    wait_for 'typed-42' 5 || fail "$what: the shell does not take input"
}

# check_session WHAT missing|whole: the recording reads back, and says its end is missing
# or not; sets SAMPLES to its number of samples.
check_session() {
    local what=$1 expect_end=$2 out rc
    out=$("$PERFLAB" report "$WORK/rec.jsonl" 2>&1 >/dev/null); rc=$?
    [ $rc -eq 0 ] || fail "$what: report exited $rc: $out"
    if [ "$expect_end" = missing ]; then
        echo "$out" | grep -q "the end is missing" || fail "$what: report does not say the end is missing: $out"
    else
        [ -z "$out" ] || fail "$what: report says: $out"
    fi
    SAMPLES=$(grep -c '"type":"sample"' "$WORK/rec.jsonl")
}

# signal_pane SIGNAL EXIT WHAT [TEXT]: a new pane; once it has drawn for a while (and TEXT
# has been typed into it), one SIGNAL to perflab, which must end with status EXIT and the
# terminal restored (check_restored).
signal_pane() {
    local sig=$1 code=$2 what=$3 text=${4:-} pid
    start_pane
    wait_for "events" 5 || fail "$what: no events card"
    sleep 1.5
    if [ -n "$text" ]; then
        tmux send-keys -t "$SESSION" -l -- "$text"
        sleep 0.5
    fi
    pid=$(pgrep -P "$(tmux display -p -t "$SESSION" '#{pane_pid}')" -x perflab)
    [ -n "$pid" ] || fail "$what: no perflab process in the pane"
    kill -"$sig" "$pid"
    wait_exit || fail "$what: one SIG$sig did not end perflab"
    grep -q "EXIT=$code" "$EXITFILE" || fail "$what: exit status $(cat "$EXITFILE"), expected EXIT=$code"
    check_restored "$what"
}

# 1. Down to 1x1 and back.
start_pane
wait_for "events" 5 || fail "120x40: no events card"
tmux resize-window -t "$SESSION" -x 1 -y 1
sleep 0.5
alive || fail "1x1: perflab ended ($(cat "$EXITFILE"))"
[ "$(tmux display -p -t "$SESSION" '#{window_width}x#{window_height}')" = 1x1 ] || fail "tmux did not go to 1x1"
tmux resize-window -t "$SESSION" -x 2 -y 1; sleep 0.2
tmux resize-window -t "$SESSION" -x 1 -y 3; sleep 0.2
alive || fail "2x1, 1x3: perflab ended ($(cat "$EXITFILE"))"
tmux resize-window -t "$SESSION" -x 120 -y 40
wait_for "events" 5 || fail "back at 120x40 from 1x1: layout not restored"
pane | head -1 | grep -q "scenario checkout" || fail "back at 120x40 from 1x1: header missing"
pass "1x1, 2x1, 1x3 and back to 120x40: still drawing"

# 2. A hundred resizes in about a second, through every size class, then 100x30.
sizes=(1x1 120x40 20x6 80x24 1x40 200x1 33x9 160x50 2x2 79x23)
t0=$(date +%s.%N)
for ((i = 0; i < 100; i++)); do
    s=${sizes[$((i % ${#sizes[@]}))]}
    tmux resize-window -t "$SESSION" -x "${s%x*}" -y "${s#*x}"
    ((i % 2)) && sleep 0.005
done
t1=$(date +%s.%N)
tmux resize-window -t "$SESSION" -x 100 -y 30
alive || fail "resize storm: perflab ended ($(cat "$EXITFILE"))"
wait_for "throughput" 5 || fail "after the resize storm: no throughput chart at 100x30"
# Resizes still queued when the chart first shows are drawn after it, each from a cleared
# screen: one capture can fall between the clear and the frame, so wait for the header.
for ((i = 0; i < 50; i++)); do pane | head -1 | grep -q "scenario checkout" && break; sleep 0.1; done
pane | head -1 | grep -q "scenario checkout" || fail "after the resize storm: header missing"
[ "$(pane | wc -l)" -le 30 ] || fail "after the resize storm: more than 30 lines"
t_first=$(pane | grep -Eo 't [0-9]+:[0-9]+' | head -1)
sleep 1.5
[ "$(pane | grep -Eo 't [0-9]+:[0-9]+' | head -1)" != "$t_first" ] || fail "after the resize storm: time stopped at $t_first"
pass "100 resizes in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s: still drawing at 100x30, time advancing"

# 3. Quit cleanly after all that.
tmux send-keys -t "$SESSION" q
wait_exit || fail "q did not end perflab"
grep -q "EXIT=0" "$EXITFILE" || fail "after the resizes, exit status was $(cat "$EXITFILE")"
check_restored "q after resizes"
check_session "q after resizes" whole
pass "q exits 0, terminal restored, shell usable, session of $SAMPLES samples reads back whole"

# 4. Crashes after a second of simulated time, while recording.
for crash in segv:139 abrt:134 bus:135 trap:132; do
    name=${crash%:*} code=${crash#*:}
    start_pane PERFLAB_TEST_CRASH="$name:1.5"
    wait_exit || fail "$name: perflab did not crash"
    grep -q "EXIT=$code" "$EXITFILE" || fail "$name: exit status $(cat "$EXITFILE"), expected EXIT=$code (died of the signal)"
    check_restored "$name"
    check_session "$name" missing
    [ "$SAMPLES" -ge 1 ] || fail "$name: no sample recorded"
    pass "$name: died with exit $code, terminal restored, shell usable, session reports ($SAMPLES samples, end missing)"
done

# 4b. SIGQUIT (kill -QUIT; Ctrl-\ in a shell) ends it with its core-dump status, the terminal
# given back first (it was left in the dashboard's modes).
signal_pane QUIT 131 sigquit
check_session "sigquit" missing
pass "SIGQUIT: died with exit 131, terminal restored, shell usable, session reports ($SAMPLES samples, end missing)"

# 4c. Recording into a pipe whose reader goes away (a FIFO read for 2,000 bytes, as
# `--record >(gzip > s.gz)` with gzip killed): the write fails, the footer says so, the
# dashboard goes on, and q exits 0 with the failure on standard error (SIGPIPE had killed
# it, exit 141, the terminal left in the dashboard's modes).
previous=$SESSION
SESSION="$BASE-pipe"
rm -f "$EXITFILE" "$WORK/pipe"
mkfifo "$WORK/pipe"
(head -c 2000 "$WORK/pipe" >/dev/null) &
tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "'$PERFLAB' --record '$WORK/pipe' 2>'$WORK/pipe.err'; echo EXIT=\$? > '$EXITFILE'; sleep 30" \
    || fail "tmux new-session (pipe)"
tmux kill-session -t "=$previous" 2>/dev/null
wait_for "recording failed: .*Broken pipe" 10 || fail "a recording into a closed pipe did not say it failed"
alive || fail "pipe: perflab ended ($(cat "$EXITFILE"))"
t0=$(pane | head -1 | grep -Eo "t [0-9]+:[0-9.]+")
wait_gone "$t0 " 3 || fail "pipe: the clock stays at $t0 after the failed recording"
tmux send-keys -t "$SESSION" q
wait_exit || fail "pipe: q did not end perflab"
grep -q "EXIT=0" "$EXITFILE" || fail "pipe: exit status $(cat "$EXITFILE")"
grep -q "recording failed: .*Broken pipe" "$WORK/pipe.err" || fail "pipe: no failure line on stderr"
pass "recording into a closed pipe: 'recording failed' in the footer and on stderr, the dashboard went on, exit 0"

# 5. One SIGTERM while ncurses waits, in a blocking read, for the rest of a mouse report
# (ESC [ M and no more: a report cut off, or Alt-[ then M typed) ends it: the signal
# interrupts the read (once it was restarted, and perflab went on waiting for input).
signal_pane TERM 0 sigterm $'\e[M'
check_session "sigterm" whole
pass "one SIGTERM in the middle of a mouse report: exit 0, terminal restored, session of $SAMPLES samples whole"

# 6. SIGHUP (the terminal or the ssh session closed) quits as q does: the recording gets its
# end line (it was cut off in the middle of a sample, exit 129).
signal_pane HUP 0 sighup
check_session "sighup" whole
[ "$SAMPLES" -ge 1 ] || fail "sighup: no sample recorded"
pass "SIGHUP: exit 0, terminal restored, session of $SAMPLES samples whole"

# 7. Ctrl-Z suspends to the shell with the terminal given back, and fg resumes the dashboard
# with its modes (mouse reporting too) and its clock going; q then exits 0.
previous=$SESSION
SESSION="$BASE-suspend"
rm -f "$EXITFILE"
tmux new-session -d -s "$SESSION" -x 120 -y 40 "PS1='shell\$ ' exec bash --norc --noprofile -i" \
    || fail "tmux new-session (suspend)"
tmux kill-session -t "=$previous" 2>/dev/null
wait_for 'shell\$' 5 || fail "suspend: no shell prompt"
# In a subshell, so that the exit status is written when perflab ends, not when it stops.
tmux send-keys -t "$SESSION" "('$PERFLAB'; echo EXIT=\$? > '$EXITFILE')" Enter
wait_for "scenario checkout +seed 42" 15 || fail "suspend: the dashboard did not appear"
tmux send-keys -t "$SESSION" C-z
wait_for "Stopped" 5 || fail "Ctrl-Z did not suspend perflab"
flags=$(tmux display -p -t "$SESSION" 'alt=#{alternate_on} mouse=#{mouse_any_flag}')
[ "$flags" = "alt=0 mouse=0" ] || fail "suspended: terminal not given back ($flags)"
tmux send-keys -t "$SESSION" "fg" Enter
wait_for "scenario checkout +seed 42" 5 || fail "fg did not bring the dashboard back"
flags=$(tmux display -p -t "$SESSION" 'alt=#{alternate_on} mouse=#{mouse_any_flag}')
[ "$flags" = "alt=1 mouse=1" ] || fail "resumed: dashboard modes not back ($flags)"
t0=$(pane | head -1 | grep -Eo "t [0-9]+:[0-9.]+")
wait_gone "$t0 " 3 || fail "resumed: the clock stays at $t0"
tmux send-keys -t "$SESSION" q
wait_exit || fail "suspend: q did not end perflab"
grep -q "EXIT=0" "$EXITFILE" || fail "suspend: exit status $(cat "$EXITFILE")"
pass "Ctrl-Z: suspended with the terminal given back, fg resumed with mouse and clock, q exits 0"

echo "e2e-terminal: all checks passed"
