"""The arithmetic floor of one discrete-VAE training step (docs/experiments/vae.md): the time of
the matrix products alone that a REINFORCE step of each model needs at batch 50 (forward through
encoder and decoder; the decoder's full backward; the encoder's weight gradients, and its
backward through the hidden layers), with numpy's OpenBLAS on one thread, median of 200.

    OPENBLAS_NUM_THREADS=1 python3 bench/vae_floor.py
"""
import json
import time

import numpy as np


def products(sizes, batch, backward_inputs):
    """(m, k, n) of the products of an MLP's forward, weight gradients and input gradients."""
    out = []
    for i in range(len(sizes) - 1):
        a, b = sizes[i], sizes[i + 1]
        out.append((batch, a, b))            # forward   h W
        out.append((a, batch, b))            # weight    hᵀ g
        if i > 0 or backward_inputs:
            out.append((batch, b, a))        # input     g Wᵀ
    return out


def floor(shapes, rounds=200):
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


models = {
    # encoder 784-200, decoder 200-784; the decoder's input gradient is not needed by REINFORCE.
    "linear": products([784, 200], 50, False) + products([200, 784], 50, False),
    "categorical": products([784, 512, 256, 200], 50, False) + products([200, 256, 512, 784], 50, False),
}
result = {}
for name, shapes in models.items():
    flops = sum(2 * m * k * n for m, k, n in shapes)
    seconds = floor(shapes)
    result[name] = {"products": len(shapes), "mflop": flops / 1e6, "seconds": seconds, "gflops": flops / seconds / 1e9}
print(json.dumps(result, indent=1))
