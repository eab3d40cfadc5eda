#!/usr/bin/env python3
"""libCacheSim's miss ratios on the test traces, as the JSON fixture the tests read.

  PERFLAB_WRITE_ZIPF_TRACES=/tmp/zipf swift test --filter writeTracesForLibCacheSim
  python3 scripts/libcachesim_reference.py /tmp/zipf > Tests/CachePoliciesTests/Fixtures/libcachesim-miss-ratios.json

Each trace is read with libCacheSim's plain-text reader and replayed with
`cache.process_trace(reader)` (its C loop), as /work/shared/tools/cache_reference.py does,
at 1% and 10% of the trace's distinct keys and at 500 entries. libCacheSim's Random is
not seeded, so its figure is the mean of 5 runs.

Needs: python3 -m pip install libcachesim
"""
import json, sys
import libcachesim as lcs

POLICIES = {"lru": "LRU", "fifo": "FIFO", "lfu": "LFU", "clock": "Clock", "sieve": "Sieve",
            "s3fifo": "S3FIFO", "arc": "ARC", "twoq": "TwoQ", "wtinylfu": "WTinyLFU", "random": "Random"}
# Must match LibCacheSimAgreementTests.traceSpecs.
TRACES = [("zipf-0.8.txt", 20000, 50000, 0.8, 801),
          ("zipf-1.0.txt", 20000, 50000, 1.0, 1001),
          ("zipf-1.2.txt", 20000, 50000, 1.2, 1201)]


def miss_ratio(path, policy, size):
    reader = lcs.TraceReader(path, lcs.TraceType.PLAIN_TXT_TRACE)
    cache = getattr(lcs, POLICIES[policy])(cache_size=size)
    ratio, _ = cache.process_trace(reader)
    return ratio


def main():
    directory = sys.argv[1]
    traces, cases = [], []
    for name, objects, requests, alpha, seed in TRACES:
        path = f"{directory}/{name}"
        with open(path) as f:
            keys = [line.strip() for line in f if line.strip()]
        distinct = len(set(keys))
        traces.append({"name": name, "objects": objects, "requests": requests, "alpha": alpha,
                       "seed": seed, "distinct_keys": distinct})
        sizes = sorted({max(1, distinct // 100), max(1, distinct // 10), 500})
        for policy in POLICIES:
            for size in sizes:
                runs = 5 if policy == "random" else 1
                ratio = sum(miss_ratio(path, policy, size) for _ in range(runs)) / runs
                cases.append({"trace": name, "policy": policy, "size": size, "miss_ratio": round(ratio, 8)})
    doc = {
        "comment": "Miss ratios computed by libCacheSim (Python package libcachesim, its C process_trace loop) "
                   "on the Zipf traces of LibCacheSimAgreementTests; regenerate with "
                   "scripts/libcachesim_reference.py (see its header). random: mean of 5 unseeded runs.",
        "libcachesim_version": lcs.__version__,
        "traces": traces,
        "cases": cases,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
