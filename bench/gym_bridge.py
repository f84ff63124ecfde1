#!/usr/bin/env python3
"""Throughput of Gymnasium environments through Credo's gym: bridge against Gymnasium's own
SyncVectorEnv and AsyncVectorEnv, random policy, in the same run (make bench-gym).

For each environment and N copies, rounds alternate Credo (`credo-compare gym`: GymVectorEnvironment
with 1 worker and with min(N, cores) workers), SyncVectorEnv (in this process) and AsyncVectorEnv (N processes, shared
memory); the table gives the median environment steps/s over the rounds. The round trip is one
vector step of N = 1 no-op copy (bench/credo_gym_noop.py) through the bridge, minus the same no-op
stepped directly in Python.

    python bench/gym_bridge.py --credo .build/release/credo-compare [--rounds 3] [--seconds 1.5]

Run it with an interpreter that has gymnasium[box2d] (.build/gym-venv/bin/python); it passes the
same interpreter to `credo-compare gym`.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import gymnasium as gym
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def gymnasium_rate(kind, env_id, n, seconds):
    make = [lambda: gym.make(env_id) for _ in range(n)]
    envs = gym.vector.SyncVectorEnv(make) if kind == "sync" else gym.vector.AsyncVectorEnv(make)
    envs.reset(seed=0)
    rng = np.random.default_rng(1)
    actions = rng.integers(0, envs.single_action_space.n, size=(1000, n))
    for t in range(50):
        envs.step(actions[t])
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(20):
            envs.step(actions[steps % 1000])
            steps += 1
    elapsed = time.perf_counter() - start
    envs.close()
    return steps * n / elapsed


def credo_rate(binary, env_id, n, seconds, workers=None):
    extra = ["--workers", str(workers)] if workers else []
    out = subprocess.run([binary, "gym", "--id", env_id, "--copies", str(n), "--seconds", str(seconds), "--python", sys.executable] + extra,
                         check=True, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=HERE)).stdout
    return json.loads(out.strip().splitlines()[-1])


def direct_noop_microseconds(seconds):
    sys.path.insert(0, HERE)
    import credo_gym_noop  # noqa: F401  (registers Noop-v0)
    env = gym.make("credo_gym_noop:Noop-v0")
    env.reset(seed=0)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(100):
            env.step(0)
        steps += 100
    return (time.perf_counter() - start) / steps * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--credo", default=".build/release/credo-compare")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--envs", default="CartPole-v1,LunarLander-v3")
    parser.add_argument("--copies", default="1,8,16")
    parser.add_argument("--out", default=os.path.join(HERE, "gym-results.md"))
    args = parser.parse_args()
    rows, raw = [], []
    for env_id in args.envs.split(","):
        for n in [int(c) for c in args.copies.split(",")]:
            cores = os.cpu_count() or 1
            counts = sorted({1, min(n, cores)})
            rates = {**{f"credo W={w}": [] for w in counts}, "sync": [], "async": []}
            for _ in range(args.rounds):
                for w in counts:
                    rates[f"credo W={w}"].append(credo_rate(args.credo, env_id, n, args.seconds, w)["steps_per_second"])
                rates["sync"].append(gymnasium_rate("sync", env_id, n, args.seconds))
                rates["async"].append(gymnasium_rate("async", env_id, n, args.seconds))
            median = {k: statistics.median(v) for k, v in rates.items()}
            raw.append({"id": env_id, "copies": n, "rates": rates, "median": median})
            best = max(median["sync"], median["async"])
            one, many = median["credo W=1"], median[f"credo W={counts[-1]}"]
            rows.append(f"| {env_id} | {n} | {one:,.0f} | " + (f"{many:,.0f}" if len(counts) > 1 else "–")
                        + f" | {median['sync']:,.0f} | {median['async']:,.0f} | {max(one, many) / best:.2f} |")
            print(rows[-1], flush=True)
    noop = [credo_rate(args.credo, "credo_gym_noop:Noop-v0", 1, args.seconds)["microseconds_per_vector_step"]
            for _ in range(args.rounds)]
    direct = [direct_noop_microseconds(args.seconds) for _ in range(args.rounds)]
    round_trip = statistics.median(noop) - statistics.median(direct)
    lines = [
        f"Random policy, environment steps/s (median of {args.rounds} alternating rounds of {args.seconds} s each); "
        f"Credo's gym: vector environment with 1 and with one worker per core against Gymnasium {gym.__version__}'s SyncVectorEnv and "
        f"AsyncVectorEnv (N processes); {os.cpu_count()} cores.",
        "",
        f"| environment | N | Credo gym:, 1 worker | Credo gym:, {os.cpu_count()} workers | SyncVectorEnv | AsyncVectorEnv "
        "| Credo's better / Gymnasium's faster |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Round trip of the bridge (one no-op copy, N = 1): {statistics.median(noop):.1f} µs per vector step through "
        f"the bridge, {statistics.median(direct):.1f} µs stepped directly in Python: {round_trip:.1f} µs per round trip.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.out, "w") as f:
        f.write(text)
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump({"rows": raw, "noop_bridge_us": noop, "noop_direct_us": direct, "round_trip_us": round_trip}, f, indent=1)


if __name__ == "__main__":
    main()
