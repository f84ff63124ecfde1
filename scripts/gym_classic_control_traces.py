#!/usr/bin/env python3
"""Records Gymnasium classic-control episodes as JSON fixtures for Credo's conformance tests.

    python3 -m venv .build/gym-venv && .build/gym-venv/bin/pip install "gymnasium>=1.0"
    .build/gym-venv/bin/python scripts/gym_classic_control_traces.py Tests/CredoEnvironmentsTests/Fixtures

writes gym_pendulum_v1.json, gym_mountaincar_v0.json, gym_mountaincarcontinuous_v0.json and
gym_acrobot_v1.json. Each episode stores the start state right after gym.make(...).reset(seed)
(numpy's draw, which Credo cannot reproduce, so the test sets it), the actions, and after every
step the observation, reward and the two flags. To stay small, every list is one string:

- initial_state: the float64 bit patterns of the unwrapped state, 16 hex digits each
  (Acrobot's float32 start state widened to float64 exactly);
- actions: 8 hex digits of float32 bits per step (continuous), or one digit per step (discrete);
- observations, initial_observation: 8 hex digits of float32 bits per coordinate, row after row;
- rewards: 16 hex digits of float64 bits per step;
- flags: one digit per step, terminated + 2 * truncated.

Continuous actions are passed to Gymnasium as float32 arrays, as Credo's actions are float32;
they include values outside the action box (Pendulum up to +-3 and beyond, MountainCarContinuous
up to +-3, and exactly +-1). Heuristic controllers reach the goals, so the mountain cars and the
acrobot have terminated episodes beside truncated ones; the script checks that it recorded both.
"""
import json
import os
import struct
import sys

import gymnasium as gym
import numpy as np


def f64_hex(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def f32_hex(x):
    return "%08x" % struct.unpack("<I", struct.pack("<f", np.float32(x)))[0]


def pendulum_action(kind, obs, rng):
    cos_th, sin_th, thdot = (float(v) for v in obs)
    if kind == "uniform":
        return rng.uniform(-2, 2)
    if kind == "wide":  # +-3: clipped to +-2 by the environment
        return rng.uniform(-3, 3)
    if kind == "extremes":  # the bounds exactly, far outside them, zero
        return float(rng.choice([-2.0, 2.0, -3.0, 3.0, -10.0, 10.0, 0.0, -0.0]))
    if kind == "swing-up":  # energy pumping, then a PD hold near upright; saturates often
        theta = np.arctan2(sin_th, cos_th)
        if cos_th > 0.8:
            return -8.0 * theta - 1.5 * thdot
        return 3.0 if thdot * cos_th >= 0 else -3.0
    raise ValueError(kind)


def mountaincar_action(kind, obs, rng):
    position, velocity = (float(v) for v in obs)
    if kind == "random":
        return int(rng.integers(3))
    if kind == "energy":  # push along the velocity: reaches the flag in about 100 steps
        return 2 if velocity >= 0 else 0
    if kind == "energy-noisy":
        return int(rng.integers(3)) if rng.random() < 0.2 else (2 if velocity >= 0 else 0)
    if kind == "left":  # drives into the left wall (velocity zeroed there)
        return 0
    raise ValueError(kind)


def mountaincar_continuous_action(kind, obs, rng):
    position, velocity = (float(v) for v in obs)
    if kind == "uniform":
        return rng.uniform(-1, 1)
    if kind == "wide":
        return rng.uniform(-3, 3)
    if kind == "energy":  # exactly +-1 along the velocity
        return 1.0 if velocity >= 0 else -1.0
    if kind == "energy-wide":  # +-2.5, clipped by the environment
        return 2.5 if velocity >= 0 else -2.5
    if kind == "energy-inside":  # inside the bounds, with noise: float32 force arithmetic
        return (0.9 if velocity >= 0 else -0.9) + rng.uniform(-0.1, 0.1)
    if kind == "left-wall":  # into the left wall and back
        return -3.0 if position > -1.1 and velocity <= 0 else float(rng.choice([-1.0, 1.0, 0.5]))
    raise ValueError(kind)


def acrobot_action(kind, obs, rng):
    dtheta2 = float(obs[5])
    if kind == "random":
        return int(rng.integers(3))
    if kind == "energy":  # torque along the second link's velocity: swings up in about 100 steps
        return 2 if dtheta2 >= 0 else 0
    if kind == "energy-noisy":
        return int(rng.integers(3)) if rng.random() < 0.3 else (2 if dtheta2 >= 0 else 0)
    raise ValueError(kind)


ENVIRONMENTS = {
    "Pendulum-v1": ("gym_pendulum_v1.json", pendulum_action, True,
                    ["uniform"] * 2 + ["wide"] * 2 + ["extremes"] * 2 + ["swing-up"] * 2),
    "MountainCar-v0": ("gym_mountaincar_v0.json", mountaincar_action, False,
                       ["random"] * 3 + ["energy"] * 2 + ["energy-noisy"] * 2 + ["left"]),
    "MountainCarContinuous-v0": ("gym_mountaincarcontinuous_v0.json", mountaincar_continuous_action, True,
                                 ["uniform", "wide", "energy", "energy", "energy-wide", "energy-inside",
                                  "energy-inside", "left-wall"]),
    "Acrobot-v1": ("gym_acrobot_v1.json", acrobot_action, False,
                   ["random"] * 2 + ["energy"] * 3 + ["energy-noisy"] * 3),
}


def record(env_id, policy, continuous, seed, kind):
    env = gym.make(env_id)
    obs, _ = env.reset(seed=seed)
    state = np.asarray(env.unwrapped.state)
    rng = np.random.default_rng(10_000 + seed)
    actions, observations, rewards, flags = [], [], [], []
    while True:
        a = policy(kind, obs, rng)
        if continuous:
            action = np.array([a], dtype=np.float32)
            actions.append(f32_hex(action[0]))
        else:
            action = int(a)
            actions.append(str(action))
        obs, reward, terminated, truncated, _ = env.step(action)
        assert obs.dtype == np.float32
        observations.append("".join(f32_hex(v) for v in obs))
        rewards.append(f64_hex(reward))
        flags.append(str(int(terminated) + 2 * int(truncated)))
        if terminated or truncated:
            break
    return {
        "seed": seed, "policy": kind, "end": "terminated" if terminated else "truncated", "steps": len(flags),
        "initial_state": "".join(f64_hex(v) for v in state),
        "initial_observation": "".join(f32_hex(v) for v in obs_first(env_id, seed)),
        "actions": "".join(actions), "observations": "".join(observations),
        "rewards": "".join(rewards), "flags": "".join(flags),
    }


def obs_first(env_id, seed):
    env = gym.make(env_id)
    obs, _ = env.reset(seed=seed)
    return obs


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/CredoEnvironmentsTests/Fixtures"
    for env_id, (name, policy, continuous, kinds) in ENVIRONMENTS.items():
        episodes = [record(env_id, policy, continuous, seed, kind) for seed, kind in enumerate(kinds)]
        ends = sorted({e["end"] for e in episodes})
        if env_id != "Pendulum-v1":
            assert ends == ["terminated", "truncated"], (env_id, ends)
        with open(os.path.join(out, name), "w") as f:
            json.dump({"gymnasium_version": gym.__version__, "numpy_version": np.__version__,
                       "environment": env_id, "episodes": episodes}, f, separators=(",", ":"))
            f.write("\n")
        for e in episodes:
            print(env_id, e["seed"], e["policy"], e["steps"], e["end"], file=sys.stderr)


if __name__ == "__main__":
    main()
