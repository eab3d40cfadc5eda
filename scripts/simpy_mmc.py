#!/usr/bin/env python3
"""The peer of scripts/bench-kernel.sh: perflab's `mmc` model written in SimPy.

    python3 scripts/simpy_mmc.py --servers 8 --arrival-rate 720 --service-mean 0.01 --duration 300 --seed 1
        prints one JSON object: {"engine": "simpy", "simpy_version", "customers" (completed),
        "wall_seconds" (of env.run only), "customers_per_second", "mean_response"}

The model is the FIFO M/M/c queue of the `mmc` preset: Poisson arrivals at --rate per
second, a `simpy.Resource` of --servers servers, exponential service of mean --service-mean
seconds, each customer a process that requests a server, holds it for its service time and
releases it. One `random.Random(seed)` draws every gap and service time.

Only `env.run(until=duration)` is timed: interpreter start-up, imports and set-up are left
out, which favours SimPy; bench-kernel.sh times perflab's whole process. Compare the two
rates measured in the same run of the script, not with figures from another day.

Needs: python3 -m pip install simpy
"""
import argparse
import json
import random
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--servers", type=int, default=8)
    ap.add_argument("--rate", "--arrival-rate", dest="rate", type=float, default=720.0,
                    help="arrivals per simulated second")
    ap.add_argument("--service-mean", type=float, default=0.01, help="seconds")
    ap.add_argument("--duration", type=float, default=300.0, help="simulated seconds")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    import simpy

    draw = random.Random(a.seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=a.servers)
    completed = 0
    total_response = 0.0

    def customer():
        nonlocal completed, total_response
        arrived = env.now
        with servers.request() as turn:
            yield turn
            yield env.timeout(draw.expovariate(1.0 / a.service_mean))
        completed += 1
        total_response += env.now - arrived

    def arrivals():
        while True:
            yield env.timeout(draw.expovariate(a.rate))
            env.process(customer())

    env.process(arrivals())
    start = time.perf_counter()
    env.run(until=a.duration)
    wall = time.perf_counter() - start
    print(json.dumps({"engine": "simpy", "simpy_version": simpy.__version__, "customers": completed,
                      "wall_seconds": wall, "customers_per_second": completed / wall,
                      "mean_response": total_response / max(completed, 1)}))


if __name__ == "__main__":
    main()
