#!/usr/bin/env python3
"""Credo's side of `make bench`'s off-policy rows: trains one `rl-train` run (the environment's
preset, compiled in) until the mean return of the last 10 episodes reaches the goal (the zoo's
Pendulum criterion), then stops it, and prints one JSON line like bench/theirs.py's:

    python3 bench/credo_offpolicy.py --rl-train .build/release/rl-train --env pendulum --estimator sac \
        --seed 0 --goal -200 --window 10 --max-steps 20000 --max-seconds 300

How: `rl-train --checkpoint-every 1000` flushes `metrics.csv` at every checkpoint; this script
reads its episode rows every 0.2 s and sends SIGINT (rl-train writes a last checkpoint and exits)
once the goal is reached, the step budget is spent or --max-seconds have passed. `value` is the
run's own `wall_seconds` at the episode row where the last-10 mean first reached the goal (time
since the run began, checkpoints included), `steps` its `env_steps`. An unsolved run reports the
time and steps it spent (`solved` false, a lower bound) and its best last-10 mean. The run folder
is a fresh temporary folder, deleted afterwards. rl-train runs with OPENBLAS_NUM_THREADS=1 and
dies with this script (PR_SET_PDEATHSIG). With --goal inf (an environment without one, such as
gym:HalfCheetah-v5) the run takes its whole step budget; every record also has the mean of the
last --window episodes at the end (`final_rolling_return`), for comparisons at equal steps.
"""
import argparse
import csv
import ctypes
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """In the child before exec: SIGKILL it when this script dies (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def episodes(path):
    """(env_steps, episode_return, wall_seconds) of every complete episode row of metrics.csv."""
    rows = []
    try:
        with open(path, newline="") as f:
            text = f.read()
    except OSError:
        return rows
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines = lines[:-1]  # a row being written
    for record in csv.DictReader(lines):
        if record.get("kind") == "episode" and record.get("episode_return"):
            rows.append((int(record["env_steps"]), float(record["episode_return"]), float(record["wall_seconds"] or 0)))
    return rows


def first_crossing(rows, goal, window):
    """(index, best mean): the first episode whose last-`window` mean reaches `goal` (or None)."""
    best = None
    for i in range(window - 1, len(rows)):
        mean = statistics.fmean(r[1] for r in rows[i - window + 1:i + 1])
        best = mean if best is None else max(best, mean)
        if mean >= goal:
            return i, best
    return None, best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rl-train", required=True)
    parser.add_argument("--env", default="pendulum")
    parser.add_argument("--estimator", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--goal", type=float, default=-200)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--max-steps", type=int, default=20_000)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--checkpoint-every", type=int, default=1000)
    args = parser.parse_args()
    if not os.access(args.rl_train, os.X_OK):
        sys.exit(f"credo_offpolicy: {args.rl_train} is not built (swift build -c release --product rl-train)")

    folder = tempfile.mkdtemp(prefix=f"credo-bench-{args.env}-{args.estimator}-")
    run_dir = os.path.join(folder, "run")
    command = [args.rl_train, "--env", args.env, "--estimator", args.estimator, "--seed", str(args.seed),
               "--total-steps", str(args.max_steps), "--checkpoint-every", str(args.checkpoint_every),
               "--run-dir", run_dir, "--quiet"]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             preexec_fn=die_with_parent)
    metrics = os.path.join(run_dir, "metrics.csv")
    crossing, best, rows = None, None, []
    try:
        while child.poll() is None:
            time.sleep(0.2)
            rows = episodes(metrics)
            crossing, best = first_crossing(rows, args.goal, args.window)
            if crossing is not None or time.perf_counter() - start > args.max_seconds:
                child.send_signal(signal.SIGINT)
                break
        _, stderr = child.communicate(timeout=120)
    except BaseException:
        child.kill()
        child.wait()
        raise
    rows = episodes(metrics)
    crossing, best = first_crossing(rows, args.goal, args.window)
    shutil.rmtree(folder, ignore_errors=True)
    if child.returncode not in (0, 130) and crossing is None:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        sys.exit(f"credo_offpolicy: rl-train exited {child.returncode}: {tail}")
    if crossing is not None:
        steps, _, seconds = rows[crossing]
    else:
        steps, seconds = (rows[-1][0], rows[-1][2]) if rows else (0, time.perf_counter() - start)
    print(json.dumps({"value": seconds, "unit": "s", "solved": crossing is not None, "steps": steps,
                      "episodes": len(rows), "best_rolling_return": best,
                      "final_rolling_return": statistics.fmean(r[1] for r in rows[-args.window:]) if rows else None,
                      "final_window": len(rows[-args.window:]),
                      "what": f"Credo rl-train {args.estimator} (its preset for {args.env}), seed {args.seed}, "
                              f"last-{args.window} mean >= {args.goal:g}"}), flush=True)


if __name__ == "__main__":
    main()
