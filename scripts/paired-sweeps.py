#!/usr/bin/env python3
"""Paired comparison of two rl-sweep folders that ran the same environment, estimator and
seeds with one setting changed (e.g. sobolev-q with sobolevBeta 1 against 0):

    scripts/paired-sweeps.py SWEEP_A SWEEP_B ENV ESTIMATOR [--goal -200] [--window 10]

Only runs whose sweep status is `finished` count. Per seed, from each run's metrics.csv (episode rows): the mean return of the last `window`
episodes of the run ("final"), and the first environment step at which the mean of `window`
consecutive episodes reached `goal` (the zoo's Pendulum criterion with window 10, goal -200).
Then, over the seeds both folders finished, the mean paired difference A - B of "final" with a
95% Student-t interval and a 95% percentile bootstrap interval (10 000 resamples of the seeds,
seeded), the sign count, the same t interval for the paired difference of steps to the goal,
and each side's success count with its Wilson 95% interval.
Standard library only.
"""
import argparse
import csv
import json
import math
import os
import random
import statistics
import sys

T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 19: 2.093, 29: 2.045}


def episodes(path):
    with open(path, newline="") as f:
        return [(int(r["env_steps"]), float(r["episode_return"])) for r in csv.DictReader(f)
                if r["kind"] == "episode" and r["episode_return"]]


def summary(run, goal, window):
    rows = episodes(os.path.join(run, "metrics.csv"))
    if len(rows) < window:
        return None
    final = statistics.fmean(r for _, r in rows[-window:])
    reached = next((rows[i][0] for i in range(window - 1, len(rows))
                    if statistics.fmean(r for _, r in rows[i - window + 1:i + 1]) >= goal), None)
    return {"final": final, "reached": reached, "steps": rows[-1][0], "episodes": len(rows)}


def wilson(k, n, z=1.959964):
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a"); parser.add_argument("b"); parser.add_argument("env"); parser.add_argument("estimator")
    parser.add_argument("--goal", type=float, default=-200); parser.add_argument("--window", type=int, default=10)
    args = parser.parse_args()
    runs = {}
    for side, folder in (("A", args.a), ("B", args.b)):
        base = os.path.join(folder, args.env, args.estimator)
        if not os.path.isdir(base):
            sys.exit(f"paired-sweeps: {base} does not exist (give sweep folders of rl-sweep)")
        for name in os.listdir(base):
            status = os.path.join(folder, "status", f"{args.env}-{args.estimator}-{name}.json")
            try:
                with open(status) as f:
                    finished = json.load(f).get("state") == "finished"
            except (OSError, ValueError):
                finished = False
            if name.startswith("seed-") and finished:
                result = summary(os.path.join(base, name), args.goal, args.window)
                if result:
                    runs.setdefault(int(name[5:]), {})[side] = result
    seeds = sorted(s for s, v in runs.items() if len(v) == 2)
    if not seeds:
        sys.exit("paired-sweeps: no seed has runs in both folders")
    print(f"| seed | A: steps to {args.goal:g} | A: last-{args.window} mean | B: steps to {args.goal:g} | "
          f"B: last-{args.window} mean | A − B |")
    print("|---|---:|---:|---:|---:|---:|")
    diffs = []
    for s in seeds:
        a, b = runs[s]["A"], runs[s]["B"]
        diffs.append(a["final"] - b["final"])
        cell = lambda r: f"{r['reached']:,}".replace(",", " ") if r["reached"] else f"— ({r['steps']})"  # noqa: E731
        print(f"| {s} | {cell(a)} | {a['final']:.1f} | {cell(b)} | {b['final']:.1f} | {diffs[-1]:+.1f} |")
    n = len(diffs)
    mean = statistics.fmean(diffs)
    line = f"\nmean paired difference A − B of the last-{args.window} mean over {n} seeds: {mean:+.1f}"
    if n > 1:
        se = statistics.stdev(diffs) / math.sqrt(n)
        t = T95.get(n - 1, 1.96 if n > 30 else 2.0)
        rng = random.Random(0)
        boots = sorted(statistics.fmean(rng.choice(diffs) for _ in range(n)) for _ in range(10_000))
        line += (f" (standard error {se:.1f}; 95% t interval [{mean - t * se:+.1f}, {mean + t * se:+.1f}]; "
                 f"95% bootstrap [{boots[249]:+.1f}, {boots[9749]:+.1f}])")
    print(line)
    print(f"A higher on {sum(d > 0 for d in diffs)} of {n} seeds, lower on {sum(d < 0 for d in diffs)}")
    steps = [runs[s]["A"]["reached"] - runs[s]["B"]["reached"] for s in seeds
             if runs[s]["A"]["reached"] and runs[s]["B"]["reached"]]
    if len(steps) > 1:
        m, se = statistics.fmean(steps), statistics.stdev(steps) / math.sqrt(len(steps))
        t = T95.get(len(steps) - 1, 2.0)
        print(f"steps to {args.goal:g}, A − B over the {len(steps)} seeds both reached it: mean {m:+.0f} "
              f"(standard error {se:.0f}; 95% t interval [{m - t * se:+.0f}, {m + t * se:+.0f}]); "
              f"A sooner on {sum(d < 0 for d in steps)}, later on {sum(d > 0 for d in steps)}")
    for side in ("A", "B"):
        k = sum(1 for s in seeds if runs[s][side]["reached"])
        lo, hi = wilson(k, n)
        print(f"{side}: reached {args.goal:g} on {k}/{n} seeds (Wilson 95% [{lo:.2f}, {hi:.2f}])")


if __name__ == "__main__":
    main()
