# Shared by the tmux end-to-end scripts (sourced, not run): the binary, a detached tmux
# session named $SESSION, a scratch folder $WORK, and polling helpers.
# Before sourcing, set SESSION to a name unique to the script.
PERFLAB=${PERFLAB:-.build/debug/perflab}
PERFLAB=$(cd "$(dirname "$PERFLAB")" && pwd)/$(basename "$PERFLAB")
WORK=$(mktemp -d)
EXITFILE="$WORK/exit"

cleanup() { tmux kill-session -t "$SESSION" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# fail MESSAGE: prints it and the pane, exits 1.
fail() {
    echo "FAIL: $*" >&2
    echo "---- pane ----" >&2
    tmux capture-pane -p -t "$SESSION" >&2 2>/dev/null
    echo "--------------" >&2
    exit 1
}
pass() { echo "ok: $*"; }
pane() { tmux capture-pane -p -t "$SESSION"; }

# wait_for PATTERN [TIMEOUT_S]: polls the pane until grep -E PATTERN matches.
wait_for() {
    local pattern=$1 timeout=${2:-10} i
    for ((i = 0; i < timeout * 10; i++)); do
        if pane | grep -Eq -- "$pattern"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# wait_gone PATTERN [TIMEOUT_S]: polls until PATTERN no longer matches.
wait_gone() {
    local pattern=$1 timeout=${2:-10} i
    for ((i = 0; i < timeout * 10; i++)); do
        if ! pane | grep -Eq -- "$pattern"; then return 0; fi
        sleep 0.1
    done
    return 1
}

# wait_exit: polls until the command in the pane has written its exit status to $EXITFILE.
wait_exit() {
    local i
    for ((i = 0; i < 100; i++)); do [ -s "$EXITFILE" ] && return 0; sleep 0.1; done
    return 1
}

command -v tmux >/dev/null || { echo "FAIL: tmux is not installed" >&2; exit 1; }
[ -x "$PERFLAB" ] || { echo "FAIL: no binary at $PERFLAB" >&2; exit 1; }
