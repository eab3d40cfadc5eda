#!/usr/bin/env python3
"""libCacheSim's miss ratios on the Zipf traces of LibCacheSimAgreementTests.swift.

    python3 scripts/reference/miss_ratios.py > Tests/CachePoliciesTests/Fixtures/libcachesim-miss-ratios.json
        writes the fixture the test reads (traces generated here, see below)
    python3 scripts/reference/miss_ratios.py --check
        recomputes every case and compares it with the committed fixture: every policy must
        give the committed miss ratio exactly (to its 8 decimals), except that `random` may
        differ by up to 0.005 (see below); exit 0 if all do
    python3 scripts/reference/miss_ratios.py --traces DIR [--check]
        reads the traces from DIR instead of generating them; the Swift test writes them with
        PERFLAB_WRITE_ZIPF_TRACES=DIR swift test --filter writeTracesForLibCacheSim
    python3 scripts/reference/miss_ratios.py --write-traces DIR
        only writes the three traces (one integer key per line) into DIR

Needs libCacheSim's Python package, the version the fixture was made with:
    python3 -m pip install libcachesim==0.3.5
(its C loop `c_process_trace`, reached through `cache.process_trace(reader)`). Trace
generation needs only the standard library.

The traces. Each is ZipfTrace (Tests/CachePoliciesTests/ZipfTrace.swift) written again in
Python, step for step, so that both give the same keys: the weight of 0-based rank r is
(r + 1)^−alpha, accumulated in order into a CDF; each request draws u = (x >> 11)·2^−53·total
from SplitMix64 (Steele, Lea and Flood 2014, as SimKernel's `SplitMix64`) and takes the first
rank whose CDF exceeds u (binary search). Python's float `**` and Swift's `pow` both call
the C library's `pow`, so the traces agree bit for bit on the same platform; the distinct-key
counts in the fixture (checked by the test too) confirm it.

The cases. For each trace: every policy perflab shares with libCacheSim, at 1% and 10% of
the trace's distinct keys and at 500 entries, each read with libCacheSim's plain-text
reader (`TraceType.PLAIN_TXT_TRACE`) and replayed from an empty cache with every request
counted. libCacheSim's Random takes no seed, so its figure is the mean of 5 runs. Its
generator does start from the same state in every new process, so running the cases in
this script's order reproduces the committed `random` figures exactly too (checked with
libCacheSim 0.3.5 on Linux x86-64); another order, platform or version may move them by a
few thousandths, which --check reports and allows up to 0.005.
"""
import argparse
import json
import os
import sys
import tempfile

LIBCACHESIM_VERSION = "0.3.5"
POLICIES = {"lru": "LRU", "fifo": "FIFO", "lfu": "LFU", "clock": "Clock", "sieve": "Sieve",
            "s3fifo": "S3FIFO", "arc": "ARC", "twoq": "TwoQ", "wtinylfu": "WTinyLFU", "random": "Random"}
# (file, objects, requests, alpha, seed): LibCacheSimAgreementTests.traceSpecs.
TRACES = [("zipf-0.8.txt", 20000, 50000, 0.8, 801),
          ("zipf-1.0.txt", 20000, 50000, 1.0, 1001),
          ("zipf-1.2.txt", 20000, 50000, 1.2, 1201)]
RANDOM_RUNS = 5
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "Tests", "CachePoliciesTests", "Fixtures", "libcachesim-miss-ratios.json")
MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def zipf_keys(objects, requests, alpha, seed):
    """ZipfTrace.keys(): 0-based ranks drawn by inverse transform over the CDF."""
    cdf, total = [], 0.0
    for r in range(objects):
        total += float(r + 1) ** -alpha
        cdf.append(total)
    rng = splitmix64(seed)
    keys = []
    for _ in range(requests):
        u = float(next(rng) >> 11) * 2.0 ** -53 * total
        lo, hi = 0, objects - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cdf[mid] > u:
                hi = mid
            else:
                lo = mid + 1
        keys.append(lo)
    return keys


