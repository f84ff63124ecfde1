#!/bin/sh
# Data-parallel scaling (docs/distributed.md): env steps/s and wall-clock to solve, 1 and 2 ranks,
# OpenBLAS on one thread per rank, alternating 1 and 2 ranks. Each line is one JSON object from
# `credo-compare solve-ranks` (rank 0), preceded by the load average when it started. MPIRUN_FLAGS
# adds mpirun options (e.g. "--bind-to core"; "--mca mpi_yield_when_idle 1").
# Ends with the medians over the seeds of steps/s and wall-clock per workload, and 2 ranks over 1.
# Usage: bench/data_parallel.sh [seeds]   (about 30 s per seed on a quiet machine)
set -eu
BIN=${BIN:-.build/release/credo-compare}
SEEDS=${1:-"0 1 2"}
ROOT=""; [ "$(id -u)" = 0 ] && ROOT="--allow-run-as-root"
export OPENBLAS_NUM_THREADS=1
run() {  # ranks, then solve-ranks arguments
    ranks=$1; shift
    printf '{"ranks": %s, "load_average": "%s"}\n' "$ranks" "$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$ranks" = 1 ]; then "$BIN" solve-ranks "$@"; else mpirun $ROOT ${MPIRUN_FLAGS:-} -np "$ranks" "$BIN" solve-ranks "$@"; fi
}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
for seed in $SEEDS; do
    for ranks in 1 2; do
        # Throughput at a fixed budget: 8 copies x 16 steps per rank (not split), no preset.
        run $ranks --env cartpole --estimator a2c --no-preset --seed "$seed" --max-steps 200000 --set environmentSplit=off | tee -a "$LOG"
        # To solve, with the best estimator and its preset (envs/cartpole.json, envs/lunarlander.json);
        # under 2 ranks the preset's copies are split (environmentSplit auto): the one-rank run's batch.
        run $ranks --env cartpole --estimator ppo --seed "$seed" --max-seconds 300 | tee -a "$LOG"
        run $ranks --env lunarlander --estimator ppo --seed "$seed" --max-steps 3000000 --max-seconds 900 | tee -a "$LOG"
    done
done
python3 - "$LOG" <<'PY'
import json, re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    if "what" not in d:
        continue
    workload = re.sub(r", seed \d+, \d+ rank\(s\)", "", d["what"])
    runs.setdefault(workload, {}).setdefault(d["ranks"], []).append(d)
print("medians over the seeds: steps/s and seconds (solved runs / runs)")
for workload, by in runs.items():
    if 1 not in by or 2 not in by:
        continue
    rate = {n: statistics.median(r["steps_per_second"] for r in by[n]) for n in (1, 2)}
    wall = {n: statistics.median(r["value"] for r in by[n]) for n in (1, 2)}
    solved = {n: f'{sum(r["solved"] for r in by[n])}/{len(by[n])}' for n in (1, 2)}
    print(f"{workload}: 1 rank {rate[1]:,.0f} steps/s, {wall[1]:.2f} s ({solved[1]}); "
          f"2 ranks {rate[2]:,.0f} steps/s, {wall[2]:.2f} s ({solved[2]}); "
          f"steps/s x{rate[2] / rate[1]:.2f}, wall-clock x{wall[1] / wall[2]:.2f} (2 ranks take {wall[2] / wall[1]:.2f} of 1)")
PY
