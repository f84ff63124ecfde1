"""The arithmetic floor of one discrete-VAE training step (docs/experiments/vae.md): the time of
the matrix products alone that a REINFORCE step of each model needs at batch 50 (forward through
encoder and decoder; the decoder's full backward; the encoder's weight gradients, and its
backward through the hidden layers), with numpy's OpenBLAS on one thread, median of 200.

    OPENBLAS_NUM_THREADS=1 python3 bench/vae_floor.py
"""
import json

from matmul_floor import backward, floor, flop, forward


def products(sizes, batch, backward_inputs):
    """(m, k, n) of an MLP's forward, weight gradients and input gradients (layer by layer)."""
    out = []
    for layer in range(len(sizes) - 1):
        pair = sizes[layer:layer + 2]
        out += forward(pair, batch) + backward(pair, batch, first_input=backward_inputs or layer > 0)
    return out


models = {
    # encoder 784-200, decoder 200-784; the decoder's input gradient is not needed by REINFORCE.
    "linear": products([784, 200], 50, False) + products([200, 784], 50, False),
    "categorical": products([784, 512, 256, 200], 50, False) + products([200, 256, 512, 784], 50, False),
}
result = {}
for name, shapes in models.items():
    flops = flop(shapes)
    seconds = floor(shapes)
    result[name] = {"products": len(shapes), "mflop": flops / 1e6, "seconds": seconds, "gflops": flops / seconds / 1e9}
print(json.dumps(result, indent=1))