def write_traces(directory):
    os.makedirs(directory, exist_ok=True)
    for name, objects, requests, alpha, seed in TRACES:
        with open(os.path.join(directory, name), "w") as f:
            f.write("".join(f"{k}\n" for k in zipf_keys(objects, requests, alpha, seed)))


def miss_ratio(lcs, path, policy, size):
    reader = lcs.TraceReader(path, lcs.TraceType.PLAIN_TXT_TRACE)
    cache = getattr(lcs, POLICIES[policy])(cache_size=size)
    ratio, _ = cache.process_trace(reader)
    return ratio


def compute(directory):
    import libcachesim as lcs
    version = getattr(lcs, "__version__", "?")
    if version != LIBCACHESIM_VERSION:
        print(f"miss_ratios.py: note: libCacheSim {version}, the fixture was made with {LIBCACHESIM_VERSION}",
              file=sys.stderr)
    traces, cases = [], []
    for name, objects, requests, alpha, seed in TRACES:
        path = os.path.join(directory, name)
        with open(path) as f:
            distinct = len({line.strip() for line in f if line.strip()})
        traces.append({"name": name, "objects": objects, "requests": requests, "alpha": alpha,
                       "seed": seed, "distinct_keys": distinct})
        sizes = sorted({max(1, distinct // 100), max(1, distinct // 10), 500})
        for policy in POLICIES:
            for size in sizes:
                runs = RANDOM_RUNS if policy == "random" else 1
                ratio = sum(miss_ratio(lcs, path, policy, size) for _ in range(runs)) / runs
                cases.append({"trace": name, "policy": policy, "size": size, "miss_ratio": round(ratio, 8)})
    return {
        "comment": "Miss ratios computed by libCacheSim (Python package libcachesim, its C process_trace loop) "
                   "on the Zipf traces of LibCacheSimAgreementTests; regenerate with "
                   "scripts/reference/miss_ratios.py (see its header). random: mean of 5 unseeded runs.",
        "libcachesim_version": version,
        "traces": traces,
        "cases": cases,
    }


def check(doc, path):
    with open(path) as f:
        committed = json.load(f)
    problems = []
    if committed["traces"] != doc["traces"]:
        problems.append(f"traces differ: committed {committed['traces']}, computed {doc['traces']}")
    have = {(c["trace"], c["policy"], c["size"]): c["miss_ratio"] for c in committed["cases"]}
    random_diffs = []
    for c in doc["cases"]:
        key = (c["trace"], c["policy"], c["size"])
        if key not in have:
            problems.append(f"{key}: not in the fixture")
            continue
        diff = abs(have[key] - c["miss_ratio"])
        if c["policy"] == "random":
            random_diffs.append(diff)
            if diff > 0.005:
                problems.append(f"{key}: committed {have[key]}, computed {c['miss_ratio']}")
        elif diff != 0:
            problems.append(f"{key}: committed {have[key]}, computed {c['miss_ratio']}")
    if len(have) != len(doc["cases"]):
        problems.append(f"the fixture has {len(have)} cases, this script computes {len(doc['cases'])}")
    for p in problems:
        print(p)
    exact = sum(1 for c in doc["cases"] if c["policy"] != "random")
    if not problems:
        worst = max(random_diffs, default=0.0)
        random_text = (f"the {len(random_diffs)} random cases equal too" if worst == 0
                       else f"random within {worst:.4f} of the committed means")
        print(f"{os.path.relpath(path)}: all {exact} deterministic cases equal, {random_text} "
              f"(libCacheSim {doc['libcachesim_version']})")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--traces", metavar="DIR", help="read the traces from DIR instead of generating them")
    ap.add_argument("--write-traces", metavar="DIR", help="only write the traces into DIR")
    ap.add_argument("--check", nargs="?", const=FIXTURE, metavar="FIXTURE",
                    help="compare with the committed fixture instead of printing it")
    a = ap.parse_args()
    if a.write_traces:
        write_traces(a.write_traces)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        directory = a.traces
        if directory is None:
            directory = tmp
            write_traces(directory)
        doc = compute(directory)
    if a.check:
        return check(doc, a.check)
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
