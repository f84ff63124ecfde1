#!/usr/bin/env python3
"""The Python side of `make bench`: each workload of bench/compare.py, measured with Gymnasium,
PyTorch and Stable-Baselines3. Prints one JSON object on stdout; a workload whose packages are
not importable prints {"skipped": "<why>"} instead and exits 0.

    python bench/theirs.py cartpole --envs 1 --seconds 2
    python bench/theirs.py cartpole --envs 8 --mode sync|vector --seconds 2
    python bench/theirs.py lunarlander --seconds 2
    python bench/theirs.py mlp --batch 64 --seconds 1
    python bench/theirs.py solve --algo a2c|ppo [--env cartpole|lunarlander|halfcheetah] --seed 0 --max-steps 500000 --max-seconds 90
    python bench/theirs.py solve-offpolicy --algo sac|td3 [--env pendulum|inverted-pendulum|halfcheetah] --seed 0 --max-steps 20000 --max-seconds 300
    python bench/theirs.py sac-step --hidden 256 --rounds 9 --steps 10
    python bench/theirs.py checkpoint --repeats 20

The Swift side (`credo-compare`, Sources/credo-compare) takes the same arguments and measures
the same thing; see that executable for what "the same" means workload by workload.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

GOAL, WINDOW = 475.0, 100  # CartPole-v1 is solved at a mean return of 475 over 100 episodes


def emit(record):
    print(json.dumps(record))
    sys.exit(0)


def need(*modules):
    """Imports `modules` or emits a skip naming the first one missing."""
    imported = []
    for name in modules:
        try:
            imported.append(__import__(name))
        except Exception as error:  # ImportError, or Box2D failing inside gymnasium
            emit({"skipped": f"{name} is not importable ({type(error).__name__}: {error})"})
    return imported


def rate(chunk, seconds):
    """Calls `chunk` (returns the env steps it took) for `seconds`; env steps per second."""
    chunk()  # warm up
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        steps += chunk()
    return steps / (time.perf_counter() - start)


def random_policy_chunk(env, actions, rng, n):
    """A chunk for `rate`: n steps of `env` with uniformly random actions, resetting at episode ends
    (the actions are drawn ahead, so the time is the environment's)."""
    env.reset(seed=0)

    def chunk():
        for a in rng.integers(0, actions, size=n).tolist():
            _, _, terminated, truncated, _ = env.step(a)
            if terminated or truncated:
                env.reset()
        return n
    return chunk


def cartpole(args):
    gym, np = need("gymnasium", "numpy")
    rng = np.random.default_rng(1)
    if args.envs == 1:
        chunk = random_policy_chunk(gym.make("CartPole-v1"), 2, rng, 10_000)
        what = 'gym.make("CartPole-v1")'
    else:
        mode = {"sync": "sync", "vector": "vector_entry_point"}[args.mode]
        envs = gym.make_vec("CartPole-v1", num_envs=args.envs, vectorization_mode=mode)
        envs.reset(seed=0)
        rows = max(1, 10_000 // args.envs)

        def chunk():
            for actions in rng.integers(0, 2, size=(rows, args.envs)):
                envs.step(actions)
            return rows * args.envs
        what = f"gym.make_vec(num_envs={args.envs}, vectorization_mode={mode!r})"
    emit({"value": rate(chunk, args.seconds), "unit": "steps/s", "what": what,
          "versions": {"gymnasium": gym.__version__, "numpy": np.__version__}})


def lunarlander(args):
    gym, np, _ = need("gymnasium", "numpy", "Box2D")
    chunk = random_policy_chunk(gym.make("LunarLander-v3"), 4, np.random.default_rng(1), 2_000)
    emit({"value": rate(chunk, args.seconds), "unit": "steps/s", "what": 'gym.make("LunarLander-v3"), Box2D',
          "versions": {"gymnasium": gym.__version__}})


def mlp(args):
    (torch,) = need("torch")
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 64), torch.nn.Tanh(),
                                torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 2))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.randn(args.batch, 4), torch.randn(args.batch, 2)

    def chunk(n=200):
        for _ in range(n):
            optimizer.zero_grad(set_to_none=True)
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            optimizer.step()
        return n
    emit({"value": 1e6 / rate(chunk, args.seconds), "unit": "us/step",
          "what": f"torch MLP 4-64-64-2 tanh, MSE, Adam, batch {args.batch}, 1 thread",
          "versions": {"torch": torch.__version__}})


