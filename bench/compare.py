#!/usr/bin/env python3
"""`make bench`: Credo against Gymnasium, PyTorch and Stable-Baselines3 on the same machine, in
the same run, alternating, and one table of ratios.

    python3 bench/compare.py [--ours .build/release/credo-compare] [--python .build/bench-venv/bin/python]
                             [--rounds 3] [--seeds 0 1 2] [--out bench] [--quick]
                             [--rl-train .build/release/rl-train] [--pendulum-steps 20000] [--pendulum-seconds 400]
                             [--only offpolicy|gym-lunarlander]

Each workload runs as a subprocess per side and measurement: `credo-compare <workload> ...`
(Sources/credo-compare) for ours, `<python> bench/theirs.py <workload> ...` for theirs, with the
same arguments. Throughput workloads run `--rounds` times, the sides alternating and the order
flipping every round, and report the median; the solve workload runs every seed for every
trainer, interleaved. The off-policy rows (Pendulum to -200, the mean return of the last 10
episodes: Credo `sac` and `td3` with their presets, run as `rl-train` processes by
bench/credo_offpolicy.py, against SB3 SAC and TD3 with rl-baselines3-zoo's Pendulum-v1
settings) run every seed both sides, interleaved; `--only offpolicy` runs them alone and writes
`<out>/offpolicy-results.md` and `.json`. Every measurement is bounded: throughput samples by --seconds, solve runs
by --max-steps and --max-seconds (CartPole: 18 runs of at most 60 s; LunarLander: one run a side,
120 s for Credo and --lunarlander-seconds for SB3; so under 30 minutes in all, ~10 when every run solves,
on 2 cores), and each subprocess by a timeout. Writes `<out>/results.md` (workload, ours, theirs, ratio, target) and
`<out>/results.json` (every raw measurement and the machine). Standard library only, so it
runs without the benchmark's virtual environment; a side whose packages are missing is shown
as skipped with the reason.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_side(command, timeout):
    """Runs one measurement; returns its JSON record, or {"error": ...} / {"skipped": ...}."""
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError as error:
        return {"error": f"cannot start {command[0]} ({error})"}
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {done.returncode}: {tail}"}
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError as error:
        return {"error": f"unreadable output ({error}): {lines[-1][:200]}"}


class Sides:
    def __init__(self, ours, python, log):
        self.ours, self.python, self.log = ours, python, log

    def ours_cmd(self, args):
        return [self.ours] + args

    def theirs_cmd(self, args):
        return [self.python, os.path.join(HERE, "theirs.py")] + args

    def pair(self, label, ours_args, theirs_args, ours_first, timeout, ours_command=None):
        """One alternating pair of measurements (`ours_command`: a whole command for our side
        instead of `credo-compare <ours_args>`)."""
        order = [("ours", ours_command or self.ours_cmd(ours_args)), ("theirs", self.theirs_cmd(theirs_args))]
        if not ours_first:
            order.reverse()
        results = {}
        for side, command in order:
            start = time.perf_counter()
            results[side] = run_side(command, timeout)
            self.log(f"  {label:<34} {side:<6} {describe(results[side])}  ({time.perf_counter() - start:.1f} s)")
        return results["ours"], results["theirs"]


def describe(record):
    if "skipped" in record:
        return "skipped: " + record["skipped"]
    if "error" in record:
        return "error: " + record["error"]
    text = f"{record['value']:.6g} {record['unit']}"
    for key in ("load", "steps", "solved"):
        if key in record:
            text += f" {key}={record[key]}"
    return text


def rounds_of(sides, label, args, theirs_args, rounds, timeout=120):
    """`rounds` alternating pairs, the order flipping every round: the raw records per side."""
    samples = {"ours": [], "theirs": []}
    for r in range(rounds):
        ours, theirs = sides.pair(label, args, theirs_args, ours_first=(r % 2 == 0), timeout=timeout)
        samples["ours"].append(ours)
        samples["theirs"].append(theirs)
    return samples


def throughput(sides, name, label, args, theirs_args, rounds, higher_is_better, unit, target):
    """A workload measured `rounds` times per side; the row compares the medians."""
    return row(name, label, rounds_of(sides, label, args, theirs_args, rounds), "value", higher_is_better, unit, target)


def row(name, label, samples, key, higher_is_better, unit, target, aggregate=statistics.median):
    """A table row from raw samples: the aggregate of `key` per side and ours' advantage."""
    values, notes = {}, []
    for side in ("ours", "theirs"):
        good = [s[key] for s in samples[side] if key in s and "error" not in s and "skipped" not in s]
        if good and len(good) == len(samples[side]):
            values[side] = aggregate(good)
        else:
            bad = next((s for s in samples[side] if "error" in s or "skipped" in s), {"error": "no measurement"})
            notes.append(f"{side}: {describe(bad)}")
            values[side] = None
    ratio = None
    if values["ours"] and values["theirs"]:
        ratio = values["ours"] / values["theirs"] if higher_is_better else values["theirs"] / values["ours"]
    return {"name": name, "label": label, "unit": unit, "ours": values["ours"], "theirs": values["theirs"],
            "ratio": ratio, "target": target, "met": None if ratio is None or target is None else ratio >= target,
            "notes": notes, "samples": samples}


