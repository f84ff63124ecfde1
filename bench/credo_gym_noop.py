"""A Gymnasium environment that does nothing (4 zeros, reward 0, never ends): what a step of the
gym: bridge costs beyond the environment's own work, its round trip (bench/gym_bridge.py).
Importing this module registers `credo_gym_noop:Noop-v0`."""
import gymnasium as gym
import numpy as np
from gymnasium import spaces


class Noop(gym.Env):
    observation_space = spaces.Box(-1.0, 1.0, (4,), np.float32)
    action_space = spaces.Discrete(2)
    _zeros = np.zeros(4, np.float32)

    def reset(self, seed=None, options=None):
        super().reset(seed=seed)
        return self._zeros.copy(), {}

    def step(self, action):
        return self._zeros.copy(), 0.0, False, False, {}


gym.register("Noop-v0", entry_point=Noop)
