#!/usr/bin/env python3
"""Constant cost per update and per checkpoint: peak resident memory of `rl-train --estimator
relax` on CartPole after 100 k and after 2 M steps, and its throughput on a 200 k-step against a
2 M-step run, all with `--checkpoint-every 2000` (a checkpoint, a metrics flush and a redrawn
learning curve every 2000 steps). A cost that grows with the run's length shows as a higher peak
RSS or a lower steps/s on the long run.

    python3 bench/constant_cost.py [--rl-train .build/release/rl-train] [--long 2000000]

Python standard library only. Prints one line per run and a verdict against the targets of
issue 12: RSS within 2 MiB, steps/s within 10%.
"""
import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time


def run(rl_train, steps, folder):
    """Runs one training to its end; returns (peak RSS in MiB, steps per second)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    arguments = [rl_train, "--env", "cartpole", "--estimator", "relax", "--total-steps", str(steps),
                 "--checkpoint-every", "2000", "--run-dir", f"{folder}/run-{steps}", "--quiet"]
    start = time.monotonic()
    result = subprocess.run(arguments, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"constant_cost: {' '.join(arguments)} failed ({result.returncode}): {result.stderr}")
    # ru_maxrss of the children is the largest of any child so far: runs go shortest first, so
    # each reading is this run's own peak unless an earlier, shorter run peaked higher.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rate = re.search(r"\((\d+) steps/s this session\)", result.stdout)
    steps_per_second = float(rate.group(1)) if rate else steps / seconds
    return peak / 1024, steps_per_second, peak > before


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rl-train", default=".build/release/rl-train")
    parser.add_argument("--short", type=int, default=100_000, help="steps of the short RSS run")
    parser.add_argument("--medium", type=int, default=200_000, help="steps of the short throughput run")
    parser.add_argument("--long", type=int, default=2_000_000, help="steps of the long run (RSS and throughput)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="credo-constant-cost-") as folder:
        results = {}
        for steps in (options.short, options.medium, options.long):
            rss, rate, grew = run(options.rl_train, steps, folder)
            results[steps] = (rss, rate)
            note = "" if grew or steps == options.short else " (peak not above the shorter run's)"
            print(f"relax cartpole {steps:>9} steps, --checkpoint-every 2000: peak RSS {rss:6.1f} MiB{note}, {rate:8.0f} steps/s")
    rss_growth = results[options.long][0] - results[options.short][0]
    rate_change = results[options.long][1] / results[options.medium][1] - 1
    print(f"peak RSS {options.short} -> {options.long} steps: {rss_growth:+.1f} MiB (target within ±2 MiB): "
          + ("ok" if abs(rss_growth) <= 2 else "FAIL"))
    print(f"steps/s {options.medium} -> {options.long} steps: {100 * rate_change:+.1f}% (target within ±10%): "
          + ("ok" if abs(rate_change) <= 0.10 else "FAIL"))


if __name__ == "__main__":
    main()