def solve_rows(sides, seeds, max_steps, max_seconds):
    """Time and env steps to solve CartPole: Credo a2c and relax, SB3 A2C and PPO, every seed,
    interleaved. A run that does not solve within its budget counts with the time and steps it
    spent (a lower bound) and is noted."""
    runs = {"a2c": [], "relax": [], "ppo": [], "A2C": [], "PPO": [], "PPO2": []}
    for i, seed in enumerate(seeds):
        common = ["--seed", str(seed), "--max-steps", str(max_steps), "--max-seconds", str(max_seconds)]
        for ours_name, theirs_name, first in (("a2c", "A2C", i % 2 == 0), ("relax", "PPO", i % 2 == 1),
                                              ("ppo", "PPO2", i % 2 == 0)):
            ours, theirs = sides.pair(f"solve CartPole, seed {seed}", ["solve", "--estimator", ours_name] + common,
                                      ["solve", "--algo", theirs_name.lower().rstrip("2")] + common, ours_first=first,
                                      timeout=max_seconds + 120)
            runs[ours_name].append(ours)
            runs[theirs_name].append(theirs)
    mean = statistics.fmean
    rows = []
    rows.append(row("solve-time-ppo-vs-ppo", "Solve CartPole: wall-clock, Credo ppo vs SB3 PPO",
                    {"ours": runs["ppo"], "theirs": runs["PPO2"]}, "value", False, "s", 10, mean))
    rows.append(row("solve-steps-ppo-vs-ppo", "Solve CartPole: env steps, Credo ppo vs SB3 PPO",
                    {"ours": runs["ppo"], "theirs": runs["PPO2"]}, "steps", False, "steps", None, mean))
    for ours_name in ("a2c", "relax"):
        rows.append(row(f"solve-time-{ours_name}-vs-ppo", f"Solve CartPole: wall-clock, Credo {ours_name} vs SB3 PPO",
                        {"ours": runs[ours_name], "theirs": runs["PPO"]}, "value", False, "s", 10, mean))
        rows.append(row(f"solve-steps-{ours_name}-vs-a2c", f"Solve CartPole: env steps, Credo {ours_name} vs SB3 A2C",
                        {"ours": runs[ours_name], "theirs": runs["A2C"]}, "steps", False, "steps", 1, mean))
        rows.append(row(f"solve-time-{ours_name}-vs-a2c", f"Solve CartPole: wall-clock, Credo {ours_name} vs SB3 A2C",
                        {"ours": runs[ours_name], "theirs": runs["A2C"]}, "value", False, "s", None, mean))
    for r in rows:
        for side in ("ours", "theirs"):
            unsolved = [s for s in r["samples"][side] if s.get("solved") is False]
            if unsolved:
                r["notes"].append(f"{side}: {len(unsolved)} of {len(seeds)} runs not solved within {max_steps} steps "
                                  f"or {max_seconds:g} s (the time and steps spent are counted)")
    return rows, runs


