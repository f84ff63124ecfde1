#!/usr/bin/env python3
"""Open a Credo checkpoint with h5py, check it reads naturally, and print what it holds.

Usage: python3 scripts/check_checkpoint_h5py.py PATH

Checks (exit status 1 with a message on the first failure):
  - every dataset has dtype float32, float64, int64 or uint64;
  - a scalar dataset has shape () and reads with dataset[()];
  - every root attribute comes back as a Python str (variable-length UTF-8).

Prints one JSON object to stdout, for people and for the Swift interop test:
  {"datasets": {name: {"shape": [...], "dtype": "float32", "values": [...]}},
   "attributes": {key: value}, "attribute_types": {key: "str"}}
Values are flattened row-major and written as strings (repr for floats, decimal for integers)
so that no precision is lost on the way through JSON.
"""
import json
import sys

import h5py
import numpy as np

ALLOWED_DTYPES = {"float32", "float64", "int64", "uint64"}


def fail(message):
    print(f"check_checkpoint_h5py: {message}", file=sys.stderr)
    sys.exit(1)


def as_text(value, dtype):
    if dtype.kind == "f":
        return repr(float(value))
    return str(int(value))


def main():
    if len(sys.argv) != 2:
        fail("usage: check_checkpoint_h5py.py PATH")
    summary = {"datasets": {}, "attributes": {}, "attribute_types": {}}
    with h5py.File(sys.argv[1], "r") as f:
        datasets = []
        f.visititems(lambda name, obj: datasets.append((name, obj)) if isinstance(obj, h5py.Dataset) else None)
        for name, dataset in datasets:
            dtype = dataset.dtype
            if dtype.name not in ALLOWED_DTYPES:
                fail(f"dataset {name!r} has dtype {dtype}, expected one of {sorted(ALLOWED_DTYPES)}")
            values = np.asarray(dataset[()])
            if values.shape != dataset.shape:
                fail(f"dataset {name!r} reads with shape {values.shape}, declared {dataset.shape}")
            summary["datasets"][name] = {
                "shape": list(dataset.shape),
                "dtype": dtype.name,
                "values": [as_text(v, dtype) for v in values.reshape(-1)],
            }
        for key, value in f.attrs.items():
            if not isinstance(value, str):
                fail(f"root attribute {key!r} reads as {type(value).__name__}, expected str")
            summary["attributes"][key] = value
            summary["attribute_types"][key] = type(value).__name__
    json.dump(summary, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
