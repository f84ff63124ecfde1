#!/usr/bin/env bash
# Success rate of one estimator over seeds: one credo-agents-bench run per seed (release build),
# each stopping at the first rolling-100 mean return >= GOAL or after MAX_STEPS environment steps.
#
# Usage: scripts/success-rate.sh ESTIMATOR ENV GOAL MAX_STEPS "SEEDS" [--<TrainingConfig field> VALUE ...]
#   e.g. scripts/success-rate.sh sobolev cartpole-continuous 400 200000 "100 101 102 103 104 105 106 107 108 109"
# Prints one RESULT line per seed, then "solved K/N".
set -euo pipefail
cd "$(dirname "$0")/.."
estimator=$1 env=$2 goal=$3 max=$4 seeds=$5
shift 5
bench=.build/release/credo-agents-bench
[ -x "$bench" ] || swift build -c release --product credo-agents-bench >/dev/null
solved=0 total=0
for s in $seeds; do
  line=$("$bench" --estimator "$estimator" --environment "$env" --seed "$s" --goal "$goal" --max-steps "$max" \
           --every 1000000000 "$@" | grep '^RESULT')
  echo "$line"
  total=$((total + 1))
  case "$line" in *solved=yes*) solved=$((solved + 1)) ;; esac
done
echo "solved $solved/$total ($estimator on $env, goal $goal within $max steps)"