def zoo_model(algo, seed, env_name="cartpole"):
    """SB3's A2C or PPO with rl-baselines3-zoo's hyperparameters. CartPole-v1
    (hyperparams/a2c.yml and ppo.yml: 8 envs; A2C defaults but ent_coef 0; PPO n_steps 32,
    batch 256, gae_lambda 0.8, gamma 0.98, 20 epochs, lr and clip range linear from 1e-3, 0.2);
    LunarLander (ppo.yml's LunarLander-v2, on Gymnasium's LunarLander-v3: 16 envs, n_steps 1024,
    batch 64, gae_lambda 0.98, gamma 0.999, 4 epochs, ent_coef 0.01, the other defaults)."""
    from stable_baselines3 import A2C, PPO
    from stable_baselines3.common.env_util import make_vec_env
    if env_name == "halfcheetah":
        # ppo.yml's HalfCheetah (MuJoCo) settings on Gymnasium's HalfCheetah-v5: normalize (VecNormalize
        # of observations and rewards, with the run's gamma as the zoo passes it), 1 env, n_steps 512,
        # batch 64, gamma 0.98, lr 2.0633e-5, ent_coef 4.01762e-4, clip 0.1, 20 epochs, gae_lambda 0.92,
        # max_grad_norm 0.8, vf_coef 0.58096, log_std_init -2, no orthogonal init, ReLU 256-256.
        if algo != "ppo":
            raise SystemExit("solve --env halfcheetah runs PPO only (--algo ppo)")
        import torch.nn as nn
        from stable_baselines3.common.vec_env import VecNormalize
        env = VecNormalize(make_vec_env("HalfCheetah-v5", n_envs=1, seed=seed), gamma=0.98)
        return PPO("MlpPolicy", env, n_steps=512, batch_size=64, gamma=0.98, learning_rate=2.0633e-05,
                   ent_coef=0.000401762, clip_range=0.1, n_epochs=20, gae_lambda=0.92, max_grad_norm=0.8,
                   vf_coef=0.58096, seed=seed, device="cpu",
                   policy_kwargs=dict(log_std_init=-2, ortho_init=False, activation_fn=nn.ReLU,
                                      net_arch=dict(pi=[256, 256], vf=[256, 256])))
    if env_name == "lunarlander":
        if algo != "ppo":
            raise SystemExit("solve --env lunarlander runs PPO only (--algo ppo)")
        env = make_vec_env("LunarLander-v3", n_envs=16, seed=seed)
        return PPO("MlpPolicy", env, n_steps=1024, batch_size=64, gae_lambda=0.98, gamma=0.999, n_epochs=4,
                   ent_coef=0.01, seed=seed, device="cpu")
    env = make_vec_env("CartPole-v1", n_envs=8, seed=seed)
    if algo == "a2c":
        return A2C("MlpPolicy", env, ent_coef=0.0, seed=seed, device="cpu")
    linear = lambda start: (lambda progress: progress * start)  # noqa: E731 (SB3's progress runs 1 -> 0)
    return PPO("MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20,
               ent_coef=0.0, learning_rate=linear(1e-3), clip_range=linear(0.2), seed=seed, device="cpu")


