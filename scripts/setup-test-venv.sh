#!/usr/bin/env bash
# Creates the Python side of `make test`: a virtual environment under the build folder with
# h5py, so the h5py interop tests (h5py reads Credo's checkpoints, Credo reads h5py's, the
# integrity fuzz test's h5py-written files) run on a fresh machine. pip takes a wheel from the
# machine's wheel folder (PIP_FIND_LINKS, /opt/wheels) when there is one, else PyPI's.
# Idempotent: a venv that imports h5py is reused. When h5py cannot be installed it says so and
# exits 0: the h5py tests then skip, except under CI=true, where they fail.
#
#     scripts/setup-test-venv.sh [venv-folder]      (default .build/test-venv)
set -u
VENV="${1:-.build/test-venv}"
PY="$VENV/bin/python"
cd "$(dirname "$0")/.."

if [ -x "$PY" ] && "$PY" -c "import h5py" >/dev/null 2>&1; then exit 0; fi
if [ ! -x "$PY" ]; then
    echo "test: creating Python virtual environment $VENV (for h5py)"
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        # Debian's python3 needs python3-venv for `-m venv`.
        rm -rf "$VENV"
        scripts/install-deps.sh python3-venv && python3 -m venv "$VENV" || {
            echo "test: python3 -m venv failed (install python3-venv); the h5py tests will be skipped (and fail under CI=true)"
            exit 0
        }
    fi
fi
LINKS=()
for folder in ${PIP_FIND_LINKS:-} /opt/wheels; do
    [ -d "$folder" ] && LINKS+=(--find-links "$folder")
done
echo "test: pip install h5py"
if ! timeout 600 "$PY" -m pip install --quiet --timeout 60 "${LINKS[@]}" h5py; then
    echo "test: could not install h5py; the h5py tests will be skipped (and fail under CI=true)"
fi
exit 0
