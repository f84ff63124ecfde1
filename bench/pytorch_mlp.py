#!/usr/bin/env python3
"""PyTorch's CPU step for the network credo-bench measures: MLP 4-64-64-2 (tanh), MSE loss,
forward + backward + Adam, at batch 1, 64 and 2048. Prints microseconds per step in the same
layout as `swift run -c release credo-bench mlp`, best of three rounds of at least 0.3 s.

Usage: python3 bench/pytorch_mlp.py   (needs `pip install torch`; exits 0 with a message if absent)
"""
import sys
import time

try:
    import torch
except ImportError:
    print("torch is not installed (pip install torch); nothing to compare against")
    sys.exit(0)


def microseconds_per_call(fn, minimum_seconds=0.3):
    fn()
    best = float("inf")
    for _ in range(3):
        calls, start = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= minimum_seconds:
                break
        best = min(best, elapsed / calls * 1e6)
    return best


def main():
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print("== MLP 4-64-64-2 (tanh): forward, backward and Adam step (PyTorch CPU) ==")
    print("batch   us/step   forward us")
    for batch in (1, 64, 2048):
        model = torch.nn.Sequential(
            torch.nn.Linear(4, 64), torch.nn.Tanh(),
            torch.nn.Linear(64, 64), torch.nn.Tanh(),
            torch.nn.Linear(64, 2))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x, y = torch.randn(batch, 4), torch.randn(batch, 2)

        def step():
            opt.zero_grad(set_to_none=True)
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()

        def forward():
            with torch.no_grad():
                model(x)

        print(f"{batch:<8}{microseconds_per_call(step):<10.1f}{microseconds_per_call(forward):.1f}")


if __name__ == "__main__":
    main()
