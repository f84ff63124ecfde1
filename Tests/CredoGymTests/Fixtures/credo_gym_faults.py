"""Test-only Gymnasium environments for the gym: bridge's fault tests.

Importing this module registers them (Gymnasium imports it for ids written
`credo_gym_faults:<Id>`, e.g. `gym:credo_gym_faults:Faulty-v0`):

- Faulty-v0(fault=..., at=3): a 3-value Box observation, Discrete(2) actions, 10-step episodes
  (truncated), that on step `at` raises, hangs, crashes with SIGSEGV, returns NaN or an
  observation of the wrong shape; fault="missing-extra" raises Gymnasium's
  DependencyNotInstalled when made, as a Box2D environment does without box2d.
- DictSpace-v0: a Dict observation space, which the bridge refuses.
"""
import os
import signal
import time

import gymnasium as gym
import numpy as np
from gymnasium import spaces


class Faulty(gym.Env):
    def __init__(self, fault="none", at=3):
        if fault == "missing-extra":
            raise gym.error.DependencyNotInstalled(
                'Box2D is not installed, you can install it by run `pip install "gymnasium[box2d]"`')
        self.observation_space = spaces.Box(-1.0, 1.0, (3,), np.float32)
        self.action_space = spaces.Discrete(2)
        self.fault, self.at, self.t = fault, at, 0

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        self.t = 0
        return np.zeros(3, np.float32), {}

    def step(self, action):
        self.t += 1
        if self.t == self.at:
            if self.fault == "raise":
                raise RuntimeError("the faulty environment raised on cue")
            if self.fault == "hang":
                time.sleep(3600)
            if self.fault == "segfault":
                os.kill(os.getpid(), signal.SIGSEGV)
            if self.fault == "nan":
                return np.array([0.0, np.nan, 0.0], np.float32), 0.0, False, False, {}
            if self.fault == "shape":
                return np.zeros(5, np.float32), 0.0, False, False, {}
        return np.full(3, 0.1 * self.t, np.float32), 1.0, False, self.t >= 10, {}


class DictSpace(gym.Env):
    observation_space = spaces.Dict({"position": spaces.Box(-1.0, 1.0, (2,)), "mode": spaces.Discrete(3)})
    action_space = spaces.Discrete(2)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return self.observation_space.sample(), {}

    def step(self, action):
        return self.observation_space.sample(), 0.0, False, False, {}


gym.register("Faulty-v0", entry_point=Faulty)
gym.register("DictSpace-v0", entry_point=DictSpace)
