#!/bin/sh
# Data-parallel scaling (docs/distributed.md): env steps/s and wall-clock to solve, 1 and 2 ranks,
# OpenBLAS on one thread per rank. Each line is one JSON object from `credo-compare solve-ranks`
# (rank 0), preceded by the load average when it started. Usage: bench/data_parallel.sh [seeds]
set -eu
BIN=${BIN:-.build/release/credo-compare}
SEEDS=${1:-"0 1 2"}
ROOT=""; [ "$(id -u)" = 0 ] && ROOT="--allow-run-as-root"
export OPENBLAS_NUM_THREADS=1
run() {  # ranks, then solve-ranks arguments
    ranks=$1; shift
    printf '{"load_average": "%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$ranks" = 1 ]; then "$BIN" solve-ranks "$@"; else mpirun $ROOT -np "$ranks" "$BIN" solve-ranks "$@"; fi
}
for seed in $SEEDS; do
    for ranks in 1 2; do
        run $ranks --env cartpole --estimator a2c --seed "$seed" --max-seconds 300
        run $ranks --env cartpole --estimator a2c --no-preset --seed "$seed" --max-steps 200000
        run $ranks --env lunarlander --estimator a2c --seed "$seed" --max-steps 3000000 --max-seconds 900
    done
done
