#!/usr/bin/env python3
"""Gymnasium's Box2D LunarLander-v3 as a reference for Credo's `lunarlander`: the mean return
of the random policy and of Gymnasium's own scripted `heuristic` controller over seeded
episodes (compare `swift run -c release credo-compare lander`). Stepping speed is a workload of
`make bench` (`bench/theirs.py lunarlander`).

    bench/setup-venv.sh        # .build/bench-venv with gymnasium[box2d]
    .build/bench-venv/bin/python scripts/bench_gym_lunarlander.py [--episodes 100]
"""

import argparse

import numpy as np

try:
    import gymnasium as gym
    from gymnasium.envs.box2d.lunar_lander import heuristic
except ImportError as error:  # Box2D missing or failed to build
    raise SystemExit(f"gymnasium[box2d] is not importable here: {error}")


def mean_return(episodes: int, policy: str, continuous: bool = False) -> tuple[float, float]:
    """Mean return and fraction of +100 landings over seeds 0..episodes-1."""
    env = gym.make("LunarLander-v3", continuous=continuous)
    rng = np.random.default_rng(12345)
    total, landed = 0.0, 0
    for seed in range(episodes):
        s, _ = env.reset(seed=seed)
        done, ret, r = False, 0.0, 0.0
        while not done:
            a = heuristic(env, s) if policy == "heuristic" else int(rng.integers(0, 4))
            s, r, terminated, truncated, _ = env.step(a)
            ret += r
            done = terminated or truncated
        total += ret
        landed += int(r == 100)
    return total / episodes, landed / episodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100)
    args = parser.parse_args()
    print(f"gymnasium {gym.__version__}")
    for policy, continuous in (("heuristic", False), ("heuristic", True), ("random", False)):
        mean, landed = mean_return(args.episodes, policy, continuous)
        name = policy + (" (continuous)" if continuous else "")
        print(f"{name} policy: mean return {mean:.1f} over {args.episodes} episodes, "
              f"landed (+100) in {100 * landed:.0f}%")


if __name__ == "__main__":
    main()
