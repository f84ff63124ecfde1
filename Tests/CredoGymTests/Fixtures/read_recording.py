"""Reads a recording back for GymRecordingTests: python3 read_recording.py FILE.

Prints JSON: frames (count), durations (ms per frame, GIF), fps (MP4), and for every frame
the cart's pixel column in Gymnasium's CartPole picture (the middle of the black cart body in
row 310, 10 px below the cart's centre line at y = 100 of the 400-px-high flipped image), or
null when no cart pixel is in that row.
"""
import json
import sys

import numpy as np


def cart_column(rgb):
    row = rgb[310]
    dark = np.nonzero(row.max(axis=1) < 64)[0]
    return None if dark.size == 0 else (float(dark.min()) + float(dark.max())) / 2.0


path = sys.argv[1]
out = {"frames": 0, "durations": [], "columns": [], "fps": None, "size": None}
if path.endswith(".gif"):
    from PIL import Image, ImageSequence
    with Image.open(path) as im:
        out["size"] = list(im.size)
        for frame in ImageSequence.Iterator(im):
            out["durations"].append(frame.info.get("duration"))
            out["columns"].append(cart_column(np.asarray(frame.convert("RGB"))))
    out["frames"] = len(out["durations"])
else:
    import imageio_ffmpeg
    reader = imageio_ffmpeg.read_frames(path)
    meta = reader.__next__()
    out["fps"], out["size"] = meta["fps"], list(meta["size"])
    w, h = meta["size"]
    for data in reader:
        out["frames"] += 1
        out["columns"].append(cart_column(np.frombuffer(data, np.uint8).reshape(h, w, 3)))
print(json.dumps(out))
