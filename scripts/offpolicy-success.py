#!/usr/bin/env python3
"""Success rate of one rl-train configuration over seeds, by the zoo's criterion.

Runs `.build/release/rl-train --env ENV --estimator EST --seed S --total-steps N --quiet` once per
seed (its preset applies; extra arguments pass through, e.g. --set sobolevBeta=0), JOBS at a time,
each with OPENBLAS_NUM_THREADS=1 and its own run directory, then reads metrics.csv's episode rows:
a seed succeeds when the mean return of 10 consecutive episodes reaches GOAL within N steps
(the first such step is printed), and the final mean of the last 10 episodes is printed too.

Usage: scripts/offpolicy-success.py ENV EST GOAL N "SEEDS" [JOBS] [-- rl-train args...]
  e.g. scripts/offpolicy-success.py pendulum sac -200 20000 "100 101 102" 2
"""
import csv, os, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor

def main():
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    env, est, goal, steps, seeds = argv[0], argv[1], float(argv[2]), int(argv[3]), argv[4].split()
    jobs = int(argv[5]) if len(argv) > 5 else 1
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    exe = os.path.join(root, ".build/release/rl-train")
    base = tempfile.mkdtemp(prefix=f"offpolicy-{env}-{est}-")

    def run(seed):
        rd = os.path.join(base, f"seed{seed}")
        cmd = [exe, "--env", env, "--estimator", est, "--seed", seed, "--total-steps", str(steps),
               "--quiet", "--run-dir", rd] + extra
        t0 = time.time()
        p = subprocess.run(cmd, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}, capture_output=True, text=True)
        wall = time.time() - t0
        if p.returncode != 0:
            return seed, None, None, wall, p.stderr.strip()[-300:]
        rows = [r for r in csv.DictReader(open(os.path.join(rd, "metrics.csv"))) if r["kind"] == "episode"]
        rets = [float(r["episode_return"]) for r in rows]
        first = next((int(rows[i]["env_steps"]) for i in range(9, len(rows))
                      if sum(rets[i - 9:i + 1]) / 10 >= goal), None)
        final = sum(rets[-10:]) / len(rets[-10:]) if rets else float("nan")
        return seed, first, final, wall, ""

    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(run, seeds))
    ok = 0
    for seed, first, final, wall, err in results:
        if err or final is None:
            print(f"seed {seed}: FAILED {err}")
            continue
        ok += first is not None
        print(f"seed {seed}: {'reached' if first else 'missed '} {goal:g} "
              f"{'at ' + str(first) + ' steps' if first else ''}; last-10 mean {final:.1f} at {steps}; {wall:.0f} s",
              flush=True)
    finals = sum(1 for r in results if r[2] is not None and r[2] >= goal)
    print(f"{env} {est} {' '.join(extra)}: reached {ok}/{len(seeds)}, final last-10 mean >= {goal:g} in {finals}/{len(seeds)} (runs in {base})")

if __name__ == "__main__":
    main()
