#!/usr/bin/env python3
"""The knob table of docs/interface.md, generated from `perflab knobs`.

    python3 scripts/knob-table.py            rewrites the table between <!-- knobs:begin -->
                                             and <!-- knobs:end --> in docs/interface.md
    python3 scripts/knob-table.py --check    exit 1 if the table there is not what perflab
                                             lists now (after a knob was added or changed)
    --perflab PATH                           the binary (default .build/debug/perflab; build
                                             it first with `swift build`)

Every knob of one service at its default (the `checkout` preset changes none), then the
knobs that exist once per backend and once per instance, written with N. Python 3 standard
library only.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DOC = os.path.join(ROOT, "docs", "interface.md")


def knobs(perflab, scenario):
    out = subprocess.run([perflab, "knobs", "--scenario", scenario], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    header = out[0]
    starts = [header.index(c) for c in ("knob", "value", "unit", "range", "meaning")]
    rows = []
    for line in out[1:]:
        cells = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)])]
        rows.append(dict(zip(("knob", "value", "unit", "range", "meaning"), cells)))
    return rows


def table(perflab):
    rows = knobs(perflab, "checkout")
    # A scenario with two instances, so that the per-instance knobs are listed too.
    with tempfile.NamedTemporaryFile("w", suffix=".scenario", delete=False) as f:
        f.write("base = checkout\ninstances = 2\n")
        two = f.name
    try:
        instance_rows = [r for r in knobs(perflab, two) if r["knob"].startswith("instance.1.")]
    finally:
        os.unlink(two)
    lines = ["| knob | default | unit | range | meaning |", "| --- | --- | --- | --- | --- |"]
    for r in rows + instance_rows:
        name = r["knob"]
        m = re.fullmatch(r"(backend|instance)\.(\d+)\.(.+)", name)
        if m:
            if m.group(2) != "1":
                continue
            name = f"{m.group(1)}.N.{m.group(3)}"
            r = dict(r, meaning=re.sub(rf"\b{m.group(1)} 1\b", f"{m.group(1)} N", r["meaning"]))
        cells = [f"`{name}`", f"`{r['value']}`" if r["value"] else "", r["unit"].replace("|", "\\|"),
                 r["range"].replace("|", ", "), r["meaning"].replace("|", "\\|")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--perflab", default=os.path.join(ROOT, ".build", "debug", "perflab"))
    a = ap.parse_args()
    with open(DOC) as f:
        text = f.read()
    pattern = re.compile(r"(<!-- knobs:begin -->\n).*?(<!-- knobs:end -->)", re.S)
    if not pattern.search(text):
        sys.exit(f"{DOC}: no <!-- knobs:begin --> … <!-- knobs:end --> markers")
    new = pattern.sub(lambda m: m.group(1) + table(a.perflab) + "\n" + m.group(2), text, count=1)
    if a.check:
        if new != text:
            print("docs/interface.md: the knob table differs from `perflab knobs`; "
                  "run python3 scripts/knob-table.py")
            return 1
        print("docs/interface.md: the knob table is what `perflab knobs` lists")
        return 0
    with open(DOC, "w") as f:
        f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
