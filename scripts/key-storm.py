#!/usr/bin/env python3
"""Random keys at the dashboard: the dashboard in tmux, driven for a while by a seeded stream
of every key it binds (but q, Ctrl-C and Ctrl-Z, which would stop the pane), values typed into knobs (in range, out of range,
malformed, KNOB=VALUE for any knob), knobs found with / (text that matches, that matches nothing, keys the dashboard
binds), mouse clicks and wheel steps anywhere, new presets, speed changes, and recording
switched on and off; then q. It must never exit on its own, stay under a memory bound,
exit 0 on q with the terminal given back, and every session it recorded must pass
`perflab replay FILE --verify`. Up to three of the recordings (the first, a middle one, the
last) are then played on screen in tmux under random replay keys for a few seconds each:
each must open, never exit on its own, and exit 0 on q.

    scripts/key-storm.py [--seed 1] [--seconds 60] [--max-rss-mb 1024]
                         [--perflab .build/release/perflab] [--keep] [SCENARIO]

SCENARIO defaults to examples/shop.toml. The recordings go to a temporary folder (printed;
removed unless --keep or a check failed). Prints what it did and exits 1 on any failure.
"""
import argparse, glob, os, random, shutil, subprocess, sys, tempfile, time

KEYS = ["Up", "Down", "Left", "Right", "k", "j", "-", "+", "PPage", "NPage", "Space", "[", "]", "z", "Z",
        "l", "t", "s", "S", "Tab", "f", "w", "?", "Escape", "BSpace", "n", "N"]
# No q in them: a / sent right after an Escape reaches the dashboard within ncurses' escape
# delay as Alt-/ (no binding), and the text after it as keys.
FINDS = ["pool", "db.", "pricing.db.pool", "load.rate", "backend.2", "instance", "zzz", "", "CHANNEL", "/"]
VALUES = ["0", "1", "-5", "1e12", "abc", "10M", "0.5", "100%", "1ms", "off", "true", "false", "2k",
          "999999999999", "", "nan", "1..2", "3", "250ms", "50%", "lru", "p2c", "wait",
          "pricing.db.pool=16", "db.pool=0", "load.rate=1e12", "nosuch.knob=1", "stock.backends.count=1",
          "backends.count=7", "api.instances=4", "load.rate = 300", "a=b=c"]



def mouse_report(rng):
    """A click, a wheel step or a stray report anywhere on a 120x40 screen, as tmux sends
    them to a program that asked for mouse mode 1000 (X10 encoding: ESC [ M, then button,
    column and row each plus 32); a click is a press and its release (3). One in ten is in
    SGR encoding, which ncurses did not ask for here and must drop."""
    x, y, b = rng.randint(1, 120), rng.randint(1, 40), rng.choice([0, 0, 1, 2, 64, 65])
    if rng.random() < 0.1:
        return f"\x1b[<{b};{x};{y}M"
    press = "\x1b[M" + chr(32 + b) + chr(32 + x) + chr(32 + y)
    if b >= 64 and rng.random() < 0.7:
        return press
    return press + "\x1b[M" + chr(32 + 3) + chr(32 + x) + chr(32 + y)

def tmux(*args, check=False):
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=check).stdout


def new_session(*args):
    """tmux new-session -d ARGS, tried again a few times: a session made the moment the last
    one was killed can reach the server while it exits, and fail (seen once in CI)."""
    for attempt in range(5):
        r = subprocess.run(["tmux", "new-session", "-d", *args], capture_output=True, text=True)
        if r.returncode == 0:
            return
        time.sleep(0.2)
    sys.exit(f"key-storm: tmux new-session failed: {r.stderr.strip()}")


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def quit(session, exitfile):
    """Sends q; returns what went wrong (no exit 0 within 10 s, or the terminal left in the
    alternate screen), or None."""
    tmux("send-keys", "-t", session, "q")
    for _ in range(100):
        if os.path.exists(exitfile):
            break
        time.sleep(0.1)
    code = open(exitfile).read().strip() if os.path.exists(exitfile) else "none (still running)"
    if code != "0":
        return f"q: exit {code}"
    if tmux("display", "-p", "-t", session, "#{alternate_on}").strip() != "0":
        return "q left the terminal in the alternate screen"
    return None


REPLAY_KEYS = ["Space", "Left", "Right", "PPage", "NPage", "Home", "End", "[", "]", "s", "S", "Tab", "z",
               "Z", "l", "t", "?", "Escape", "Up", "Down", "+", "-", "f", "r", "p", "w", "/", "n", "N"]


