#!/usr/bin/env bash
# Creates the Python side of `make test`: a virtual environment under the build folder with the
# packages listed in scripts/test-requirements.txt (h5py for the checkpoint interop tests, and
# whatever other tests need). pip takes a wheel from the machine's wheel folder (PIP_FIND_LINKS,
# /opt/wheels) when there is one, else PyPI's. Idempotent: a venv that imports every listed
# module is reused. A package that cannot be installed is named and skipped (exit 0): the tests
# that need it then skip, except under CI=true, where they fail.
#
#     scripts/setup-test-venv.sh [venv-folder]      (default .build/test-venv)
set -u
VENV="${1:-.build/test-venv}"
PY="$VENV/bin/python"
cd "$(dirname "$0")/.."

REQUIREMENTS=scripts/test-requirements.txt
# "<import name> <pip requirement>" lines, comments and blank lines skipped.
mapfile -t WANTED < <(grep -v '^[[:space:]]*#' "$REQUIREMENTS" | grep -v '^[[:space:]]*$')
missing() {
    for line in "${WANTED[@]}"; do
        read -r module requirement <<<"$line"
        "$PY" -c "import $module" >/dev/null 2>&1 || echo "$requirement"
    done
}
if [ -x "$PY" ] && [ -z "$(missing)" ]; then exit 0; fi
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
for requirement in $(missing); do
    echo "test: pip install $requirement"
    if ! timeout 900 "$PY" -m pip install --quiet --timeout 60 "${LINKS[@]}" "$requirement"; then
        echo "test: could not install $requirement; the tests that need it will be skipped (and fail under CI=true)"
    fi
done
exit 0
