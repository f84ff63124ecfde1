#!/usr/bin/env bash
# The speed-up of rl-sweep's --jobs 2 over --jobs 1 (release build): 3 estimators x 10 seeds on
# CartPole, alternating rounds, wall-clock seconds of each sweep and the medians.
#
# Usage: scripts/sweep-speedup.sh [ROUNDS] [TOTAL_STEPS]      (default 3 rounds, 20000 steps)
# With MPI=1, each round also times `mpirun -np 2 rl-sweep ... --jobs 1` (the ranks share the runs).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3} steps=${2:-20000}
swift build -c release --product rl-sweep >/dev/null
swift build -c release --product rl-train >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
declare -A times
for round in $(seq "$rounds"); do
  for jobs in 1 2; do
    start=$(date +%s.%N)
    .build/release/rl-sweep --envs cartpole --estimators a2c,reinforce,ppo --seeds 100-109 --total-steps "$steps" \
        --jobs "$jobs" --out "$scratch/jobs-$jobs-$round" >/dev/null
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    times[$jobs]="${times[$jobs]:-} $seconds"
    echo "round $round --jobs $jobs: $seconds s"
  done
  if [ "${MPI:-0}" = 1 ]; then
    start=$(date +%s.%N)
    mpirun -np 2 --allow-run-as-root --oversubscribe .build/release/rl-sweep --envs cartpole --estimators a2c,reinforce,ppo \
        --seeds 100-109 --total-steps "$steps" --jobs 1 --out "$scratch/mpi-$round" >/dev/null
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    times[mpi]="${times[mpi]:-} $seconds"
    echo "round $round mpirun -np 2 --jobs 1: $seconds s"
  fi
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
one=$(echo "${times[1]}" | median) two=$(echo "${times[2]}" | median)
echo "median --jobs 1: $one s, --jobs 2: $two s, speed-up $(echo "scale=2; $one / $two" | bc)"
if [ "${MPI:-0}" = 1 ]; then echo "median mpirun -np 2 --jobs 1: $(echo "${times[mpi]}" | median) s"; fi
