#!/usr/bin/env python3
"""Closed-form references of TopologyTheoryTests.swift: networks of M/M/1 services.

    python3 scripts/reference/topology.py            prints every reference value
    python3 scripts/reference/topology.py --check    checks that each value, rounded as the
                                                     test writes it, is the one its assertions
                                                     in Tests/PerfModelTests/TopologyTheoryTests.swift
                                                     use; exit 1 if one is not

Python 3 standard library only. Times in milliseconds, rounded to 4 decimals as the test
writes them.

1. Tandem M/M/1 (a calls b): λ = 500/s, μ1 = 1000/s, μ2 = 1250/s. By Burke's theorem the
   first queue's departures are Poisson(λ), so the second is M/M/1 too; by Reich's, a
   customer's two sojourn times are independent, exponential with rates r1 = μ1 − λ and
   r2 = μ2 − λ. Their sum is hypoexponential: mean 1/r1 + 1/r2, and
   P(T > x) = (r2·e^(−r1·x) − r1·e^(−r2·x)) / (r2 − r1); the p99 solves P(T > x) = 0.01.
2. Open Jackson network with probabilistic calls: a (μ = 1000/s) at λ = 400/s calls b
   (μ = 500/s) with probability 0.5 and c (μ = 1/3.3333 ms) with probability 0.3. The
   traffic equations give λb = 0.5·λ, λc = 0.3·λ; each queue behaves as M/M/1 (Jackson's
   theorem), so the mean end-to-end time is Σ vᵢ/(μᵢ − λᵢ) with visit ratios vᵢ = λᵢ/λ.
   The test's comment rounds μc to 300/s (exactly 5.0 ms); its assertion uses the exact μc.
3. Parallel fan-out to N services without queueing, each an exponential of mean m = 2 ms:
   the step ends with the slowest, the maximum of N independent exponentials, whose mean is
   H_N·m (H_N the N-th harmonic number) and whose p99 solves (1 − e^(−x/m))^N = 0.99:
   x = −m·ln(1 − 0.99^(1/N)).
4. Async hand-off: a (no queue, exponential 1 ms) at λ = 400/s writes into b's channel with
   probability 0.3 and nobody waits. a's time is its own exponential: p99 = −ln(0.01) ms.
   b is M/M/4 at λb = 120/s, μ = 50/s: Erlang C's C(4, 2.4) and mean time C/(cμ − λb) + 1/μ.
5. A full channel that drops: b (2 workers of exponential 10 ms, 2 places to wait) fed at
   150/s is an M/M/2/4 loss system; the share of arrivals lost is p_K with
   p_n ∝ aⁿ/n! (n ≤ c), a^c/c!·(a/c)^(n−c) (n > c), a = λ/μ = 1.5.
6. Backpressure through full `wait` channels: the bottleneck s2 (2 workers of 10 ms) never
   starves, so the goodput is c·μ = 200/s, and at λ = 300/s the requests in flight grow at
   λ − c·μ = 100/s (no formula needed beyond that; the test states both).
7. Instances behind the caller's balancer: 3 instances, each M/M/1 with μ = 1000/s, called at
   λ = 2400/s. `random` splits a Poisson stream into Poisson streams: each is M/M/1 at
   λ/3, its time exponential with rate μ − λ/3. `round_robin` gives each instance Erlang-3
   gaps: an E3/M/1 queue (GI/M/1), whose time is exponential with rate μ(1 − σ), σ the root
   in (0, 1) of σ = A*(μ(1 − σ)), A*(s) = (λ/(λ + s))³ the gaps' Laplace transform.
8. The client's deadline d over an M/M/1 (time exponential with rate r = μ − λ): the share
   timed out is e^(−rd); the successes' time is T given T ≤ d, mean
   1/r − d·e^(−rd)/(1 − e^(−rd)), p99 −ln(1 − 0.99·(1 − e^(−rd)))/r.
9. Ten calls to callees failing with probability q = 0.1: a request succeeds with
   probability (1 − q)^10; one after another they stop at the first failure, a truncated
   geometric number of calls with mean (1 − (1 − q)^10)/q.
"""
import argparse
import math
import os
import sys

TEST_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                         "Tests", "PerfModelTests", "TopologyTheoryTests.swift")


def bisect(f, lo, hi):
    """The root of a decreasing f on [lo, hi], to neighbouring doubles."""
    while True:
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            return mid
        if f(mid) > 0:
            lo = mid
        else:
            hi = mid


def tandem(lam=500.0, mu1=1000.0, mu2=1250.0, p=0.99):
    r1, r2 = mu1 - lam, mu2 - lam
    mean = 1 / r1 + 1 / r2
    survival = lambda x: (r2 * math.exp(-r1 * x) - r1 * math.exp(-r2 * x)) / (r2 - r1)
    hi = mean
    while survival(hi) > 1 - p:
        hi *= 2
    return mean * 1e3, bisect(lambda x: survival(x) - (1 - p), 0.0, hi) * 1e3


def jackson(lam=400.0, mu=(1000.0, 500.0, 1 / 3.3333e-3), visits=(1.0, 0.5, 0.3)):
    rates = [v * lam for v in visits]
    mean = sum(v / (m - r) for v, m, r in zip(visits, mu, rates))
    return rates, mean * 1e3


def fan_out(n, m=2.0, p=0.99):
    harmonic = sum(1 / k for k in range(1, n + 1))
    return harmonic * m, -m * math.log(1 - p ** (1 / n))


def erlang_c(lam, mu, c):
    """Erlang C's probability of waiting and the mean time in an M/M/c queue (seconds)."""
    a = lam / mu
    rho = a / c
    below = sum(a ** k / math.factorial(k) for k in range(c))
    top = a ** c / math.factorial(c) / (1 - rho)
    wait = top / (below + top)
    return wait, wait / (c * mu - lam) + 1 / mu


