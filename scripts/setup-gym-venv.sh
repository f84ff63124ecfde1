#!/usr/bin/env bash
# Creates the Python side of gym: environments (`rl-train --env gym:<id>`): a virtual environment
# with Gymnasium and its Box2D and MuJoCo extras, by default .build/gym-venv, which rl-train and
# rl-eval use without being told (before python3 on PATH; --python or CREDO_PYTHON choose another),
# and the encoders of `rl-eval --record FILE.gif|.mp4` (Pillow; imageio-ffmpeg, which ships its own
# ffmpeg). Idempotent: a venv that already imports all of them is kept.
#
#     scripts/setup-gym-venv.sh [venv-folder]      (default .build/gym-venv)
set -eu
cd "$(dirname "$0")/.."
VENV="${1:-.build/gym-venv}"
PY="$VENV/bin/python"
if [ -x "$PY" ] && "$PY" -c "import gymnasium, Box2D, mujoco, PIL.Image, imageio_ffmpeg" >/dev/null 2>&1; then
    echo "gym: $VENV has gymnasium $("$PY" -c 'import gymnasium; print(gymnasium.__version__)') with box2d, mujoco, pillow and imageio-ffmpeg"
    exit 0
fi
if [ ! -x "$PY" ]; then
    echo "gym: creating Python virtual environment $VENV"
    python3 -m venv "$VENV" 2>/dev/null || { rm -rf "$VENV"; scripts/install-deps.sh python3-venv; python3 -m venv "$VENV"; }
fi
LINKS=()
for folder in ${PIP_FIND_LINKS:-} /opt/wheels; do
    [ -d "$folder" ] && LINKS+=(--find-links "$folder")
done
echo "gym: pip install gymnasium[box2d,mujoco] pillow imageio-ffmpeg"
"$PY" -m pip install --quiet --timeout 60 "${LINKS[@]}" "gymnasium[box2d,mujoco]>=1.0" pillow imageio-ffmpeg
echo "gym: $VENV has gymnasium $("$PY" -c 'import gymnasium; print(gymnasium.__version__)'); try: rl-train --env gym:LunarLander-v3 --estimator ppo"
