"""The arithmetic floor of a training step: the time of its matrix products alone, with numpy's
OpenBLAS (run with OPENBLAS_NUM_THREADS=1 for one thread), median of `rounds`. Shared by
bench/sac_floor.py (one SAC gradient step) and bench/vae_floor.py (one discrete-VAE step).

A product is (m, k, n): an [m, k] matrix times a [k, n] one, 2·m·k·n FLOP. For an MLP of layer
sizes s_0 … s_L at batch B, layer i (a = s_i, b = s_{i+1}) has
- forward:         (B, a, b)   h W
- weight gradient: (a, B, b)   hᵀ g
- input gradient:  (B, b, a)   g Wᵀ (not needed for the first layer unless the input's gradient is)
"""
import time

import numpy as np


def forward(sizes, batch):
    """The forward products of an MLP of layer sizes `sizes` at `batch` rows."""
    return [(batch, sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]


def backward(sizes, batch, weights=True, first_input=False):
    """The backward products: weight gradients (when `weights`) and input gradients of every layer
    but the first (and of the first too when `first_input`)."""
    out = []
    for i in range(len(sizes) - 1):
        a, b = sizes[i], sizes[i + 1]
        if weights:
            out.append((a, batch, b))
        if i > 0 or first_input:
            out.append((batch, b, a))
    return out


def flop(shapes):
    """2·m·k·n summed over the products."""
    return sum(2 * m * k * n for m, k, n in shapes)


def floor(shapes, rounds=200):
    """Median seconds over `rounds` of computing every product once (random Float32 operands, seed 0)."""
    rng = np.random.default_rng(0)
    mats = [(rng.standard_normal((m, k), dtype=np.float32), rng.standard_normal((k, n), dtype=np.float32))
            for m, k, n in shapes]
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        for a, b in mats:
            a @ b
        times.append(time.perf_counter() - t)
    return float(np.median(times))
