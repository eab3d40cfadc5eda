#!/usr/bin/env python3
"""Random knob scripts: every knob of a scenario set to random values in its range, at random
simulated times, run headless; the model must end normally (exit 0), refuse a value with one
line naming the script's file, line and field (exit 2; the line is dropped and the run tried
again), stay under a memory bound whatever the values, and record a session that
`perflab replay --verify` re-simulates bit for bit (unless --no-verify).

    scripts/knob-storm.py [--seeds 1-6] [--changes 60] [--duration 30] [--max-rss-mb 1024]
                          [--kb-per-request 3] [--perflab .build/release/perflab] [--no-verify]
                          [SCENARIO ...]

SCENARIO defaults to every example topology and the presets checkout, mmc and retry-storm.
Values are drawn from `perflab knobs --scenario S`: a choice at random, a number at either
end of its range, uniformly inside it, or skewed towards its low end. Prints one line per
run (exit code, wall seconds, peak RSS, changes kept, refusals) and exits 1 on any failure.
The memory bound is --max-rss-mb, or --kb-per-request times the largest load.max_in_flight
the script sets if that is more: the model holds up to sixteen frames and queries per
request it lets in (docs/model.md), so that knob is what its memory answers to.
"""
import argparse, glob, json, os, random, re, subprocess, sys, tempfile

UNITS = [("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("ns", 1e-9), ("s", 1), ("m", 60), ("h", 3600), ("%", 0.01)]
SCALE = {"k": 1e3, "M": 1e6, "G": 1e9}


def number(text):
    t = text.strip()
    for suffix, m in UNITS:
        if t.endswith(suffix) and re.fullmatch(r"[0-9.]+", t[: -len(suffix)]):
            return float(t[: -len(suffix)]) * m
    if t and t[-1] in SCALE:
        return float(t[:-1]) * SCALE[t[-1]]
    return float(t)


def knobs(perflab, scenario):
    """(name, unit, span) of every knob but files: span is "lo…hi" or "a|b|c" ("true|false"
    for a switch). Read from `perflab knobs --json`: the text's columns, split on runs of
    spaces, slid one to the left for a knob without a unit (keys.zipf) and put the meaning
    where the span was for a switch, so that until 2026-12-07 neither was ever stormed."""
    out = subprocess.run([perflab, "knobs", "--scenario", scenario, "--json"], capture_output=True, text=True,
                         check=True)
    rows = []
    for k in json.loads(out.stdout):
        if k["unit"] == "file":
            continue
        if "choices" in k:
            span = "|".join(k["choices"])
        elif "min" in k:
            span = f"{k['min']}…{k['max']}"
        elif k["unit"] == "on/off":
            span = "true|false"
        else:
            continue
        rows.append((k["name"], k["unit"], span))
    return rows


def value(rng, unit, span):
    if "|" in span:
        return rng.choice(span.split("|"))
    if "…" not in span:
        return None
    lo, hi = (number(x) for x in span.split("…"))
    x = rng.choice([lo, hi, lo + (hi - lo) * rng.random(), lo + (hi - lo) * rng.random() ** 6])
    if unit in ("time", "times"):
        return f"{x:.6f}s"
    if unit == "ratio":
        return f"{x:.4f}"
    if lo == int(lo) and hi == int(hi) and unit not in ("", "rate"):
        return str(int(round(x)))
    return f"{x:.6g}"


def script(rng, rows, changes, duration):
    lines = []
    while len(lines) < changes:
        name, unit, span = rng.choice(rows)
        v = value(rng, unit, span)
        if v is not None:
            lines.append((rng.uniform(0, duration), f"{name}={v}"))
    return [f"{t:.3f}s {kv}" for t, kv in sorted(lines)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1-6")
    ap.add_argument("--changes", type=int, default=60)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--max-rss-mb", type=float, default=1024)
    ap.add_argument("--kb-per-request", type=float, default=3)
    ap.add_argument("--perflab", default=".build/release/perflab")
    ap.add_argument("--no-verify", dest="verify", action="store_false",
                    help="do not record each run and check it with replay --verify")
    ap.add_argument("scenarios", nargs="*")
    a = ap.parse_args()
    lo, _, hi = a.seeds.partition("-")
    seeds = range(int(lo), int(hi or lo) + 1)
    scenarios = a.scenarios or sorted(glob.glob("examples/*.toml")) + ["checkout", "mmc", "retry-storm"]
    failures = 0
    work = tempfile.mkdtemp(prefix="knob-storm-")
    for scenario in scenarios:
        rows = knobs(a.perflab, scenario)
        for seed in seeds:
            path = os.path.join(work, f"{os.path.basename(scenario)}-{seed}.txt")
            lines = script(random.Random(seed), rows, a.changes, a.duration)
            refusals = 0
            while True:
                with open(path, "w") as f:
                    f.write("\n".join(lines) + "\n")
                cmd = ["/usr/bin/time", "-f", "%e %M", "-o", path + ".time", a.perflab, "run", "--scenario",
                       scenario, "--script", path, "--duration", f"{a.duration:g}s", "--seed", str(seed), "--json"]
                if a.verify:
                    cmd += ["--record", path + ".jsonl"]
                p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=900)
                err = p.stderr.strip().splitlines()
                m = re.match(re.escape(f"perflab: {path}:") + r"(\d+): \S+: ", err[0]) if err else None
                if p.returncode == 2 and len(err) == 1 and m:
                    del lines[int(m.group(1)) - 1]
                    refusals += 1
                    continue
                break
            wall, rss = open(path + ".time").read().split()[-2:]
            rss_mb = int(rss) / 1024
            # What the model may hold grows with load.max_in_flight (sixteen frames and
            # queries per request at the limit, docs/model.md): the bound grows with it.
            most = max([200_000] + [number(l.split("=", 1)[1]) for l in lines if " load.max_in_flight=" in l])
            bound = max(a.max_rss_mb, most * a.kb_per_request / 1024)
            ok = p.returncode == 0 and rss_mb <= bound
            verified = ""
            if ok and a.verify:
                v = subprocess.run([a.perflab, "replay", path + ".jsonl", "--verify"], capture_output=True,
                                   text=True, timeout=1800)
                ok = v.returncode == 0
                verified = ", verifies" if ok else ""
                if not ok:
                    err = (v.stdout + v.stderr).strip().splitlines()
                else:
                    os.remove(path + ".jsonl")
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {scenario} seed {seed}: exit {p.returncode}, {float(wall):.2f} s, "
                  f"{rss_mb:.0f} MB, {len(lines)} changes kept, {refusals} refused{verified}"
                  + ("" if ok else f"; script {path}; stderr: {' | '.join(err[:3])}"), flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
