#!/usr/bin/env bash
# The speed-up of rl-sweep's --jobs 2 over --jobs 1 (release build): 3 estimators x 10 seeds on
# CartPole, alternating rounds, wall-clock seconds of each sweep and the medians.
#
# Usage: scripts/sweep-speedup.sh [ROUNDS] [TOTAL_STEPS]      (default 3 rounds, 20000 steps)
# With MPI=1, each round also times `mpirun -np 2 rl-sweep ... --jobs 1` (the ranks share the runs).
#
# Each line also gives the CPU seconds the sweep and its rl-train children used (user + system)
# and their ratio to the wall-clock, the cores the sweep actually had, and the load average: with
# --jobs 2 on an idle 2-core machine the ratio is near 2; near 1 means the machine's other work
# left it one core's worth (Linux's autogroup scheduler shares the CPU among sessions, not
# processes), and then no --jobs can be faster.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3} steps=${2:-20000}
swift build -c release --product rl-sweep >/dev/null
swift build -c release --product rl-train >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
declare -A times
timed() {  # timed LABEL COMMAND...: runs it, prints the line, appends the wall-clock to times[LABEL]
  local label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$scratch/time" "$@" >/dev/null
  read -r wall user system < "$scratch/time"
  times[$label]="${times[$label]:-} $wall"
  echo "round $round $label: $wall s wall, $(echo "$user + $system" | bc) s CPU ($(echo "scale=2; ($user + $system) / $wall" | bc) cores), load $(cut -d' ' -f1 /proc/loadavg)"
}
for round in $(seq "$rounds"); do
  for jobs in 1 2; do
    timed "--jobs $jobs" .build/release/rl-sweep --envs cartpole --estimators a2c,reinforce,ppo --seeds 100-109 \
        --total-steps "$steps" --jobs "$jobs" --out "$scratch/jobs-$jobs-$round"
  done
  if [ "${MPI:-0}" = 1 ]; then
    timed "mpirun -np 2" mpirun -np 2 --allow-run-as-root --oversubscribe .build/release/rl-sweep --envs cartpole \
        --estimators a2c,reinforce,ppo --seeds 100-109 --total-steps "$steps" --jobs 1 --out "$scratch/mpi-$round"
  fi
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
one=$(echo "${times[--jobs 1]}" | median) two=$(echo "${times[--jobs 2]}" | median)
echo "median --jobs 1: $one s, --jobs 2: $two s, speed-up $(echo "scale=2; $one / $two" | bc)"
if [ "${MPI:-0}" = 1 ]; then echo "median mpirun -np 2 --jobs 1: $(echo "${times[mpirun -np 2]}" | median) s"; fi