def lunarlander_rows(sides, seed, max_steps, ours_seconds, theirs_seconds, ours_env="lunarlander"):
    """Time and env steps to a rolling-100 mean of 200 on LunarLander: Credo ppo
    (envs/lunarlander.json; with ours_env="gym:LunarLander-v3", Gymnasium's own LunarLander-v3
    through the gym: bridge and envs/gym-LunarLander-v3.json) against SB3 PPO with
    rl-baselines3-zoo's LunarLander settings on Gymnasium's LunarLander-v3, one seed each side,
    each bounded by steps and seconds; an unsolved side shows its best rolling mean."""
    common = ["--seed", str(seed), "--max-steps", str(max_steps)]
    ours, theirs = sides.pair(f"solve LunarLander ({ours_env}), seed {seed}",
                              ["solve", "--estimator", "ppo", "--env", ours_env, "--max-seconds", str(ours_seconds)] + common,
                              ["solve", "--algo", "ppo", "--env", "lunarlander", "--max-seconds", str(theirs_seconds)] + common,
                              ours_first=True, timeout=max(ours_seconds, theirs_seconds) + 300)
    samples = {"ours": [ours], "theirs": [theirs]}
    key, title = ("lunarlander", "LunarLander") if ours_env == "lunarlander" else (f"gym-lunarlander-{seed}", f"{ours_env}, seed {seed},")
    rows = [row(f"{key}-time-ppo", f"{title} to 200: wall-clock, Credo ppo vs SB3 PPO (zoo)", samples, "value",
                False, "s", 20 if ours_env == "lunarlander" else 5, statistics.fmean),
            row(f"{key}-steps-ppo", f"{title} to 200: env steps, Credo ppo vs SB3 PPO (zoo)", samples, "steps",
                False, "steps", None, statistics.fmean)]
    for r in rows:
        for side, record in (("ours", ours), ("theirs", theirs)):
            if record.get("solved") is False:
                best = record.get("best_rolling_return")
                r["notes"].append(f"{side}: not solved within {max_steps} steps or its time budget; best rolling-100 "
                                  f"mean {best:.1f}" if isinstance(best, (int, float)) else f"{side}: not solved")
    return rows


def offpolicy_rows(sides, rl_train, seeds, max_steps, max_seconds):
    """Pendulum to -200 (mean return of the last 10 episodes, the zoo's criterion): Credo `sac`
    and `td3` with their presets (envs/pendulum.json, driven as `rl-train` processes by
    bench/credo_offpolicy.py) against SB3 SAC and TD3 with rl-baselines3-zoo's Pendulum-v1
    settings (torch on one thread), every seed both sides, interleaved, the order flipping.
    Unsolved runs count with the time and steps they spent and are noted."""
    runs = {"sac": [], "td3": [], "SAC": [], "TD3": []}
    for i, seed in enumerate(seeds):
        common = ["--seed", str(seed), "--max-steps", str(max_steps), "--max-seconds", str(max_seconds)]
        for j, (ours_name, theirs_name) in enumerate((("sac", "SAC"), ("td3", "TD3"))):
            ours_command = [sys.executable, os.path.join(HERE, "credo_offpolicy.py"), "--rl-train", rl_train,
                            "--env", "pendulum", "--estimator", ours_name, "--goal", "-200", "--window", "10"] + common
            ours, theirs = sides.pair(f"Pendulum to -200 {ours_name}, seed {seed}", None,
                                      ["solve-offpolicy", "--algo", ours_name, "--env", "pendulum"] + common,
                                      ours_first=(i + j) % 2 == 0, timeout=max_seconds + 180, ours_command=ours_command)
            runs[ours_name].append(ours)
            runs[theirs_name].append(theirs)
    rows = []
    mean = statistics.fmean
    for ours_name, theirs_name in (("sac", "SAC"), ("td3", "TD3")):
        samples = {"ours": runs[ours_name], "theirs": runs[theirs_name]}
        rows.append(row(f"pendulum-time-{ours_name}", f"Pendulum to -200: wall-clock, Credo {ours_name} vs SB3 {theirs_name} (zoo)",
                        samples, "value", False, "s", 20, mean))
        rows.append(row(f"pendulum-steps-{ours_name}", f"Pendulum to -200: env steps, Credo {ours_name} vs SB3 {theirs_name} (zoo)",
                        samples, "steps", False, "steps", 1 / 1.2, mean))
    for r in rows:
        for side in ("ours", "theirs"):
            unsolved = [s for s in r["samples"][side] if s.get("solved") is False]
            if unsolved:
                r["notes"].append(f"{side}: {len(unsolved)} of {len(seeds)} runs did not reach -200 within {max_steps} "
                                  f"steps or {max_seconds:g} s (the time and steps spent are counted)")
                if side == "ours" and r["met"]:
                    r["met"] = False  # a lower bound of ours cannot meet a target
                if side == "theirs" and r["met"] is False:
                    r["met"] = None  # theirs a lower bound: the ratio is one too, and may still reach the target
    return rows, runs


