/// The Python program each Gymnasium worker runs (`python -c <source> <parent pid>`).
///
/// It ships inside the Swift module as a string literal, so it is found wherever a Credo program
/// runs from (no resource bundle next to the executable, no file to install or go stale, nothing
/// to clean up); it needs the standard library, NumPy and Gymnasium only. Its protocol is
/// `GymWireFormat`'s: tagged, length-prefixed messages of raw little-endian arrays on the worker's
/// stdin and stdout (the worker moves its own stdout to a private descriptor first, so an
/// environment's `print` lands on stderr, never in the protocol).
///
/// The worker dies with its parent: EOF on its socket ends it, `prctl(PR_SET_PDEATHSIG, SIGKILL)`
/// (through ctypes) kills it when the parent dies (Credo starts workers from one long-lived
/// thread, `GymSpawner`, since the signal follows the starting thread), and a watchdog thread
/// exits within 0.5 s when its parent process id changes (a parent that died before prctl took
/// effect). Any exception is reported as one `E` message (type, text, traceback), then
/// the worker exits.
enum GymWorkerScript {
    static let source = definitions + "\n" + GymRecorderScript.source + "\n" + entry

    /// Everything up to the entry point.
    static let definitions = #"""
# credo-gym-worker: steps Gymnasium environments for Credo's gym: vector environment.
# Protocol (all integers little-endian): every message is a tag byte, a uint32 payload length,
# the payload. In: b"I" JSON {id, kwargs, seeds_count, parent}; b"S" actions (int64 or float32
# per copy); b"R" reset: uint8 seeded then one uint64 seed per copy; b"Q" quit.
# Out: b"H" JSON spaces; b"T" step: obs f32[m,o], reward f64[m], terminated u8[m],
# truncated u8[m], final obs f32[m,o]; b"O" reset: obs f32[m,o]; b"E" JSON {type, message, traceback}.
# Recording (handshake with "record": "gif" or "mp4"): b"V" JSON {path, max_frames} starts a file,
# answered by b"v" JSON {error}; b"W" finishes it, answered by b"w" JSON {frames, dropped, fps, error}.
import json, os, signal, struct, sys, threading, time, traceback

IN = os.dup(0)
OUT = os.dup(1)
os.dup2(2, 1)  # print() in an environment goes to stderr, never into the protocol
PARENT = int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid()


def die_with_parent():
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != PARENT:
        os._exit(1)

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != PARENT:
                os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


PENDING = bytearray()


def read_exact(n):
    # Buffered: a command's header and payload usually arrive in one read.
    while len(PENDING) < n:
        b = os.read(IN, max(65536, n - len(PENDING)))
        if not b:
            os._exit(0)  # the parent closed the socket: it is gone or done
        PENDING.extend(b)
    out = bytes(PENDING[:n])
    del PENDING[:n]
    return out


def receive():
    head = read_exact(5)
    tag, n = head[:1], struct.unpack("<I", head[1:])[0]
    return tag, (read_exact(n) if n else b"")


def send(tag, payload):
    data = tag + struct.pack("<I", len(payload)) + payload
    view = memoryview(data)
    while view:
        view = view[os.write(OUT, view):]


class Refused(Exception):
    pass


def describe(space, gym):
    S = gym.spaces
    import numpy as np
    if isinstance(space, S.Discrete):
        return {"kind": "discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, S.Box):
        def finite(values):
            return [float(x) if np.isfinite(x) else ("inf" if x > 0 else "-inf")
                    for x in np.asarray(values, dtype=np.float64).reshape(-1)]
        return {"kind": "box", "shape": [int(s) for s in space.shape], "low": finite(space.low),
                "high": finite(space.high), "dtype": str(space.dtype)}
    return None


def main():
    die_with_parent()
    # Ctrl-C reaches the whole process group: the trainer stops between updates and writes its
    # checkpoint, so its workers must keep stepping until it closes them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tag, payload = receive()
    if tag != b"I":
        raise RuntimeError("expected the handshake, got %r" % tag)
    init = json.loads(payload)
    if init.get("record"):
        if not os.environ.get("MUJOCO_GL") and not os.environ.get("DISPLAY"):
            os.environ["MUJOCO_GL"] = "egl"  # headless MuJoCo renders through EGL (GLFW needs a display)
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # pygame draws off screen: no display probed
    import gymnasium as gym
    import numpy as np
    env_id, kwargs, m = init["id"], init.get("kwargs") or {}, int(init["copies"])
    record = init.get("record")
    if record:
        recorder_check(record)
        kwargs = dict(kwargs, render_mode="rgb_array")
    try:
        envs = [gym.make(env_id, **kwargs) for _ in range(m)]
    except TypeError as e:
        if record and "render_mode" in str(e):
            raise CannotRender("gym:%s has no rgb_array render mode: %s" % (env_id, e))
        raise
    spaces = {}
    for role, space in (("observation", envs[0].observation_space), ("action", envs[0].action_space)):
        d = describe(space, gym)
        if d is None:
            raise Refused("the %s space of %s is %s (%s); Credo supports Discrete and Box spaces (any shape, flattened)"
                          % (role, env_id, space, type(space).__name__))
        spaces[role] = d
    recorder = None
    if record:
        spaces["frame"] = probe_frame(envs[0], env_id, np)
        recorder = Recorder(record, spaces["frame"])
    send(b"H", json.dumps(spaces).encode())
    obs_space, act_space = envs[0].observation_space, envs[0].action_space
    o = int(np.prod(obs_space.shape)) if spaces["observation"]["kind"] == "box" else 1
    discrete_actions = spaces["action"]["kind"] == "discrete"
    a = 1 if discrete_actions else int(np.prod(act_space.shape))
    start = spaces["action"].get("start", 0)
    act_shape, act_dtype = act_space.shape, act_space.dtype
    obs = np.zeros((m, o), np.float32)
    final = np.zeros((m, o), np.float32)
    reward = np.zeros(m, np.float64)
    term = np.zeros(m, np.uint8)
    trunc = np.zeros(m, np.uint8)

    def put(row, j, x, when):
        x = np.asarray(x)
        if x.size != o:
            raise ValueError("%s copy %d returned an observation of shape %s from %s; its observation space %s has %d values"
                             % (env_id, j, x.shape, when, obs_space, o))
        row[:] = x.reshape(-1)

    # The step loop's per-copy work is kept to the environment's own step: the actions are
    # converted once for all copies (one numpy operation, then Python scalars or rows), and the
    # observations, rewards and flags are gathered in lists and written into their arrays in one
    # numpy assignment each. Observations that do not stack to (m, o) (another shape of the same
    # size, a scalar of a Discrete space, a wrong shape) go through put() row by row, which
    # converts or refuses them as before. A worker's CPU time per vector step fell by 5-7 % this
    # way (bench/gym_worker_loop.py: 8 CartPole-v1 copies 155 -> 144 µs, 4 copies 74 -> 70 µs,
    # of which the environments' own steps are 127 and 60 µs).
    steps = [env.step for env in envs]
    resets = [env.reset for env in envs]
    while True:
        tag, payload = receive()
        if tag == b"S":
            if discrete_actions:
                actions = (np.frombuffer(payload, np.int64) + start).tolist()
            else:
                actions = list(np.frombuffer(payload, np.float32).reshape((m,) + tuple(act_shape)).astype(act_dtype))
            xs, rs, tes, trs, restarted = [], [], [], [], set()
            for j in range(m):
                x, r, te, tr, _ = steps[j](actions[j])
                rs.append(r); tes.append(te); trs.append(tr)
                if recorder is not None and j == 0:
                    recorder.add(envs[0])
                if te or tr:
                    put(final[j], j, x, "step")
                    x, _ = resets[j]()
                    restarted.add(j)
                xs.append(x)
            try:
                stacked = np.array(xs, dtype=np.float32)
            except (ValueError, TypeError):
                stacked = None
            if stacked is not None and stacked.shape == obs.shape:
                obs[:] = stacked
            else:
                for j, x in enumerate(xs):
                    put(obs[j], j, x, "reset" if j in restarted else "step")
            try:
                reward[:] = rs
            except (ValueError, TypeError):
                reward[:] = [float(r) for r in rs]  # e.g. a reward returned as a one-element array
            term[:] = tes
            trunc[:] = trs
            send(b"T", obs.tobytes() + reward.tobytes() + term.tobytes() + trunc.tobytes() + final.tobytes())
        elif tag == b"R":
            seeded = payload[0] == 1
            seeds = np.frombuffer(payload[1:], np.uint64)
            for j, env in enumerate(envs):
                x, _ = env.reset(seed=int(seeds[j])) if seeded else env.reset()
                put(obs[j], j, x, "reset")
                if recorder is not None and j == 0:
                    recorder.add(env)
            send(b"O", obs.tobytes())
        elif tag == b"V" and recorder is not None:
            request = json.loads(payload)
            recorder.start(request["path"], request["max_frames"])
            send(b"v", json.dumps({"error": recorder.error}).encode())
        elif tag == b"W" and recorder is not None:
            send(b"w", json.dumps(recorder.finish()).encode())
        elif tag == b"Q":
            for env in envs:
                env.close()
            return
        else:
            raise RuntimeError("unknown command %r" % tag)


"""#

    /// The entry point: runs `main`, reporting any exception as one `E` message.
    static let entry = #"""
try:
    main()
except BaseException as e:
    kind = type(e).__name__
    if isinstance(e, Refused):
        kind = "UnsupportedSpace"
    try:
        send(b"E", json.dumps({"type": kind, "message": str(e), "module": getattr(e, "name", None) or "",
                               "traceback": traceback.format_exc()}).encode())
    except BaseException:
        pass
    os._exit(1)
os._exit(0)
"""#
}
