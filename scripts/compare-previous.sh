#!/usr/bin/env bash
# Time to solve CartPole (credo-compare solve) for this checkout and another build, alternating
# the order every round, so both see the same machine load. Prints the median seconds of each.
#
# Usage: scripts/compare-previous.sh OTHER_CHECKOUT [ROUNDS] [ESTIMATORS]
#   OTHER_CHECKOUT: a checkout built with `swift build -c release` (e.g. a git worktree of the
#   previous commit: git worktree add ../prev HEAD~1 && (cd ../prev && swift build -c release)).
set -euo pipefail
cd "$(dirname "$0")/.."
other=$1 rounds=${2:-5} estimators=${3:-"a2c relax"}
mine=.build/release/credo-compare theirs=$other/.build/release/credo-compare
[ -x "$mine" ] && [ -x "$theirs" ] || { echo "build both first: swift build -c release" >&2; exit 1; }
for e in $estimators; do
  a=() b=()
  for r in $(seq "$rounds"); do
    if (( r % 2 )); then order="mine theirs"; else order="theirs mine"; fi
    for who in $order; do
      if [ "$who" = mine ]; then bin=$mine dir=.; else bin=$theirs dir=$other; fi
      s=$(cd "$dir" && "$bin" solve --estimator "$e" --seed 0 --presets envs | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])')
      if [ "$who" = mine ]; then a+=("$s"); else b+=("$s"); fi
    done
  done
  python3 - "$e" "${a[*]}" "${b[*]}" <<'PY'
import statistics, sys
e, a, b = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
ma, mb = statistics.median(a), statistics.median(b)
print(f"{e}: this checkout {ma:.3f} s, other {mb:.3f} s (median of {len(a)}), ratio {ma/mb:.3f}; runs {a} vs {b}")
PY
done
