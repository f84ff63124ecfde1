#!/usr/bin/env python3
"""Writes h5py copies of a Credo checkpoint for the integrity fuzz test: `h5py-copy.h5`, the
whole checkpoint rewritten by h5py (no Credo checksum block), and numbered copies each with one
damage that the content checks must reject (a non-finite value, a negative second moment, a
changed type or shape, a missing or extra dataset, inconsistent counters, an action log that is
outside the action space, does not match its length or does not replay, a zero generator state,
a damaged attribute).

    scripts/h5py_checkpoint_mutations.py <checkpoint.h5> <output-folder> <seed>

Prints one line per file written: its name, then a description of the damage.
"""
import os
import random
import sys

import h5py
import numpy as np


def read(path):
    datasets, attributes = {}, {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: datasets.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
        for key, value in f.attrs.items():
            attributes[key] = value.decode() if isinstance(value, bytes) else str(value)
    return datasets, attributes


def write(path, datasets, attributes):
    with h5py.File(path, "w") as f:
        for name, value in datasets.items():
            f.create_dataset(name, data=value)
        for key, value in attributes.items():
            f.attrs[key] = value


def main():
    source, folder, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    datasets, attributes = read(source)
    os.makedirs(folder, exist_ok=True)
    write(os.path.join(folder, "h5py-copy.h5"), datasets, attributes)
    print("h5py-copy.h5\tthe whole checkpoint rewritten by h5py")

    floats = sorted(n for n, v in datasets.items() if np.asarray(v).dtype.kind == "f" and np.asarray(v).size > 0)
    params = sorted(n for n in floats if n.startswith("params/"))
    moments = sorted(n for n in floats if n.startswith("optimizer/") and "/v/" in n)
    logs = sorted(n for n in datasets if n.startswith("env/") and n.endswith("/actions") and np.asarray(datasets[n]).shape[0] > 0)
    mutations = []

    def mutation(description, change):
        mutations.append((description, change))

    for value in (float("nan"), float("inf"), float("-inf")):
        for _ in range(5):
            name = rng.choice(floats)
            def change(d, a, name=name, value=value):
                array = np.array(d[name], copy=True)
                array.reshape(-1)[rng.randrange(array.size)] = value
                d[name] = array
            mutation(f"{name}: one value set to {value}", change)
    for _ in range(6):
        name = rng.choice(moments)
        def change(d, a, name=name):
            array = np.array(d[name], copy=True)
            array.reshape(-1)[rng.randrange(array.size)] = -7.8e9
            d[name] = array
        mutation(f"{name}: an Adam second moment set to -7.8e9", change)
    for _ in range(5):
        name = rng.choice(params)
        mutation(f"{name}: stored as float64", lambda d, a, name=name: d.__setitem__(name, np.asarray(d[name], dtype=np.float64)))
    for name in ("counters/environment_steps", "counters/updates"):
        mutation(f"{name}: stored as float64", lambda d, a, name=name: d.__setitem__(name, np.float64(d[name])))
    for _ in range(5):
        name = rng.choice(params)
        mutation(f"{name}: one value fewer", lambda d, a, name=name: d.__setitem__(name, np.asarray(d[name]).reshape(-1)[:-1]))
    for _ in range(3):
        name = rng.choice(params)
        mutation(f"{name}: flattened", lambda d, a, name=name: d.__setitem__(name, np.asarray(d[name]).reshape(-1))
                 if np.asarray(d[name]).ndim > 1 else d.__setitem__(name, np.asarray(d[name]).reshape(1, -1)))
    for _ in range(5):
        name = rng.choice(sorted(datasets))
        mutation(f"{name}: deleted", lambda d, a, name=name: d.pop(name))
    for name in ("extra", "params/policy/extra", "rng/extra"):
        mutation(f"{name}: added", lambda d, a, name=name: d.__setitem__(name, np.zeros(3, dtype=np.float32)))
    steps = int(datasets["counters/environment_steps"])
    mutation("counters/episodes: more episodes than steps", lambda d, a: d.__setitem__("counters/episodes", np.int64(steps + 1)))
    mutation("counters/updates: more updates than steps", lambda d, a: d.__setitem__("counters/updates", np.int64(steps + 1)))
    mutation("counters/environment_steps: negative", lambda d, a: d.__setitem__("counters/environment_steps", np.int64(-1)))
    mutation("optimizer/policy/step: ahead of the updates",
             lambda d, a: d.__setitem__("optimizer/policy/step", np.float32(int(d["counters/updates"]) + 1)))
    mutation("optimizer/policy/step: not a whole number", lambda d, a: d.__setitem__("optimizer/policy/step", np.float32(1.5)))
    mutation("diagnostics/recent_lengths: negative",
             lambda d, a: d.__setitem__("diagnostics/recent_lengths", -np.abs(np.asarray(d["diagnostics/recent_lengths"])) - 1))
    for name in logs[:3]:
        prefix = name[: -len("/actions")]
        for bad in (2.0, 0.5, -1.0, 1e30, float("nan")):
            def change(d, a, name=name, bad=bad):
                array = np.array(d[name], copy=True)
                array.reshape(-1)[rng.randrange(array.size)] = bad
                d[name] = array
            mutation(f"{name}: an action set to {bad}", change)
        mutation(f"{name}: the last action dropped", lambda d, a, name=name: d.__setitem__(name, np.asarray(d[name])[:-1]))
        mutation(f"{prefix}/episode_length: one more than the log",
                 lambda d, a, prefix=prefix: d.__setitem__(prefix + "/episode_length", np.int64(d[prefix + "/episode_length"]) + 1))

        def overlong(d, a, name=name, prefix=prefix):
            # 600 more pushes to the left: CartPole falls (or hits its 500-step limit) first.
            array = np.concatenate([np.asarray(d[name]), np.zeros((600, 1), dtype=np.float32)])
            d[name] = array
            d[prefix + "/episode_length"] = np.int64(array.shape[0])
        mutation(f"{name}: 600 more actions, which do not replay", overlong)
    for name in ("rng/agent", "rng/env/0", "rng/env_episode_start/0"):
        mutation(f"{name}: an all-zero state", lambda d, a, name=name: d.__setitem__(name, np.zeros(4, dtype=np.uint64)))
    mutation("rng/env/0: another stream than the replay reaches",
             lambda d, a: d.__setitem__("rng/env/0", np.asarray(d["rng/env/0"]) ^ np.uint64(1)))
    mutation("attribute config: not JSON", lambda d, a: a.__setitem__("config", a["config"][:-3]))
    mutation("attribute config: other hidden sizes", lambda d, a: a.__setitem__("config", a["config"].replace('"hiddenSizes":[8]', '"hiddenSizes":[9]')))
    mutation("attribute environment: another environment", lambda d, a: a.__setitem__("environment", "lunarlander"))
    mutation("attribute estimator: another estimator", lambda d, a: a.__setitem__("estimator", "relax"))
    mutation("attribute format_version: another version", lambda d, a: a.__setitem__("format_version", "999"))

    for index, (description, change) in enumerate(mutations):
        d, a = dict(datasets), dict(attributes)
        change(d, a)
        name = f"mutation-{index:03d}.h5"
        write(os.path.join(folder, name), d, a)
        print(f"{name}\t{description}")


if __name__ == "__main__":
    main()
