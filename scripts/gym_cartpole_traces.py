#!/usr/bin/env python3
"""Records Gymnasium CartPole-v1 episodes as a JSON fixture for Credo's conformance test.

    pip install gymnasium
    python3 scripts/gym_cartpole_traces.py > Tests/CredoEnvironmentsTests/Fixtures/gym_cartpole_v1.json

Each episode stores the float64 start state (numpy's reset draw, which Credo cannot reproduce,
so the test sets it), the actions, and after every step the float32 observation, reward,
terminated and truncated. Floats are stored as the hex of their bits ("%016x" for float64 start
states, "%08x" for float32 observations), so nothing is lost in decimal.

Policies mix uniform random, biased random and a linear balancing controller (with a drift term
that walks the cart off the track), so the episodes end by angle, by position and by the
500-step truncation of CartPole-v1's TimeLimit.
"""
import json
import struct
import sys

import gymnasium as gym
import numpy as np


def f64_hex(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def f32_hex(x):
    return "%08x" % struct.unpack("<I", struct.pack("<f", np.float32(x)))[0]


def policy_action(kind, obs, rng):
    x, x_dot, theta, theta_dot = (float(v) for v in obs)
    if kind == "random":
        return int(rng.integers(2))
    if kind == "biased-right":
        return int(rng.random() < 0.8)
    if kind == "biased-left":
        return int(rng.random() < 0.2)
    if kind == "balance":  # keeps the pole up and the cart near the centre for 500 steps
        return int(theta + 0.5 * theta_dot + 0.01 * x + 0.1 * x_dot > 0)
    if kind == "drift-right":  # holds the pole leaning right, so the cart accelerates off the track
        return int(theta + 0.5 * theta_dot - 0.08 > 0)
    if kind == "drift-left":
        return int(theta + 0.5 * theta_dot + 0.08 > 0)
    if kind == "balance-noisy":  # the controller with 10% random actions
        if rng.random() < 0.1:
            return int(rng.integers(2))
        return int(theta + 0.5 * theta_dot + 0.01 * x + 0.1 * x_dot > 0)
    raise ValueError(kind)


def record(seed, kind):
    env = gym.make("CartPole-v1")
    obs, _ = env.reset(seed=seed)
    start = env.unwrapped.state
    rng = np.random.default_rng(10_000 + seed)
    episode = {
        "seed": seed,
        "policy": kind,
        "initial_state": [f64_hex(v) for v in start],
        "initial_observation": [f32_hex(v) for v in obs],
        "actions": [], "observations": [], "rewards": [], "terminated": [], "truncated": [],
    }
    while True:
        action = policy_action(kind, obs, rng)
        obs, reward, terminated, truncated, _ = env.step(action)
        assert obs.dtype == np.float32
        episode["actions"].append(action)
        episode["observations"].append([f32_hex(v) for v in obs])
        episode["rewards"].append(float(reward))
        episode["terminated"].append(bool(terminated))
        episode["truncated"].append(bool(truncated))
        if terminated or truncated:
            break
    x, theta = float(env.unwrapped.state[0]), float(env.unwrapped.state[2])
    episode["end"] = ("truncated" if truncated and not terminated
                      else "position" if abs(x) > 2.4 else "angle")
    return episode


def main():
    kinds = ["random"] * 6 + ["biased-right"] * 3 + ["biased-left"] * 3 + \
            ["drift-right"] * 2 + ["drift-left"] * 2 + ["balance-noisy"] * 2 + ["balance"] * 2
    episodes = [record(seed, kind) for seed, kind in enumerate(kinds)]
    ends = sorted({e["end"] for e in episodes})
    assert ends == ["angle", "position", "truncated"], ends
    json.dump({"gymnasium_version": gym.__version__, "numpy_version": np.__version__,
               "environment": "CartPole-v1", "episodes": episodes}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    for e in episodes:
        print(e["seed"], e["policy"], len(e["actions"]), e["end"], file=sys.stderr)


if __name__ == "__main__":
    main()
