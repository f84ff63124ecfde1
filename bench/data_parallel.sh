#!/bin/sh
# Data-parallel scaling (docs/distributed.md): env steps/s and wall-clock to solve, 1 and 2 ranks,
# OpenBLAS on one thread per rank, alternating 1 and 2 ranks. Each line is one JSON object from
# `credo-compare solve-ranks` (rank 0), preceded by the load average when it started.
# Usage: bench/data_parallel.sh [seeds]   (about 5 minutes for seeds 0 1 2 on a quiet machine)
set -eu
BIN=${BIN:-.build/release/credo-compare}
SEEDS=${1:-"0 1 2"}
ROOT=""; [ "$(id -u)" = 0 ] && ROOT="--allow-run-as-root"
export OPENBLAS_NUM_THREADS=1
run() {  # ranks, then solve-ranks arguments
    ranks=$1; shift
    printf '{"ranks": %s, "load_average": "%s"}\n' "$ranks" "$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$ranks" = 1 ]; then "$BIN" solve-ranks "$@"; else mpirun $ROOT -np "$ranks" "$BIN" solve-ranks "$@"; fi
}
for seed in $SEEDS; do
    for ranks in 1 2; do
        # Throughput at a fixed budget: 8 copies x 16 steps per rank, no preset.
        run $ranks --env cartpole --estimator a2c --no-preset --seed "$seed" --max-steps 200000
        # To solve, with the best estimator and its preset (envs/cartpole.json, envs/lunarlander.json).
        run $ranks --env cartpole --estimator ppo --seed "$seed" --max-seconds 300
        run $ranks --env lunarlander --estimator ppo --seed "$seed" --max-steps 3000000 --max-seconds 900
    done
done
