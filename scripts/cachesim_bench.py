#!/usr/bin/env python3
"""Throughput of perflab cachesim against libCacheSim on the same trace, in the same run.

  cachesim_bench.py trace --objects 1000000 --requests 10000000 --alpha 1.0 --seed 1 --out F
      writes a Zipf trace, one integer key per line (numpy; libCacheSim's plain-text trace format)
  cachesim_bench.py run --trace F --perflab PATH --size 10% [--policy P ...] [--repeat N]
      for each policy: times perflab's whole process (`perflab cachesim --trace F --policy P
      --size S`, trace parsing included) and libCacheSim reading the same file and replaying
      it in its C loop (`c_process_trace`, reached through `cache.process_trace(reader)`),
      timed inside Python so that interpreter start-up and imports are left out but trace
      reading is in. Prints a table of requests per second and the ratio perflab/libCacheSim.

Needs: python3 -m pip install libcachesim numpy
"""
import argparse, json, os, subprocess, sys, time

POLICIES = {"lru": "LRU", "fifo": "FIFO", "lfu": "LFU", "clock": "Clock", "sieve": "Sieve",
            "s3fifo": "S3FIFO", "arc": "ARC", "twoq": "TwoQ", "wtinylfu": "WTinyLFU", "random": "Random"}


def write_trace(args):
    import numpy as np
    rng = np.random.default_rng(args.seed)
    ranks = np.arange(1, args.objects + 1, dtype=np.float64)
    cdf = np.cumsum(ranks ** (-args.alpha))
    cdf /= cdf[-1]
    keys = np.searchsorted(cdf, rng.random(args.requests), side="right")
    keys = np.minimum(keys, args.objects - 1)
    with open(args.out, "w") as f:
        step = 1_000_000
        for i in range(0, len(keys), step):
            f.write("\n".join(map(str, keys[i:i + step].tolist())))
            f.write("\n")


def libcachesim_run(policy, trace, size):
    import libcachesim as lcs
    start = time.perf_counter()
    reader = lcs.TraceReader(trace, lcs.TraceType.PLAIN_TXT_TRACE)
    cache = getattr(lcs, POLICIES[policy])(cache_size=size)
    miss_ratio, _ = cache.process_trace(reader)
    return time.perf_counter() - start, miss_ratio


def perflab_run(exe, policy, trace, size):
    start = time.perf_counter()
    out = subprocess.run([exe, "cachesim", "--trace", trace, "--policy", policy, "--size", str(size), "--json"],
                         check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    doc = json.loads(out.stdout)
    return elapsed, doc["results"][0]["miss_ratio"], doc


def run(args):
    import libcachesim as lcs
    version = getattr(lcs, "__version__", "?")
    # Resolve the size once, from perflab's own count of distinct keys.
    _, _, doc = perflab_run(args.perflab, "fifo", args.trace, args.size)
    requests, distinct, size = doc["requests"], doc["distinct_keys"], doc["results"][0]["size"]
    print(f"trace {os.path.basename(args.trace)}: {requests:,} requests, {distinct:,} distinct keys; "
          f"cache size {size:,} entries ({args.size}); libCacheSim {version}; best of {args.repeat}")
    print()
    header = f"{'policy':9s} {'perflab req/s':>14s} {'libCacheSim req/s':>18s} {'ratio':>6s}   {'perflab miss':>12s} {'lcs miss':>9s}"
    print(header)
    print("-" * len(header))
    rows = []
    for policy in args.policy or list(POLICIES):
        p_times, l_times = [], []
        for _ in range(args.repeat):
            t, p_miss, _ = perflab_run(args.perflab, policy, args.trace, size)
            p_times.append(t)
            t, l_miss = libcachesim_run(policy, args.trace, size)
            l_times.append(t)
        p_rps, l_rps = requests / min(p_times), requests / min(l_times)
        rows.append((policy, p_rps, l_rps))
        print(f"{policy:9s} {p_rps:14,.0f} {l_rps:18,.0f} {p_rps / l_rps:6.2f}   {p_miss:12.4f} {l_miss:9.4f}", flush=True)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("trace")
    t.add_argument("--objects", type=int, required=True)
    t.add_argument("--requests", type=int, required=True)
    t.add_argument("--alpha", type=float, default=1.0)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--out", required=True)
    r = sub.add_parser("run")
    r.add_argument("--trace", required=True)
    r.add_argument("--perflab", required=True)
    r.add_argument("--size", default="10%")
    r.add_argument("--policy", action="append", choices=sorted(POLICIES))
    r.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    {"trace": write_trace, "run": run}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