def play(perflab, path, rng, seconds=4):
    """Plays `path` on screen under random keys; returns what went wrong, or None."""
    session = f"key-storm-replay-{os.getpid()}"
    exitfile = path + ".exit"
    new_session("-s", session, "-x", "120", "-y", "40",
                f"'{perflab}' replay '{path}' --speed 20; echo $? > '{exitfile}'; sleep 3600")
    try:
        for _ in range(100):
            if "REPLAY" in tmux("capture-pane", "-p", "-t", session):
                break
            if os.path.exists(exitfile):
                return f"it exited at once (exit {open(exitfile).read().strip()}): " + \
                    tmux("capture-pane", "-p", "-t", session).strip()[:300]
            time.sleep(0.1)
        else:
            return "no REPLAY header after 10 s"
        end = time.time() + seconds
        while time.time() < end:
            if os.path.exists(exitfile):
                return f"it exited on its own (exit {open(exitfile).read().strip()})"
            if rng.random() < 0.1:
                tmux("send-keys", "-t", session, "-l", "--", mouse_report(rng))
            else:
                tmux("send-keys", "-t", session, *[rng.choice(REPLAY_KEYS) for _ in range(rng.randint(1, 4))])
            time.sleep(rng.choice([0.02, 0.1]))
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.3)
        return quit(session, exitfile)
    finally:
        tmux("kill-session", "-t", session)
        if os.path.exists(exitfile):
            os.remove(exitfile)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--max-rss-mb", type=float, default=1024)
    ap.add_argument("--perflab", default=".build/release/perflab")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("scenario", nargs="?", default="examples/shop.toml")
    a = ap.parse_args()
    perflab = os.path.abspath(a.perflab)
    scenario = os.path.abspath(a.scenario) if a.scenario.endswith(".toml") else a.scenario
    work = tempfile.mkdtemp(prefix="key-storm-")
    exitfile = os.path.join(work, "exit")
    session = f"key-storm-{os.getpid()}"
    rng = random.Random(a.seed)
    failures = []

    new_session("-s", session, "-x", "120", "-y", "40", "-c", work,
                f"'{perflab}' --scenario '{scenario}' --seed {a.seed}; echo $? > '{exitfile}'; sleep 3600")
    try:
        shell = tmux("display", "-p", "-t", session, "#{pane_pid}").strip()
        pid = None
        for _ in range(100):
            out = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
            if out:
                pid = out[0]
                break
            time.sleep(0.1)
        if pid is None:
            sys.exit("key-storm: the dashboard did not start")
        time.sleep(1)

        def send(*keys):
            tmux("send-keys", "-t", session, *keys)

        actions, typed, finds, clicks, presets, records, peak = 0, 0, 0, 0, 0, 0, 0.0
        end = time.time() + a.seconds
        while time.time() < end:
            if os.path.exists(exitfile):
                failures.append(f"the dashboard exited on its own after {actions} actions "
                                f"(exit {open(exitfile).read().strip()})")
                break
            r = rng.random()
            if r < 0.08:
                send("Enter")
                send("-l", "--", rng.choice(VALUES))
                send("Enter")
                typed += 1
            elif r < 0.10:
                send("p")
                presets += 1
            elif r < 0.12:
                send("r")
                records += 1
            elif r < 0.16:
                send("-l", "--", mouse_report(rng))
                clicks += 1
            elif r < 0.20:
                send("/")
                send("-l", "--", rng.choice(FINDS))
                send(rng.choice(["Enter", "Enter", "Escape", "BSpace"]))
                finds += 1
            else:
                send(*[rng.choice(KEYS) for _ in range(rng.randint(1, 8))])
            actions += 1
            peak = max(peak, rss_mb(pid))
            time.sleep(rng.choice([0.01, 0.05, 0.2]))
        peak = max(peak, rss_mb(pid))
        if not os.path.exists(exitfile):
            send("Escape")  # out of a typed value or the help
            time.sleep(0.5)
            if "REC" in tmux("capture-pane", "-p", "-t", session).splitlines()[0]:
                send("r")
                time.sleep(0.5)
            failure = quit(session, exitfile)
            if failure:
                failures.append(failure)
                print(tmux("capture-pane", "-p", "-t", session))
        if peak > a.max_rss_mb:
            failures.append(f"peak memory {peak:.0f} MB over {a.max_rss_mb:.0f} MB")
        print(f"key-storm seed {a.seed}: {actions} actions in {a.seconds:g} s ({typed} values typed, "
              f"{finds} knobs found, {clicks} mouse events, {presets} new presets, {records} r), peak {peak:.0f} MB")
    finally:
        tmux("kill-session", "-t", session)

    files = sorted(glob.glob(os.path.join(work, "*.jsonl")))
    verified = 0
    for f in files:
        p = subprocess.run([perflab, "replay", f, "--verify"], capture_output=True, text=True, timeout=900)
        if p.returncode == 0:
            verified += 1
        else:
            failures.append(f"replay --verify exit {p.returncode}: {(p.stderr or p.stdout).strip()}")
    print(f"key-storm seed {a.seed}: {verified} of {len(files)} recordings verify")
    picked = sorted({files[0], files[len(files) // 2], files[-1]}) if files else []
    played = 0
    for f in picked:
        failure = play(perflab, f, rng)
        if failure:
            failures.append(f"replay on screen of {os.path.basename(f)}: {failure}")
        else:
            played += 1
    if picked:
        print(f"key-storm seed {a.seed}: {played} of {len(picked)} recordings replay on screen")
    for f in failures:
        print("FAIL " + f)
    if failures or a.keep:
        print(f"recordings kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


main()
