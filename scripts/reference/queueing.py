#!/usr/bin/env python3
"""Closed-form M/M/1 and M/M/c values: the references of QueueingTheoryTests.swift.

    python3 scripts/reference/queueing.py
        prints the `Reference(...)` lines of Tests/PerfModelTests/QueueingTheoryTests.swift,
        one per case the test simulates (service mean 10 ms, times in seconds)
    python3 scripts/reference/queueing.py --check
        recomputes them and compares them, character for character, with the lines in that
        file; exit 0 if every line matches, 1 otherwise
    python3 scripts/reference/queueing.py --servers 8 --rate 720 --service-mean 0.01
        one queue as a JSON object: utilisation, P(wait), mean wait and response, mean
        numbers in queue and in system, response-time percentiles p50 … p99.9

Python 3 standard library only.

The model is the FIFO M/M/c queue: Poisson arrivals at rate λ, c servers, exponential
service of rate μ (M/M/1 is c = 1), offered load a = λ/μ, utilisation ρ = a/c < 1.

- Erlang B by its stable recursion, B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)); then
  Erlang C, the probability that an arrival waits: C = c·B / (c − a·(1 − B)).
- The wait Wq is 0 with probability 1 − C and otherwise Exp(θ) with θ = cμ − λ; the
  response time is T = Wq + S with S ~ Exp(μ), so its mean is C/θ + 1/μ and
  P(T > t) = (1 − C)·e^(−μt) + C·(θ·e^(−μt) − μ·e^(−θt)) / (θ − μ)
  (the hypoexponential survival function; for θ = μ it is e^(−μt)·(1 + μt)).
- A percentile is found by bisection on that survival function, from [0, 1/μ] doubled
  until it brackets the value, halved until the two ends are neighbouring doubles.

For M/M/1 T is simply Exp(μ − λ); the same mixture gives it, and the printed numbers are
those of the mixture (they may differ from −ln(1 − p)/(μ − λ) in the last digit).
"""
import argparse
import json
import math
import os
import re
import sys

# The cases QueueingTheoryTests simulates: (servers, arrivals per second), service mean 10 ms.
CASES = [(1, 80.0), (1, 50.0), (1, 90.0), (4, 320.0), (4, 360.0), (8, 640.0), (8, 720.0)]
SERVICE_MEAN = 0.01
TEST_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                         "Tests", "PerfModelTests", "QueueingTheoryTests.swift")


def erlang_c(c, a):
    """The probability that an arrival waits in M/M/c with offered load a (Erlang C)."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return c * b / (c - a * (1 - b))


class Queue:
    """The FIFO M/M/c queue with c servers, arrival rate lam and service rate mu."""

    def __init__(self, c, lam, mu):
        self.c, self.lam, self.mu = c, lam, mu
        self.a = lam / mu
        if self.a >= c:
            raise SystemExit(f"unstable: utilisation {self.a / c:.3f} >= 1")
        self.p_wait = erlang_c(c, self.a)
        self.theta = c * mu - lam
        self.mean_wait = self.p_wait / self.theta
        self.mean_response = self.mean_wait + 1 / mu

    def survival(self, t):
        """P(T > t) for the response time T = Wq + S."""
        mu, theta, pw = self.mu, self.theta, self.p_wait
        if abs(theta - mu) < 1e-12:
            waited = math.exp(-mu * t) * (1 + mu * t)
        else:
            waited = (theta * math.exp(-mu * t) - mu * math.exp(-theta * t)) / (theta - mu)
        return (1 - pw) * math.exp(-mu * t) + pw * waited

    def percentile(self, p):
        """The p-quantile of T (0 < p < 1), by bisection to neighbouring doubles."""
        target = 1 - p
        lo, hi = 0.0, 1.0 / self.mu
        while self.survival(hi) > target:
            hi *= 2
        while True:
            mid = (lo + hi) / 2
            if mid <= lo or mid >= hi:
                return mid
            if self.survival(mid) > target:
                lo = mid
            else:
                hi = mid

    def summary(self):
        out = {"servers": self.c, "arrival_rate": self.lam, "service_mean": 1 / self.mu,
               "utilization": self.a / self.c, "p_wait": self.p_wait, "mean_wait": self.mean_wait,
               "mean_response": self.mean_response, "mean_in_queue": self.lam * self.mean_wait,
               "mean_in_system": self.lam * self.mean_response}
        for name, p in (("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99), ("p999", 0.999)):
            out["response_" + name] = self.percentile(p)
        return out


def reference_line(servers, rate):
    """One `Reference(...)` line as QueueingTheoryTests.swift writes it (repr: shortest
    round-trip form, as Swift prints a Double)."""
    q = Queue(servers, rate, 1 / SERVICE_MEAN)
    return (f"Reference(servers: {servers}, rate: {rate!r}, pWait: {q.p_wait!r}, "
            f"meanResponse: {q.mean_response!r}, p50: {q.percentile(0.5)!r}, p99: {q.percentile(0.99)!r}),")


def check(path):
    with open(path, encoding="utf-8") as f:
        committed = [line.strip() for line in f if line.strip().startswith("Reference(servers:")]
    expected = [reference_line(c, r) for c, r in CASES]
    ok = committed == expected
    for want, have in zip(expected, committed + [""] * len(expected)):
        if want != have:
            print(f"differs:\n  computed  {want}\n  committed {have or '(missing)'}")
    if len(committed) > len(expected):
        print(f"{len(committed) - len(expected)} committed line(s) this script does not compute")
        ok = False
    name = os.path.relpath(path)
    print(f"{name}: all {len(expected)} reference lines match" if ok else f"{name}: the reference lines differ")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", nargs="?", const=TEST_FILE, metavar="FILE",
                    help="compare with the committed lines (default: QueueingTheoryTests.swift)")
    ap.add_argument("--servers", type=int, help="c (1 for M/M/1)")
    ap.add_argument("--rate", type=float, help="arrivals per unit of time")
    ap.add_argument("--service-mean", type=float, default=SERVICE_MEAN, help="mean service time (default 0.01)")
    a = ap.parse_args()
    if a.check:
        return check(a.check)
    if a.servers is not None or a.rate is not None:
        if a.servers is None or a.rate is None:
            ap.error("--servers and --rate go together")
        print(json.dumps(Queue(a.servers, a.rate, 1 / a.service_mean).summary()))
        return 0
    for c, r in CASES:
        print(reference_line(c, r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