def per_seed_table(runs, seeds, names, digits, missed):
    """One row per trainer, one cell per seed: seconds and env steps to the goal (or why not)."""
    lines = ["| trainer | " + " | ".join(f"seed {s}" for s in seeds) + " |", "|---|" + "---:|" * len(seeds)]
    for key, records in runs.items():
        cells = []
        for record in records:
            if "value" not in record:
                cells.append(describe(record))
            else:
                mark = "" if record.get("solved", True) else f" ({missed})"
                cells.append(f"{record['value']:.{digits}f} s, {record.get('steps', 0) / 1e3:.1f} k steps{mark}")
        lines.append(f"| {names[key]} | " + " | ".join(cells) + " |")
    return lines


def offpolicy_table(runs, seeds):
    """Every Pendulum run: seconds and env steps to -200 per trainer and seed."""
    names = {"sac": "Credo sac (preset)", "td3": "Credo td3 (preset)", "SAC": "SB3 SAC (zoo)", "TD3": "SB3 TD3 (zoo)"}
    return per_seed_table(runs, seeds, names, 1, "not reached")


def solve_table(runs, seeds):
    """Every solve run: seconds and env steps per trainer and seed."""
    names = {"a2c": "Credo a2c", "relax": "Credo relax", "ppo": "Credo ppo", "A2C": "SB3 A2C (zoo)", "PPO": "SB3 PPO (zoo)",
             "PPO2": "SB3 PPO (zoo, against Credo ppo)"}
    return per_seed_table(runs, seeds, names, 2, "not solved")


