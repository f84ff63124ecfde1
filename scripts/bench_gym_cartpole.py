#!/usr/bin/env python3
"""Gymnasium CartPole-v1 steps per second, measured as credo-env-bench measures Credo's:
a uniform random policy, autoreset on episode end, single and vectorised (N = 8, 64).

    pip install gymnasium
    python3 scripts/bench_gym_cartpole.py [seconds-per-measurement]

Random actions are drawn in blocks ahead of time, so the time is the environment's, not numpy's
sampling. For vectors, both Gymnasium's SyncVectorEnv (N Python envs) and CartPole's own
numpy-vectorised CartPoleVectorEnv ("vector_entry_point") are measured.
"""
import sys
import time

import gymnasium as gym
import numpy as np

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
rng = np.random.default_rng(1)


def measure(chunk):
    chunk()  # warm up
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        steps += chunk()
    return steps / (time.perf_counter() - start)


def single():
    env = gym.make("CartPole-v1")
    env.reset(seed=0)

    def chunk(n=10_000):
        for a in rng.integers(0, 2, size=n).tolist():
            _, _, terminated, truncated, _ = env.step(a)
            if terminated or truncated:
                env.reset()
        return n
    return measure(chunk)


def vector(n, mode):
    envs = gym.make_vec("CartPole-v1", num_envs=n, vectorization_mode=mode)
    envs.reset(seed=0)
    steps = max(1, 10_000 // n)

    def chunk():
        for actions in rng.integers(0, 2, size=(steps, n)):
            envs.step(actions)
        return steps * n
    return measure(chunk)


print(f"gymnasium {gym.__version__}, numpy {np.__version__}")
print(f"CartPole-v1, 1 env (gym.make)                  steps/s: {single():12.0f}")
for n in (8, 64):
    print(f"CartPole-v1, SyncVectorEnv N = {n:<3}              env steps/s: {vector(n, 'sync'):12.0f}")
    print(f"CartPole-v1, CartPoleVectorEnv N = {n:<3}          env steps/s: {vector(n, 'vector_entry_point'):12.0f}")