def solve(args):
    torch, sb3 = need("torch", "stable_baselines3")
    from stable_baselines3.common.callbacks import BaseCallback

    # HalfCheetah-v5 has no goal: it runs --max-steps and reports the mean of its last 100 episodes.
    goal = {"lunarlander": 200.0, "halfcheetah": float("inf")}.get(args.env, GOAL)

    class StopWhenSolved(BaseCallback):
        """Stops once the last 100 finished episodes (SB3's ep_info_buffer) average >= the goal
        (475 for CartPole, 200 for LunarLander), or when --max-seconds have passed; keeps the best
        rolling mean seen."""
        solved = False
        best = None

        def _on_step(self):
            buffer = self.model.ep_info_buffer
            if args.progress and self.num_timesteps >= getattr(self, "next_report", 0):
                # a line on stderr every --progress steps: steps, rolling mean so far, seconds
                self.next_report = self.num_timesteps + args.progress
                mean = statistics.fmean(e["r"] for e in buffer) if buffer else float("nan")
                print(f"progress: {self.num_timesteps} steps, rolling({len(buffer)}) {mean:.1f}, "
                      f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
            if len(buffer) == WINDOW:
                mean = statistics.fmean(e["r"] for e in buffer)
                self.best = mean if self.best is None else max(self.best, mean)
                if mean >= goal:
                    self.solved = True
                    return False
            return time.perf_counter() - start < args.max_seconds

    start = time.perf_counter()
    model = zoo_model(args.algo, args.seed, args.env)
    callback = StopWhenSolved()
    model.learn(total_timesteps=args.max_steps, callback=callback)
    seconds = time.perf_counter() - start
    vec = model.get_env()
    vec = getattr(vec, "unwrapped", vec)  # HalfCheetah's VecNormalize wraps the DummyVecEnv
    episodes = sum(len(e.get_episode_rewards()) for e in vec.envs)
    buffer = model.ep_info_buffer
    final = statistics.fmean(e["r"] for e in buffer) if buffer else None
    title = {"lunarlander": "LunarLander-v3", "halfcheetah": "HalfCheetah-v5"}.get(args.env, "CartPole-v1")
    emit({"value": seconds, "unit": "s", "solved": callback.solved, "steps": model.num_timesteps,
          "episodes": episodes, "best_rolling_return": callback.best, "final_rolling_return": final,
          "final_window": len(buffer),
          "what": f"SB3 {args.algo.upper()} (rl-baselines3-zoo {title}), seed {args.seed}",
          "versions": {"stable_baselines3": sb3.__version__, "torch": torch.__version__, "threads": torch.get_num_threads()}})


# Gymnasium ids of solve-offpolicy's --env names.
OFFPOLICY_IDS = {"pendulum": "Pendulum-v1", "inverted-pendulum": "InvertedPendulum-v5", "halfcheetah": "HalfCheetah-v5"}


def zoo_offpolicy_model(algo, seed, env_name="pendulum"):
    """SB3's SAC or TD3 with rl-baselines3-zoo's Pendulum-v1 settings (hyperparams/sac.yml:
    learning rate 1e-3, otherwise SB3's SAC defaults: 256-256, batch 256, tau 0.005, gamma 0.99,
    learning starts 100, 1 gradient step per step; td3.yml: gamma 0.98, buffer 200 k, learning
    starts 10 000, Normal exploration noise 0.1, 1 gradient step per step, Adam 1e-3, 400-300).
    On the MuJoCo environments, SAC only: SB3's SAC defaults (Adam 3e-4, 256-256, the rest as
    above), with the zoo's MuJoCo learning starts of 10 000 on HalfCheetah-v5 (sac.yml's
    HalfCheetah entry is the defaults with learning_starts 10000; the zoo has no InvertedPendulum
    SAC entry, so InvertedPendulum-v5 runs the plain defaults)."""
    import numpy as np
    from stable_baselines3 import SAC, TD3
    from stable_baselines3.common.env_util import make_vec_env
    from stable_baselines3.common.noise import NormalActionNoise
    env = make_vec_env(OFFPOLICY_IDS[env_name], n_envs=1, seed=seed)
    if env_name != "pendulum":
        if algo != "sac":
            raise SystemExit(f"solve-offpolicy --env {env_name} runs SAC only (--algo sac)")
        return SAC("MlpPolicy", env, learning_starts=10_000 if env_name == "halfcheetah" else 100, seed=seed, device="cpu")
    if algo == "sac":
        return SAC("MlpPolicy", env, learning_rate=1e-3, seed=seed, device="cpu")
    noise = NormalActionNoise(mean=np.zeros(1), sigma=0.1 * np.ones(1))
    return TD3("MlpPolicy", env, gamma=0.98, buffer_size=200_000, learning_starts=10_000, action_noise=noise,
               train_freq=1, gradient_steps=1, learning_rate=1e-3, policy_kwargs=dict(net_arch=[400, 300]),
               seed=seed, device="cpu")


def solve_offpolicy(args):
    """Pendulum-v1 to a mean return of --goal over the last --window episodes (the zoo's
    criterion: -200 over 10), torch on one thread, bounded by --max-steps and --max-seconds.
    With --goal inf (HalfCheetah-v5, which has none) it runs the whole budget; every record has
    the mean of the last --window episodes at the end (`final_rolling_return`)."""
    torch, sb3 = need("torch", "stable_baselines3")
    from stable_baselines3.common.callbacks import BaseCallback
    torch.set_num_threads(1)

    class StopAtGoal(BaseCallback):
        solved = False
        best = None

        def _on_step(self):
            buffer = list(self.model.ep_info_buffer)
            if len(buffer) >= args.window:
                mean = statistics.fmean(e["r"] for e in buffer[-args.window:])
                self.best = mean if self.best is None else max(self.best, mean)
                if mean >= args.goal:
                    self.solved = True
                    return False
            return time.perf_counter() - start < args.max_seconds

    start = time.perf_counter()
    model = zoo_offpolicy_model(args.algo, args.seed, args.env)
    callback = StopAtGoal()
    model.learn(total_timesteps=args.max_steps, callback=callback)
    seconds = time.perf_counter() - start
    last = list(model.ep_info_buffer)[-args.window:]
    emit({"value": seconds, "unit": "s", "solved": callback.solved, "steps": model.num_timesteps,
          "best_rolling_return": callback.best,
          "final_rolling_return": statistics.fmean(e["r"] for e in last) if last else None, "final_window": len(last),
          "what": f"SB3 {args.algo.upper()} (rl-baselines3-zoo {OFFPOLICY_IDS[args.env]}), seed {args.seed}, "
                  f"last-{args.window} mean >= {args.goal:g}",
          "versions": {"stable_baselines3": sb3.__version__, "torch": torch.__version__, "threads": torch.get_num_threads()}})


def sac_step(args):
    """One SB3 SAC gradient step (temperature, twin critics with their targets, actor, Polyak)
    at batch 256 with --hidden-hidden networks, torch on one thread, on a replay buffer of 1000
    random transitions of a 4-observation, 1-action box (Credo's `--sac-step` runs on
    cartpole-continuous, o = 4, d = 1): the median of --rounds rounds of --steps steps, in ms."""
    torch, sb3, gym, np = need("torch", "stable_baselines3", "gymnasium", "numpy")
    from stable_baselines3 import SAC
    torch.set_num_threads(1)

    class Box4(gym.Env):
        observation_space = gym.spaces.Box(-1, 1, (4,), np.float32)
        action_space = gym.spaces.Box(-1, 1, (1,), np.float32)

        def reset(self, seed=None, options=None):
            super().reset(seed=seed)
            return self.np_random.uniform(-1, 1, 4).astype(np.float32), {}

        def step(self, action):
            return self.np_random.uniform(-1, 1, 4).astype(np.float32), float(action[0]), False, False, {}

    model = SAC("MlpPolicy", Box4(), batch_size=256, learning_starts=1000, policy_kwargs=dict(net_arch=[args.hidden] * 2),
                seed=0, device="cpu")
    model.learn(total_timesteps=1000)  # fills the buffer; no gradient step yet
    model.train(gradient_steps=args.steps, batch_size=256)  # warm up
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        model.train(gradient_steps=args.steps, batch_size=256)
        times.append((time.perf_counter() - start) / args.steps * 1e3)
    emit({"value": statistics.median(times), "unit": "ms", "rounds": times,
          "what": f"SB3 SAC.train(), batch 256, {args.hidden}-{args.hidden}, o = 4, d = 1, 1 thread",
          "versions": {"stable_baselines3": sb3.__version__, "torch": torch.__version__, "threads": torch.get_num_threads()}})


def checkpoint(args):
    torch, sb3 = need("torch", "stable_baselines3")
    from stable_baselines3 import PPO
    model = zoo_model("ppo", 0)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "agent.zip")
        saves, loads = [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            model.save(path)
            saves.append(time.perf_counter() - start)
            start = time.perf_counter()
            PPO.load(path, device="cpu")
            loads.append(time.perf_counter() - start)
        size = os.path.getsize(path)
    emit({"value": 1e3 * statistics.median(saves), "load": 1e3 * statistics.median(loads), "unit": "ms",
          "bytes": size, "what": "SB3 PPO CartPole agent: model.save(zip) / PPO.load",
          "versions": {"stable_baselines3": sb3.__version__}})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="workload", required=True)
    p = sub.add_parser("cartpole"); p.add_argument("--envs", type=int, default=1)
    p.add_argument("--mode", choices=["sync", "vector"], default="sync"); p.add_argument("--seconds", type=float, default=2)
    p = sub.add_parser("lunarlander"); p.add_argument("--seconds", type=float, default=2)
    p = sub.add_parser("mlp"); p.add_argument("--batch", type=int, default=64); p.add_argument("--seconds", type=float, default=1)
    p = sub.add_parser("solve"); p.add_argument("--algo", choices=["a2c", "ppo"], required=True)
    p.add_argument("--env", choices=["cartpole", "lunarlander", "halfcheetah"], default="cartpole")
    p.add_argument("--seed", type=int, default=0); p.add_argument("--max-steps", type=int, default=500_000)
    p.add_argument("--max-seconds", type=float, default=90)
    p.add_argument("--progress", type=int, default=0, help="print a progress line on stderr every N steps (0: none)")
    p = sub.add_parser("solve-offpolicy"); p.add_argument("--algo", choices=["sac", "td3"], required=True)
    p.add_argument("--env", choices=sorted(OFFPOLICY_IDS), default="pendulum")
    p.add_argument("--seed", type=int, default=0); p.add_argument("--max-steps", type=int, default=20_000)
    p.add_argument("--max-seconds", type=float, default=300)
    p.add_argument("--goal", type=float, default=-200); p.add_argument("--window", type=int, default=10)
    p = sub.add_parser("sac-step"); p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--rounds", type=int, default=9); p.add_argument("--steps", type=int, default=10)
    p = sub.add_parser("checkpoint"); p.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    {"cartpole": cartpole, "lunarlander": lunarlander, "mlp": mlp, "solve": solve, "solve-offpolicy": solve_offpolicy,
     "sac-step": sac_step, "checkpoint": checkpoint}[args.workload](args)


if __name__ == "__main__":
    main()
