#!/usr/bin/env python3
"""CPU time of the gym: worker's step loop, per vector step of N CartPole-v1 copies, in one
process without the socket: the loop as it was (one copy at a time: int() per action, float()
and bool() per reward and flag, put() per observation) against the worker's current loop
(actions converted once, observations, rewards and flags gathered in lists and written with one
numpy assignment each, GymWorkerScript.swift), and the environments' own steps alone. CPU time
(time.process_time) over alternating rounds, median: less sensitive to other processes' load
than steps/s, though not immune (shared caches).

    .build/test-venv/bin/python bench/gym_worker_loop.py [--copies 8] [--steps 4000] [--rounds 7]
"""
import argparse
import statistics
import time

import gymnasium as gym
import numpy as np


def make(m):
    envs = [gym.make("CartPole-v1") for _ in range(m)]
    for j, env in enumerate(envs):
        env.reset(seed=j)
    return envs


def put(row, x, o):
    x = np.asarray(x)
    if x.size != o:
        raise ValueError("wrong shape %s" % (x.shape,))
    row[:] = x.reshape(-1)


def buffers(m, o):
    return np.zeros((m, o), np.float32), np.zeros((m, o), np.float32), np.zeros(m), np.zeros(m, np.uint8), np.zeros(m, np.uint8)


def per_copy(envs, payloads, o):
    obs, final, reward, term, trunc = buffers(len(envs), o)
    start = time.process_time()
    for payload in payloads:
        actions = np.frombuffer(payload, np.int64)
        for j, env in enumerate(envs):
            x, r, te, tr, _ = env.step(int(actions[j]))
            reward[j], term[j], trunc[j] = float(r), bool(te), bool(tr)
            put(obs[j], x, o)
            if te or tr:
                final[j] = obs[j]
                x, _ = env.reset()
                put(obs[j], x, o)
        obs.tobytes() + reward.tobytes() + term.tobytes() + trunc.tobytes() + final.tobytes()
    return (time.process_time() - start) / len(payloads) * 1e6


def gathered(envs, payloads, o):
    obs, final, reward, term, trunc = buffers(len(envs), o)
    steps, resets = [env.step for env in envs], [env.reset for env in envs]
    start = time.process_time()
    for payload in payloads:
        actions = np.frombuffer(payload, np.int64).tolist()
        xs, rs, tes, trs = [], [], [], []
        for j in range(len(envs)):
            x, r, te, tr, _ = steps[j](actions[j])
            rs.append(r); tes.append(te); trs.append(tr)
            if te or tr:
                put(final[j], x, o)
                x, _ = resets[j]()
            xs.append(x)
        stacked = np.array(xs, dtype=np.float32)
        if stacked.shape == obs.shape:
            obs[:] = stacked
        reward[:] = rs; term[:] = tes; trunc[:] = trs
        obs.tobytes() + reward.tobytes() + term.tobytes() + trunc.tobytes() + final.tobytes()
    return (time.process_time() - start) / len(payloads) * 1e6


def environments_only(envs, payloads, o):
    start = time.process_time()
    for payload in payloads:
        actions = np.frombuffer(payload, np.int64).tolist()
        for j, env in enumerate(envs):
            _, _, te, tr, _ = env.step(actions[j])
            if te or tr:
                env.reset()
    return (time.process_time() - start) / len(payloads) * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    payloads = [rng.integers(0, 2, args.copies).astype(np.int64).tobytes() for _ in range(args.steps)]
    loops = [("per copy (before)", per_copy), ("gathered (now)", gathered), ("environments only", environments_only)]
    times = {name: [] for name, _ in loops}
    for r in range(args.rounds):
        for name, loop in (loops if r % 2 == 0 else loops[::-1]):
            times[name].append(loop(make(args.copies), payloads, 4))
    median = {name: statistics.median(v) for name, v in times.items()}
    for name, value in median.items():
        print(f"{name}: {value:.1f} CPU µs per vector step of {args.copies} copies")
    print(f"gathered / per copy: {median['gathered (now)'] / median['per copy (before)']:.3f}")


if __name__ == "__main__":
    main()
