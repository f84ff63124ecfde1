#!/usr/bin/env bash
# Creates the Python side of `make bench`: a virtual environment under the build folder with
# gymnasium (+ box2d for LunarLander-v3, mujoco for HalfCheetah-v5), stable-baselines3 and torch from PyPI. Each package is
# installed on its own; one that cannot be installed is skipped with a message, and the
# benchmark then reports that comparison as skipped. Idempotent: a complete venv is reused.
#
#     bench/setup-venv.sh [venv-folder]      (default .build/bench-venv)
set -u
VENV="${1:-.build/bench-venv}"
PY="$VENV/bin/python"

if [ ! -x "$PY" ]; then
    echo "bench: creating Python virtual environment $VENV"
    python3 -m venv "$VENV" || { echo "bench: python3 -m venv failed; the Python side will be skipped"; exit 0; }
fi

have() { "$PY" -c "import $1" >/dev/null 2>&1; }
install() {  # install <import-name> <pip requirement...>
    local module="$1"; shift
    if have "$module"; then return 0; fi
    echo "bench: pip install $*"
    if ! "$PY" -m pip install --quiet "$@"; then
        echo "bench: could not install $* — comparisons that need '$module' will be skipped"
    fi
}

# torch: a CPU-only wheel from the machine's wheel folder (pip's find-links, e.g. /opt/wheels)
# when there is one, since PyPI's default Linux wheel pulls in gigabytes of CUDA libraries a CPU
# benchmark never uses; else PyPI's.
if ! have torch; then
    CPU_WHEEL=""
    for folder in ${PIP_FIND_LINKS:-} /opt/wheels; do
        CPU_WHEEL=$(ls "$folder"/torch-*+cpu-*.whl 2>/dev/null | sort -V | tail -1)
        [ -n "$CPU_WHEEL" ] && break
    done
    if [ -n "$CPU_WHEEL" ]; then install torch "$CPU_WHEEL"; else install torch torch; fi
fi
install gymnasium "gymnasium>=1.0"
install Box2D "gymnasium[box2d]>=1.0"
install mujoco "gymnasium[mujoco]>=1.0"
install stable_baselines3 "stable-baselines3>=2.3"
"$PY" - <<'PY'
import importlib
for name in ("torch", "gymnasium", "Box2D", "mujoco", "stable_baselines3"):
    try:
        module = importlib.import_module(name)
        print(f"bench: {name} {getattr(module, '__version__', '')}".rstrip())
    except Exception as error:
        print(f"bench: {name} unavailable ({type(error).__name__})")
PY
