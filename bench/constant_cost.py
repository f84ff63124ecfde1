#!/usr/bin/env python3
"""Constant cost per update and per checkpoint: peak resident memory of `rl-train --estimator
relax` on CartPole after 100 k and after 2 M steps, and its throughput on a 200 k-step against a
2 M-step run, all with `--checkpoint-every 2000` (a checkpoint, a metrics flush and a redrawn
learning curve every 2000 steps). A cost that grows with the run's length shows as a higher peak
RSS or a lower steps/s on the long run.

    python3 bench/constant_cost.py [--rl-train .build/release/rl-train] [--long 2000000]

Python standard library only. Prints one line per run and a verdict against the targets of
issue 12: RSS within 2 MiB, steps/s within 10%. On a shared machine wall-clock throughput swings
with the other processes' load, so the throughput runs alternate (`--rounds`, short then long)
and the best of each length counts; steps per CPU-second (user + system time of the run) is
printed beside it, and is what a growing per-checkpoint cost would lower.
"""
import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time


def run(rl_train, steps, folder):
    """Runs one training to its end; returns (peak RSS in MiB, steps per second, steps per
    CPU-second, whether the peak RSS rose above earlier runs')."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    arguments = [rl_train, "--env", "cartpole", "--estimator", "relax", "--total-steps", str(steps),
                 "--checkpoint-every", "2000", "--run-dir", f"{folder}/run-{steps}", "--quiet", "--force"]
    start = time.monotonic()
    result = subprocess.run(arguments, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"constant_cost: {' '.join(arguments)} failed ({result.returncode}): {result.stderr}")
    # ru_maxrss of the children is the largest of any child so far: runs go shortest first, so
    # each reading is this run's own peak unless an earlier, shorter run peaked higher.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    rate = re.search(r"\((\d+) steps/s this session\)", result.stdout)
    steps_per_second = float(rate.group(1)) if rate else steps / seconds
    return peak / 1024, steps_per_second, steps / cpu, peak > before


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rl-train", default=".build/release/rl-train")
    parser.add_argument("--short", type=int, default=100_000, help="steps of the short RSS run")
    parser.add_argument("--medium", type=int, default=200_000, help="steps of the short throughput run")
    parser.add_argument("--long", type=int, default=2_000_000, help="steps of the long run (RSS and throughput)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating medium/long throughput rounds")
    options = parser.parse_args()
    rss, rates = {}, {options.medium: [], options.long: []}
    with tempfile.TemporaryDirectory(prefix="credo-constant-cost-") as folder:
        plan = [options.short] + [steps for _ in range(options.rounds) for steps in (options.medium, options.long)]
        for steps in plan:
            peak, rate, cpu_rate, grew = run(options.rl_train, steps, folder)
            rss[steps] = max(rss.get(steps, 0), peak)
            if steps in rates:
                rates[steps].append((rate, cpu_rate))
            note = "" if grew or steps == options.short else " (peak not above an earlier run's)"
            print(f"relax cartpole {steps:>9} steps, --checkpoint-every 2000: peak RSS {peak:6.1f} MiB{note}, "
                  f"{rate:8.0f} steps/s, {cpu_rate:8.0f} steps per CPU-second", flush=True)
    rss_growth = rss[options.long] - rss[options.short]
    best = {steps: max(r for r, _ in values) for steps, values in rates.items()}
    best_cpu = {steps: max(c for _, c in values) for steps, values in rates.items()}
    change = best[options.long] / best[options.medium] - 1
    cpu_change = best_cpu[options.long] / best_cpu[options.medium] - 1
    print(f"peak RSS {options.short} -> {options.long} steps: {rss[options.short]:.1f} -> {rss[options.long]:.1f} MiB, "
          f"{rss_growth:+.1f} MiB (target within ±2 MiB): " + ("ok" if abs(rss_growth) <= 2 else "FAIL"))
    print(f"best steps/s {options.medium} -> {options.long} steps: {best[options.medium]:.0f} -> {best[options.long]:.0f}, "
          f"{100 * change:+.1f}% (target within ±10%): " + ("ok" if abs(change) <= 0.10 else "FAIL"))
    print(f"best steps per CPU-second {options.medium} -> {options.long} steps: {best_cpu[options.medium]:.0f} -> "
          f"{best_cpu[options.long]:.0f}, {100 * cpu_change:+.1f}% (a growing cost would lower it by more than 10%): "
          + ("ok" if cpu_change >= -0.10 else "FAIL"))


if __name__ == "__main__":
    main()
