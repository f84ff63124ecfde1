"""The arithmetic floor of one SAC gradient step at batch 256 with 256-256 networks (issue 21):
the time of the matrix products alone, with numpy's OpenBLAS on one thread, median of 200.
The step is Stable-Baselines3's (and Credo's `OffPolicyActorCritic.gradientStep`):

- actor forward at s (the draw whose log π trains α and the actor), and at s' (the TD target's a');
- both target critics forward at (s', a');
- both critics forward at (s, a), backward: weight gradients of every layer, input gradients of
  all but the first;
- the actor's loss: both critics forward at (s, a_θ), backward to the action (input gradients of
  every layer, no weight gradients), then the actor backward (weight gradients of every layer,
  input gradients of all but the first).

    OPENBLAS_NUM_THREADS=1 python3 bench/sac_floor.py [observation size, default 4] [action size, default 1] [width, default 256]
"""
import json
import sys

from matmul_floor import backward, floor, flop, forward


def sac_step(o, d, hidden=(256, 256), batch=256):
    actor = [o, *hidden, 2 * d]
    critic = [o + d, *hidden, 1]
    shapes = []
    shapes += forward(actor, batch)                          # actor at s
    shapes += forward(actor, batch)                          # actor at s' (target a')
    shapes += 2 * forward(critic, batch)                     # target critics at (s', a')
    shapes += 2 * (forward(critic, batch) + backward(critic, batch))                  # critic step
    shapes += 2 * (forward(critic, batch) + backward(critic, batch, weights=False, first_input=True))  # ∂Q/∂a
    shapes += backward(actor, batch)                         # actor's parameters
    return shapes


o = int(sys.argv[1]) if len(sys.argv) > 1 else 4
d = int(sys.argv[2]) if len(sys.argv) > 2 else 1
width = int(sys.argv[3]) if len(sys.argv) > 3 else 256
shapes = sac_step(o, d, hidden=(width, width))
flops = flop(shapes)
seconds = floor(shapes)
print(json.dumps({"observation_size": o, "action_size": d, "width": width, "products": len(shapes), "gflop": flops / 1e9,
                  "seconds": seconds, "gflops": flops / seconds / 1e9}, indent=1))
