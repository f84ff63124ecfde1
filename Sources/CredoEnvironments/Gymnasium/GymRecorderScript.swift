/// The part of the Gymnasium worker that records a copy's frames (`GymWorkerScript.source`
/// includes it; it runs only when the handshake asks for `render_mode="rgb_array"`).
///
/// The worker renders copy 0 after every reset and after every step (before a same-step
/// autoreset, so the last frame of an episode is its final state) while a file is open, and
/// writes each frame to the encoder at once: pixels never cross the socket, and memory holds at
/// most two frames, whatever the episode's length.
///
/// - **GIF** (Pillow): written frame by frame. Each frame is the rectangle that changed since the
///   previous one (disposal "leave in place"; an unchanged frame is a 1 × 1 rectangle, so the
///   file keeps one GIF frame per state), with its own palette: the exact colours when it has at
///   most 256, else Pillow's fast-octree quantisation. Frame k is shown from
///   round(100 k s / fps) to round(100 (k+1) s / fps) centiseconds (GIF counts in centiseconds),
///   so the animation keeps real time; s = ⌈fps / 50⌉ keeps every s-th frame when `render_fps`
///   exceeds 50 (browsers slow delays under 2 cs down to 10 cs).
/// - **MP4** (imageio-ffmpeg's own ffmpeg, H.264, yuv420p, `-f mp4`): every frame at `render_fps`.
///
/// An encoder error while frames are written (a full disk) stops the recording and is reported
/// when the file is finished; the episode goes on.
enum GymRecorderScript {
    static let source = #"""
class RecorderMissing(Exception):
    pass


class CannotRender(Exception):
    pass


GIF_MAX_FPS = 50.0
MAX_PIXELS = 1 << 24


def recorder_check(fmt):
    # The encoder must import before any episode is played.
    if fmt == "gif":
        try:
            import PIL.Image, PIL.ImageChops, PIL.GifImagePlugin  # noqa: F401
        except ImportError as e:
            raise RecorderMissing("Pillow|pillow|%s" % e)
    elif fmt == "mp4":
        try:
            import imageio_ffmpeg
            imageio_ffmpeg.get_ffmpeg_exe()
        except Exception as e:
            raise RecorderMissing("imageio-ffmpeg|imageio-ffmpeg|%s" % e)
    else:
        raise CannotRender("unknown recording format %r (gif, mp4)" % fmt)


def probe_frame(env, env_id, np):
    # One rendered frame after a reset: the render mode works (MuJoCo's GL backend included).
    modes = env.metadata.get("render_modes") or []
    if "rgb_array" not in modes:
        raise CannotRender("gym:%s has no rgb_array render mode (its render modes: %s)" % (env_id, ", ".join(map(str, modes)) or "none"))
    env.reset(seed=0)
    try:
        frame = env.render()
    except Exception as e:
        raise CannotRender("gym:%s could not render a frame: %s: %s" % (env_id, type(e).__name__, e))
    frame = np.asarray(frame) if frame is not None else None
    if frame is None or frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
        raise CannotRender("gym:%s rendered %s, not an RGB image (height x width x 3 bytes)"
                           % (env_id, None if frame is None else "%s %s" % (frame.shape, frame.dtype)))
    h, w = int(frame.shape[0]), int(frame.shape[1])
    if h * w > MAX_PIXELS:
        raise CannotRender("gym:%s renders %d x %d pixels; a recording takes at most %d pixels a frame" % (env_id, w, h, MAX_PIXELS))
    fps = float(env.metadata.get("render_fps") or 30)
    return {"width": w, "height": h, "fps": fps}


class GifFile:
    def __init__(self, path, width, height, fps):
        from PIL import Image, ImageChops, GifImagePlugin
        import numpy as np
        self.Image, self.ImageChops, self.Gif, self.np = Image, ImageChops, GifImagePlugin, np
        self.stride = max(1, int(-(-fps // GIF_MAX_FPS)))
        self.fps = fps / self.stride
        self.size = (width, height)
        self.fp = open(path, "wb")
        self.previous = None
        self.seen = 0
        self.kept = 0
        # Header, logical screen (no global colour table), loop forever (NETSCAPE2.0).
        self.fp.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
                      + b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")

    def centiseconds(self, k):
        return int(round(100.0 * k / self.fps))

    def palette_image(self, rgb):
        np, Image = self.np, self.Image
        colors = rgb.getcolors(256)
        if colors is None:
            return rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        keys = np.sort(np.array([(c[0] << 16) | (c[1] << 8) | c[2] for _, c in colors], np.int64))
        a = np.asarray(rgb).astype(np.int64)
        index = np.searchsorted(keys, (a[..., 0] << 16) | (a[..., 1] << 8) | a[..., 2]).astype(np.uint8)
        image = Image.fromarray(index, "L").convert("P")
        table = np.stack([keys >> 16, (keys >> 8) & 255, keys & 255], 1).astype(np.uint8)
        image.putpalette(table.tobytes())
        return image

    def add(self, frame):
        k = self.seen
        self.seen += 1
        if k % self.stride:
            return
        rgb = self.Image.fromarray(frame, "RGB")
        if rgb.size != self.size:
            raise ValueError("a frame of %s pixels in a recording of %s" % (rgb.size, self.size))
        box = (0, 0) + self.size
        if self.previous is not None:
            box = self.ImageChops.difference(rgb, self.previous).getbbox() or (0, 0, 1, 1)
        self.previous = rgb
        part = self.palette_image(rgb.crop(box))
        j = self.kept
        self.kept += 1
        duration = 10 * (self.centiseconds(j + 1) - self.centiseconds(j))
        for chunk in self.Gif.getdata(part, offset=box[:2], duration=duration, disposal=1, include_color_table=True):
            self.fp.write(chunk)

    def close(self):
        self.fp.write(b";")
        self.fp.close()
        return self.kept


class Mp4File:
    def __init__(self, path, width, height, fps):
        import imageio_ffmpeg
        self.fps = fps
        self.kept = 0
        self.writer = imageio_ffmpeg.write_frames(path, (width, height), fps=fps, codec="libx264", pix_fmt_out="yuv420p",
                                                  macro_block_size=2, output_params=["-f", "mp4"], ffmpeg_log_level="error")
        self.writer.send(None)

    def add(self, frame):
        self.writer.send(frame.tobytes())
        self.kept += 1

    def close(self):
        self.writer.close()
        return self.kept


class Recorder:
    # The frames of copy 0 while a file is open; errors are kept for finish().
    def __init__(self, fmt, frame):
        self.fmt, self.frame, self.file, self.error = fmt, frame, None, None
        self.max_frames, self.dropped, self.path = 0, 0, None

    def start(self, path, max_frames):
        self.error, self.dropped, self.max_frames, self.path = None, 0, int(max_frames), path
        f = self.frame
        try:
            self.file = (GifFile if self.fmt == "gif" else Mp4File)(path, f["width"], f["height"], f["fps"])
        except Exception as e:
            self.file, self.error = None, "%s: %s" % (type(e).__name__, e)

    def add(self, env):
        if self.file is None or self.error is not None:
            return
        if self.file.kept >= self.max_frames:
            self.dropped += 1
            return
        try:
            self.file.add(env.render())
        except Exception as e:
            self.error = "%s: %s" % (type(e).__name__, e)

    def finish(self):
        kept, fps = 0, self.frame["fps"]
        if self.file is not None:
            try:
                kept, fps = self.file.close(), self.file.fps
            except Exception as e:
                self.error = self.error or "%s: %s" % (type(e).__name__, e)
        self.file = None
        return {"frames": kept, "dropped": self.dropped, "fps": fps, "error": self.error}
"""#
}
