#!/usr/bin/env python3
"""The xoshiro256** outputs of RandomTests.knownXoshiroOutput, from the algorithm itself.

    python3 scripts/reference/xoshiro.py            prints the first four outputs from the
                                                    state (1, 2, 3, 4)
    python3 scripts/reference/xoshiro.py --check    exit 1 unless Tests/SimKernelTests/
                                                    RandomTests.swift expects exactly these

xoshiro256** 1.0 as Blackman and Vigna publish it (https://prng.di.unimi.it/xoshiro256starstar.c):
result = rotl(s1 * 5, 7) * 9; t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
s2 ^= t; s3 = rotl(s3, 45), all modulo 2^64. Python 3 standard library only.
"""
import os
import re
import sys

MASK = (1 << 64) - 1
TEST_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                         "Tests", "SimKernelTests", "RandomTests.swift")


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro256starstar(s0, s1, s2, s3):
    while True:
        result = (rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        yield result


def outputs(n=4):
    g = xoshiro256starstar(1, 2, 3, 4)
    return [next(g) for _ in range(n)]


def main():
    values = outputs()
    if "--check" not in sys.argv[1:]:
        for v in values:
            print(v)
        return 0
    with open(TEST_FILE, encoding="utf-8") as f:
        text = f.read()
    body = text[text.index("func knownXoshiroOutput"):]
    body = body[:body.index("\n    }\n")]
    committed = [int(x) for x in re.findall(r"r\.next\(\) == (\d+)", body)]
    if committed == values:
        print(f"{os.path.relpath(TEST_FILE)}: the {len(values)} xoshiro256** outputs match")
        return 0
    print(f"{os.path.relpath(TEST_FILE)}: expects {committed}, the algorithm gives {values}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
