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
printed beside it. Both still move with the load (by a factor of four on a loaded two-core
machine: the OpenBLAS worker thread spins on sched_yield while it waits for a core), so
`--single-thread` also measures the CPU time per environment step of a 200 k and a 2 M run with
OpenBLAS on one thread, which waiting does not inflate, and which a growing per-checkpoint cost
would raise.
"""
import argparse
import os
import re
import resource
import statistics
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


def single_thread_cpu_per_step(rl_train, steps, folder):
    """Microseconds of CPU time (user + system) per environment step of one run with OpenBLAS on
    one thread, so no worker thread spins while it waits."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_utime + usage.ru_stime
    arguments = [rl_train, "--env", "cartpole", "--estimator", "relax", "--total-steps", str(steps), "--checkpoint-every", "2000",
                 "--run-dir", f"{folder}/single-{steps}", "--quiet", "--force"]
    result = subprocess.run(arguments, capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
    if result.returncode != 0:
        sys.exit(f"constant_cost: {' '.join(arguments)} failed ({result.returncode}): {result.stderr}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime - before) / steps * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rl-train", default=".build/release/rl-train")
    parser.add_argument("--short", type=int, default=100_000, help="steps of the short RSS run")
    parser.add_argument("--medium", type=int, default=200_000, help="steps of the short throughput run")
    parser.add_argument("--long", type=int, default=2_000_000, help="steps of the long run (RSS and throughput)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating medium/long throughput rounds")
    parser.add_argument("--single-thread", action="store_true", help="also measure CPU time per step, OpenBLAS on one thread")
    parser.add_argument("--only-single-thread", action="store_true", help="measure CPU time per step only")
    options = parser.parse_args()
    if options.single_thread or options.only_single_thread:
        with tempfile.TemporaryDirectory(prefix="credo-constant-cost-") as folder:
            per_step = {steps: single_thread_cpu_per_step(options.rl_train, steps, folder) for steps in (options.medium, options.long)}
        for steps, micros in per_step.items():
            print(f"relax cartpole {steps:>9} steps, --checkpoint-every 2000, OpenBLAS on 1 thread: "
                  f"{micros:.1f} µs CPU per step ({1e6 / micros:.0f} steps per CPU-second)")
        change = per_step[options.long] / per_step[options.medium] - 1
        print(f"CPU time per step {options.medium} -> {options.long} steps: {100 * change:+.1f}% "
              "(target: no more than 10% above): " + ("ok" if change <= 0.10 else "FAIL"), flush=True)
        if options.only_single_thread:
            return
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
    median = {steps: statistics.median(r for r, _ in values) for steps, values in rates.items()}
    median_change = median[options.long] / median[options.medium] - 1
    print(f"best steps/s {options.medium} -> {options.long} steps: {best[options.medium]:.0f} -> {best[options.long]:.0f}, "
          f"{100 * change:+.1f}%")
    # The verdict uses the median of the rounds: on a shared machine one fast or slow outlier
    # moves the best by more than the 10% the target allows, in either direction.
    print(f"median steps/s {options.medium} -> {options.long} steps over {options.rounds} rounds: "
          f"{median[options.medium]:.0f} -> {median[options.long]:.0f}, {100 * median_change:+.1f}% "
          "(target within ±10%): " + ("ok" if abs(median_change) <= 0.10 else "FAIL"))
    print(f"best steps per CPU-second {options.medium} -> {options.long} steps: {best_cpu[options.medium]:.0f} -> "
          f"{best_cpu[options.long]:.0f}, {100 * cpu_change:+.1f}% (a growing cost would lower it by more than 10%): "
          + ("ok" if cpu_change >= -0.10 else "FAIL"))


if __name__ == "__main__":
    main()