def mmck_loss(lam, mu, c, k):
    """The share of arrivals an M/M/c/K queue turns away: p_K."""
    a = lam / mu
    p = [a ** n / math.factorial(n) if n <= c else a ** c / math.factorial(c) * (a / c) ** (n - c)
         for n in range(k + 1)]
    return p[k] / sum(p)


def gi_m_1_erlang(lam, mu, k):
    """σ of an E_k/M/1 queue whose gaps are the sum of k exponentials of rate lam."""
    sigma = 0.5
    for _ in range(10000):
        sigma = (lam / (lam + mu * (1 - sigma))) ** k
    return sigma


def values():
    """(label, value in ms, as the test writes it)."""
    t_mean, t_p99 = tandem()
    rates, j_mean = jackson()
    _, j_rounded = jackson(mu=(1000.0, 500.0, 300.0))
    out = [("tandem M/M/1 mean", t_mean), ("tandem M/M/1 p99", t_p99),
           ("Jackson mean, mu_c = 300/s (the test's comment)", j_rounded),
           ("Jackson mean, mu_c = 1/3.3333 ms (the test's assertion)", j_mean)]
    for n in (2, 10):
        mean, p99 = fan_out(n)
        out += [(f"fan-out N = {n} mean", mean), (f"fan-out N = {n} p99", p99)]
    sigma = gi_m_1_erlang(2400.0, 1000.0, 3)
    rate = 1000.0 * (1 - sigma)
    out += [("round robin over 3: E3/M/1 mean", 1e3 / rate), ("round robin over 3: E3/M/1 p99", 1e3 * math.log(100) / rate),
            ("random over 3: M/M/1 mean", 1e3 / (1000.0 - 800.0)), ("random over 3: M/M/1 p99", 1e3 * math.log(100) / 200.0)]
    r, d = 500.0, 0.004
    cut = math.exp(-r * d)
    out += [("deadline: successes' mean", 1e3 * (1 / r - d * cut / (1 - cut))),
            ("deadline: successes' p99", 1e3 * -math.log(1 - 0.99 * (1 - cut)) / r)]
    out.append(("async: a's p99 (exponential 1 ms)", -math.log(0.01)))
    out.append(("async: b's mean time, M/M/4 (Erlang C)", erlang_c(120.0, 50.0, 4)[1] * 1e3))
    return out, rates


def written(x):
    """A value as the test writes it: 4 decimals, trailing zeros dropped but one kept (5.0)."""
    s = f"{x:.4f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", nargs="?", const=TEST_FILE, metavar="FILE",
                    help="check the values appear in the test (default: TopologyTheoryTests.swift)")
    a = ap.parse_args()
    vals, rates = values()
    if not a.check:
        for label, x in vals:
            print(f"{label:55s} {written(x):>8s} ms   ({x!r})")
        print(f"{'Erlang C C(4, 2.4)':55s} {erlang_c(120.0, 50.0, 4)[0]:.5f}")
        print(f"{'M/M/2/4 share lost, a = 1.5':55s} {mmck_loss(150.0, 100.0, 2, 4):.5f}")
        print(f"{'Jackson arrival rates a, b, c':55s} {', '.join(written(r) for r in rates)} /s")
        return 0
    with open(a.check, encoding="utf-8") as f:
        text = f.read()
    v = dict(vals)
    # Where the test writes each value: its assertions, and the derivation in its comments.
    expected = [
        f"close(mean, {written(v['tandem M/M/1 mean'])}, within: 0.02)",
        f"close(p99, {written(v['tandem M/M/1 p99'])}, within: 0.04)",
        f"= {written(v['Jackson mean, mu_c = 300/s (the test' + chr(39) + 's comment)'])} ms",
        f"(2, {written(v['fan-out N = 2 mean'])}, {written(v['fan-out N = 2 p99'])})",
        f"(10, {written(v['fan-out N = 10 mean'])}, {written(v['fan-out N = 10 p99'])})",
        f"rates[1], {written(rates[1])[:-2]}, within",
        f"rates[2], {written(rates[2])[:-2]}, within",
        f"percentileMs(99), {written(v[chr(97) + 'sync: a' + chr(39) + 's p99 (exponential 1 ms)'])}, within: 0.04)",
        f"close(inside, {written(v['async: b' + chr(39) + 's mean time, M/M/4 (Erlang C)'])}, within: 0.02)",
        f"C = {erlang_c(120.0, 50.0, 4)[0]:.5f}",
        f"= {gi_m_1_erlang(2400.0, 1000.0, 3):.5f}",
        f"close(share, {math.exp(-2):.5f}, within: 0.03)",
        f"close(succeeded, {0.9 ** 10:.5f}, within: 0.02)",
        f"[(false, {written((1 - 0.9 ** 10) / 0.1)}), (true, 10.0)]",
        f"close(p.latency.meanMs, {written(v['deadline: successes' + chr(39) + ' mean'])}, within: 0.02)",
        f"percentileMs(99), {written(v['deadline: successes' + chr(39) + ' p99'])}, within: 0.04)",
        f'("round_robin", {written(v["round robin over 3: E3/M/1 mean"])}, {written(v["round robin over 3: E3/M/1 p99"])})',
        f'("random", {written(v["random over 3: M/M/1 mean"])}, {written(v["random over 3: M/M/1 p99"])})',
        f"close(lost, {mmck_loss(150.0, 100.0, 2, 4):.5f}, within: 0.03)",
    ]
    missing = [e for e in expected if e not in text]
    for e in missing:
        print(f"not in {os.path.relpath(a.check)}: {e}")
    if not missing:
        print(f"{os.path.relpath(a.check)}: all {len(expected)} reference values found where the test uses them")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