def machine(started):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        swift = "swift: unknown"
    return {"date": started.strftime("%Y-%m-%d %H:%M UTC"),
            "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "os": platform.platform(), "swift": swift, "python": platform.python_version()}


def fmt(value, unit):
    if value is None:
        return "—"
    if unit == "steps/s":
        return f"{value / 1e6:.2f} M" if value >= 1e6 else f"{value / 1e3:.1f} k"
    if unit == "steps":
        return f"{value / 1e3:.1f} k"
    if unit in ("s", "ms", "us/step"):
        return f"{value:.3g} {'µs' if unit == 'us/step' else unit}"
    return f"{value:.4g}"


def markdown(rows, info, versions, elapsed, solve_lines=(), offpolicy_lines=()):
    lines = [
        "# Credo vs Gymnasium / PyTorch / Stable-Baselines3",
        "",
        f"Measured by `make bench` on {info['date']}: {info['cpu']}, {info['cores']} cores, "
        f"{info['memory_gib']} GiB, {info['os']}; {info['swift']}; Python {info['python']}"
        + (f", {versions}" if versions else "") + f". Whole run: {elapsed / 60:.1f} min.",
        "",
        "Ratio: how many times better Credo is (its rate over theirs; their time or steps over Credo's).",
        "Throughput rows: median of alternating rounds; solve rows: mean over seeds.",
        "",
        "| workload | Credo | theirs | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.1f}×" if r["ratio"] >= 10 else f"{r['ratio']:.2f}×"
        target = "" if r["target"] is None else f"≥ {r['target']:.3g}× " + ("✓" if r["met"] else "✗" if r["met"] is False else "")
        lines.append(f"| {r['label']} | {fmt(r['ours'], r['unit'])} | {fmt(r['theirs'], r['unit'])} | {ratio} | {target} |")
    if solve_lines:
        lines += ["", "Solving CartPole (mean return of the last 100 episodes ≥ 475), run by run: wall-clock from "
                  "building the agent, and environment steps.", ""] + list(solve_lines)
    if offpolicy_lines:
        lines += ["", "Pendulum to −200 (mean return of the last 10 episodes, the zoo's criterion), run by run: "
                  "wall-clock from the start of the run, and environment steps.", ""] + list(offpolicy_lines)
    notes = [f"- {r['label']}: {note}" for r in rows for note in r["notes"]]
    if notes:
        lines += ["", "Notes:", ""] + notes
    lines += ["", "Raw measurements (every round and seed) and what each side ran: `bench/results.json`.", ""]
    return "\n".join(lines)


def write_atomically(path, text):
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        f.write(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", default=os.path.join(ROOT, ".build/release/credo-compare"))
    venv_python = os.path.join(ROOT, ".build/bench-venv/bin/python")
    parser.add_argument("--python", default=venv_python if os.path.exists(venv_python) else sys.executable)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per throughput sample")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--max-steps", type=int, default=500_000, help="solve budget per run, env steps")
    parser.add_argument("--max-seconds", type=float, default=60, help="solve budget per run, wall-clock seconds")
    parser.add_argument("--lunarlander-seconds", type=float, default=400,
                        help="SB3 PPO's wall-clock budget to reach 200 on LunarLander (Credo's: 120 s; 0 skips the rows)")
    parser.add_argument("--rl-train", default=os.path.join(ROOT, ".build/release/rl-train"),
                        help="the rl-train of the off-policy rows (Credo sac and td3 on Pendulum)")
    parser.add_argument("--pendulum-steps", type=int, default=20_000, help="Pendulum budget per run, env steps")
    parser.add_argument("--pendulum-seconds", type=float, default=400,
                        help="Pendulum budget per run, wall-clock seconds (0 skips the off-policy rows)")
    parser.add_argument("--only", choices=["all", "offpolicy", "gym-lunarlander"], default="all",
                        help="offpolicy: only the Pendulum rows, written to <out>/offpolicy-results.md and .json; "
                             "gym-lunarlander: only Credo ppo on gym:LunarLander-v3 (the bridge) against SB3 PPO, "
                             "every --seeds, each side bounded by 1.5 M steps and --lunarlander-seconds, written to "
                             "<out>/gym-lunarlander-results.md and .json")
    parser.add_argument("--out", default=HERE)
    parser.add_argument("--quick", action="store_true", help="one round, 0.3 s samples, seed 0, 150k-step budget (a smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds, args.seeds, args.max_steps = 1, 0.3, [0], 150_000
    if args.only == "all" and not os.access(args.ours, os.X_OK):
        sys.exit(f"bench: {args.ours} is not built; run `swift build -c release` (or `make bench`) first")
    if args.only == "gym-lunarlander" and not os.access(args.ours, os.X_OK):
        sys.exit(f"bench: {args.ours} is not built; run `swift build -c release` (or `make bench`) first")
    if args.only != "gym-lunarlander" and args.pendulum_seconds > 0 and not os.access(args.rl_train, os.X_OK):
        sys.exit(f"bench: {args.rl_train} is not built; run `swift build -c release` (or `make bench`) first")

    started, start = datetime.datetime.now(datetime.timezone.utc), time.perf_counter()
    sides = Sides(args.ours, args.python, log=lambda text: print(text, flush=True))
    s = ["--seconds", str(args.seconds)]
    rows = []
    print(f"bench: ours {args.ours}; theirs {args.python} bench/theirs.py", flush=True)
    if args.only == "offpolicy":
        return offpolicy_only(sides, args, started, start)
    if args.only == "gym-lunarlander":
        return gym_lunarlander_only(sides, args, started, start)
    rows.append(throughput(sides, "cartpole-1", "CartPole env steps/s, 1 env (gym.make)",
                           ["cartpole", "--envs", "1"] + s, ["cartpole", "--envs", "1"] + s, args.rounds, True, "steps/s", 50))
    rows.append(throughput(sides, "cartpole-8-sync", "CartPole env steps/s, 8 envs (SyncVectorEnv)",
                           ["cartpole", "--envs", "8"] + s, ["cartpole", "--envs", "8", "--mode", "sync"] + s,
                           args.rounds, True, "steps/s", 50))
    rows.append(throughput(sides, "cartpole-8-vector", "CartPole env steps/s, 8 envs (numpy CartPoleVectorEnv)",
                           ["cartpole", "--envs", "8"] + s, ["cartpole", "--envs", "8", "--mode", "vector"] + s,
                           args.rounds, True, "steps/s", 50))
    rows.append(throughput(sides, "lunarlander", "LunarLander env steps/s (Box2D LunarLander-v3)",
                           ["lunarlander"] + s, ["lunarlander"] + s, args.rounds, True, "steps/s", 10))
    rows.append(throughput(sides, "mlp-64", "MLP 4→64→64→2 train step, batch 64, 1 thread (PyTorch)",
                           ["mlp", "--batch", "64"] + s, ["mlp", "--batch", "64"] + s, args.rounds, False, "us/step", 5))
    rows.append(throughput(sides, "mlp-256", "MLP 4→64→64→2 train step, batch 256, 1 thread (PyTorch)",
                           ["mlp", "--batch", "256"] + s, ["mlp", "--batch", "256"] + s, args.rounds, False, "us/step", None))
    more_rows, runs = solve_rows(sides, args.seeds, args.max_steps, args.max_seconds)
    rows += more_rows
    if args.lunarlander_seconds > 0:
        rows += lunarlander_rows(sides, 0, 1_000_000, 120, args.lunarlander_seconds)
    offpolicy_runs = None
    if args.pendulum_seconds > 0:
        more_rows, offpolicy_runs = offpolicy_rows(sides, args.rl_train, args.seeds, args.pendulum_steps,
                                                   args.pendulum_seconds)
        rows += more_rows
    samples = rounds_of(sides, "checkpoint", ["checkpoint"], ["checkpoint"], args.rounds, timeout=300)
    rows.append(row("checkpoint-save", "CartPole agent checkpoint save (HDF5 vs SB3 zip)", samples, "value", False, "ms", None))
    rows.append(row("checkpoint-load", "CartPole agent checkpoint load (HDF5 vs SB3 zip)", samples, "load", False, "ms", None))
    elapsed = time.perf_counter() - start

    info = machine(started)
    versions = {}
    for r in rows:
        for record in r["samples"]["theirs"]:
            versions.update({k: v for k, v in record.get("versions", {}).items() if k != "threads"})
    version_text = ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
    os.makedirs(args.out, exist_ok=True)
    text = markdown(rows, info, version_text, elapsed, solve_table(runs, args.seeds),
                    offpolicy_table(offpolicy_runs, args.seeds) if offpolicy_runs else ())
    write_atomically(os.path.join(args.out, "results.md"), text)
    write_atomically(os.path.join(args.out, "results.json"),
                     json.dumps({"machine": info, "versions": versions, "seconds": elapsed, "arguments": vars(args),
                                 "rows": rows}, indent=1) + "\n")
    print(text)
    print(f"bench: wrote {os.path.join(args.out, 'results.md')} and results.json")


def write_subset(rows, args, started, start, name, title, *extra):
    """Writes a `--only` subset's rows to <out>/<name>-results.md and .json under `title`
    (`extra`: further markdown sections, as `markdown` takes them) and prints the table."""
    elapsed = time.perf_counter() - start
    info = machine(started)
    versions = {}
    for r in rows:
        for record in r["samples"]["theirs"]:
            versions.update({k: v for k, v in record.get("versions", {}).items() if k != "threads"})
    version_text = ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
    text = markdown(rows, info, version_text, elapsed, (), *extra)
    text = text.replace("# Credo vs Gymnasium / PyTorch / Stable-Baselines3", title, 1)
    text = text.replace("`bench/results.json`", f"`bench/{name}-results.json`")
    os.makedirs(args.out, exist_ok=True)
    write_atomically(os.path.join(args.out, f"{name}-results.md"), text)
    write_atomically(os.path.join(args.out, f"{name}-results.json"),
                     json.dumps({"machine": info, "versions": versions, "seconds": elapsed, "arguments": vars(args),
                                 "rows": rows}, indent=1) + "\n")
    print(text)
    print(f"bench: wrote {os.path.join(args.out, name + '-results.md')} and {name}-results.json")


def offpolicy_only(sides, args, started, start):
    """`--only offpolicy`: the Pendulum rows alone, in <out>/offpolicy-results.md and .json."""
    rows, runs = offpolicy_rows(sides, args.rl_train, args.seeds, args.pendulum_steps, args.pendulum_seconds)
    write_subset(rows, args, started, start, "offpolicy", "# Credo sac/td3 vs SB3 SAC/TD3 on Pendulum-v1",
                 offpolicy_table(runs, args.seeds))


def gym_lunarlander_only(sides, args, started, start):
    """`--only gym-lunarlander`: Credo ppo on Gymnasium's LunarLander-v3 through the gym: bridge
    (its workers run --python, passed as CREDO_PYTHON unless that is set) against SB3 PPO (zoo) on
    the same environment and seed, every --seeds, in <out>/gym-lunarlander-results.md and .json."""
    os.environ.setdefault("CREDO_PYTHON", args.python)
    rows = []
    for seed in args.seeds:
        rows += lunarlander_rows(sides, seed, 1_500_000, args.lunarlander_seconds, args.lunarlander_seconds,
                                 ours_env="gym:LunarLander-v3")
    write_subset(rows, args, started, start, "gym-lunarlander",
                 "# Credo ppo (gym:LunarLander-v3) vs SB3 PPO on Gymnasium's LunarLander-v3")

if __name__ == "__main__":
    main()
