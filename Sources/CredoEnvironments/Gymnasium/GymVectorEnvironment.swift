import CredoTensor
import Foundation

/// N copies of a Gymnasium environment, made by `gymnasium.make` and stepped by Gymnasium itself
/// in W Python worker processes (default: one per core, at most one per copy), each stepping its
/// contiguous share of the copies per command: one round trip per worker per vector step, every
/// array raw little-endian bytes over a Unix socket (`GymWireFormat`), no pickling.
///
/// Same-step autoreset, as Credo's `VectorEnvironment` (not Gymnasium's vector autoreset, whose
/// default is next-step): the worker resets a copy in the step that ends its episode and returns
/// the final observation beside the new one. `terminated` and `truncated` are Gymnasium's own
/// (its `TimeLimit` sets `truncated`). Observations of any dtype arrive as Float32, flattened;
/// Box actions are clipped to the space first (as Stable-Baselines3 does), Discrete actions go as
/// integers (plus the space's `start`).
///
/// Seeds: copy i's first reset uses `copySeeds[i]`, drawn from the i-th stream split from the
/// run's seed (as Credo's own copies get theirs); later autoresets are unseeded and continue each
/// copy's own generator, so the same seed and actions give the same episodes for Gymnasium's
/// deterministic environments.
///
/// Faults: a worker that raises, dies, hangs past `timeout`, or sends NaN stops the whole vector
/// environment (every worker killed and reaped) with a `GymError`; later calls throw it again.
/// `close()` (and deinit) stops the workers; they also die with this process (see
/// `GymWorkerScript`).
public final class GymVectorEnvironment: VectorEnvironmentProtocol {
    /// Gymnasium's id (`CartPole-v1`, `module:EnvId-v0`).
    public let id: String
    public let count: Int
    public let observationSize: Int
    public let observationSpace: Space
    public let actionSpace: Space
    /// The seed of each copy's first reset after `reset(seed:)`.
    public private(set) var copySeeds: [UInt64]
    /// The interpreter the workers run.
    public let python: String
    /// Seconds a step or reset may take before the workers are stopped.
    public var timeout: Double
    public private(set) var observations: [Float]
    public private(set) var finalObservations: [Float]
    public private(set) var rewards: [Double]
    public private(set) var terminated: [Bool]
    public private(set) var truncated: [Bool]
    /// The frames of a recording environment (`recording:` given): size and `render_fps`.
    public let frameFormat: GymFrameFormat?

    var workers: [GymWorker]
    /// Worker w steps copies shares[w].
    private let shares: [Range<Int>]
    private var failure: GymError?
    private var scratch: [[UInt8]]

    /// Starts the workers, makes the copies, checks their spaces and resets them with seeds split
    /// from `seed`. Throws a `GymError` naming what is missing (Python, gymnasium, an extra) or
    /// wrong (an unknown id, an unsupported space) before any training starts.
    ///
    /// - Parameters:
    ///   - keywordArguments: a JSON object passed to `gymnasium.make(id, **kwargs)`.
    ///   - workers: worker processes (default: `CREDO_GYM_WORKERS`, else one per active core; at most `count`).
    ///   - python: the interpreter (default: `GymPython.resolve()`).
    ///   - environment: variables set in the workers' environment besides this process's
    ///     (`PYTHONPATH` for a module that registers environments, say).
    ///   - timeout: seconds a step may take (default: `CREDO_GYM_TIMEOUT` or 60); starting a worker
    ///     may take 4 times as long (importing MuJoCo).
    ///   - recording: record frames in this format (`startRecording(to:maximumFrames:)`): the copy
    ///     is made with `render_mode="rgb_array"`, and the worker checks the encoder and renders one
    ///     frame before this returns. One copy only.
    public init(id: String, count: Int, seed: UInt64 = 0, keywordArguments: String? = nil, workers workerCount: Int? = nil,
                python: String? = nil, timeout: Double? = nil, environment extraEnvironment: [String: String] = [:],
                recording: GymVideoFormat? = nil) throws {
        guard count >= 1 else { throw GymError.closed("a vector environment needs at least one copy, got \(count)") }
        guard recording == nil || count == 1 else { throw GymError.closed("a recording environment has one copy, got \(count)") }
        self.id = id
        self.count = count
        let resolved = try python.map { try GymPython.check($0, chosenBy: "given as --python") } ?? GymPython.resolve()
        self.python = resolved
        self.timeout = timeout ?? GymPython.defaultTimeout
        let kwargs = try GymPython.parseKeywordArguments(keywordArguments)
        let w = max(1, min(count, workerCount ?? GymPython.defaultWorkers))
        let spin = try GymPython.spinSeconds(workers: w)
        shares = (0..<w).map { ($0 * count / w)..<(($0 + 1) * count / w) }
        let environment = GymPython.workerEnvironment().merging(extraEnvironment) { $1 }
        var started: [GymWorker] = []
        do {
            for i in 0..<w { started.append(try GymWorker(index: i, python: resolved, environment: environment)) }
        } catch {
            for worker in started { worker.kill() }
            throw error
        }
        for worker in started { worker.spinSeconds = spin }
        workers = started
        scratch = Array(repeating: [], count: w)
        observations = []; finalObservations = []; rewards = []; terminated = []; truncated = []; copySeeds = []
        var spaces: GymWireFormat.Spaces?
        do {
            for (i, worker) in workers.enumerated() {
                var handshake: [String: Any] = ["id": id, "kwargs": kwargs, "copies": shares[i].count]
                if let recording { handshake["record"] = recording.rawValue }
                let message = try JSONSerialization.data(withJSONObject: handshake)
                try worker.send(GymWireFormat.handshake, [UInt8](message))
            }
            for worker in workers {
                let reply = try GymWireFormat.Spaces.receive(from: worker, timeout: 4 * self.timeout, id: id, python: resolved)
                if let spaces, spaces != reply {
                    throw GymError.protocolViolation(worker: worker.index, "its spaces differ from worker 0's")
                }
                spaces = reply
            }
        } catch {
            for worker in workers { worker.kill() }
            workers = []
            throw error
        }
        frameFormat = spaces!.frame
        observationSpace = spaces!.observation
        actionSpace = spaces!.action
        observationSize = observationSpace.flatSize
        // Sizes are bounded before the buffers are allocated.
        guard observationSize >= 1, count * observationSize <= Self.maximumScalars else {
            for worker in workers { worker.kill() }
            workers = []
            throw GymError.unsupportedSpace("the observation space of \(id) is \(observationSpace): \(count) copies of it "
                + "would hold \(count * observationSize) values; the bridge holds at most \(Self.maximumScalars) (2^26)")
        }
        observations = Array(repeating: 0, count: count * observationSize)
        finalObservations = observations
        rewards = Array(repeating: 0, count: count)
        terminated = Array(repeating: false, count: count)
        truncated = terminated
        try reset(seed: seed)
    }

    deinit { stopWorkers() }

    /// Whether copy i's episode ended in the last step (either way).
    public func isDone(_ i: Int) -> Bool { terminated[i] || truncated[i] }

    /// The last observation of copy i's episode that ended in the last step.
    public func finalObservation(_ i: Int) -> ArraySlice<Float> {
        finalObservations[i * observationSize..<(i + 1) * observationSize]
    }

    /// Copy i's current observation.
    public func observation(_ i: Int) -> ArraySlice<Float> {
        observations[i * observationSize..<(i + 1) * observationSize]
    }

    /// The most observation scalars of all copies together (2^26 Float32, 256 MiB).
    public static let maximumScalars = 1 << 26

    /// The seed of copy i's first reset from run seed `seed`: the first word of the i-th stream
    /// split from it, as a non-negative 63-bit integer.
    public static func copySeeds(count: Int, seed: UInt64) -> [UInt64] {
        var root = RandomGenerator(seed: seed)
        return (0..<count).map { _ in var stream = root.split(); return stream.next() >> 1 }
    }

    /// Resets every copy: with a seed, copy i from `copySeeds(count:seed:)[i]`; without, each from
    /// its own generator.
    public func reset(seed: UInt64? = nil) throws {
        if let seed { copySeeds = Self.copySeeds(count: count, seed: seed) }
        try guarded("reset") {
            for (w, worker) in workers.enumerated() {
                var payload: [UInt8] = [seed == nil ? 0 : 1]
                for i in shares[w] { withUnsafeBytes(of: copySeeds[i].littleEndian) { payload += $0 } }
                try worker.send(GymWireFormat.reset, payload)
            }
            let o = observationSize
            for (w, worker) in workers.enumerated() {
                let m = shares[w].count
                try receive(GymWireFormat.resetDone, bytes: m * o * 4, from: worker, w: w, during: "reset")
                scratch[w].withUnsafeBytes { raw in
                    observations.withUnsafeMutableBytes {
                        $0.baseAddress!.advanced(by: shares[w].lowerBound * o * 4).copyMemory(from: raw.baseAddress!, byteCount: m * o * 4)
                    }
                }
            }
            for i in 0..<count { rewards[i] = 0; terminated[i] = false; truncated[i] = false }
            try checkFinite(observations, what: "observation")
        }
    }

    /// Steps copy i with `actions[i]` (Box actions clipped to the space), resetting the copies
    /// whose episodes end in the same step.
    public func step(_ actions: [Action]) throws {
        precondition(actions.count == count, "\(actions.count) actions for \(count) copies")
        try guarded("a step") {
            for (w, worker) in workers.enumerated() {
                try worker.send(GymWireFormat.step, try GymWireFormat.encode(actions[shares[w]], in: actionSpace))
            }
            let o = observationSize
            for (w, worker) in workers.enumerated() {
                let m = shares[w].count
                try receive(GymWireFormat.stepDone, bytes: GymWireFormat.stepBytes(copies: m, observationSize: o),
                            from: worker, w: w, during: "a step")
                GymWireFormat.decodeStep(scratch[w], copies: m, observationSize: o, first: shares[w].lowerBound,
                                         observations: &observations, finals: &finalObservations,
                                         rewards: &rewards, terminated: &terminated, truncated: &truncated)
            }
            try checkFinite(observations, what: "observation")
            for i in 0..<count where !rewards[i].isFinite { throw GymError.nonFinite(what: "reward", copy: i, value: rewards[i]) }
            for i in 0..<count where isDone(i) {
                for x in finalObservation(i) where !x.isFinite { throw GymError.nonFinite(what: "final observation", copy: i, value: Double(x)) }
            }
        }
    }

    /// Stops every worker (idempotent); the environment cannot be stepped afterwards.
    public func close() {
        if failure == nil { failure = .closed("close() was called") }
        stopWorkers()
    }

    /// The process ids of the running workers (for tests and diagnostics).
    public var workerProcessIdentifiers: [Int32] { workers.map(\.pid) }

    private func stopWorkers() {
        for worker in workers { try? worker.send(GymWireFormat.quit, []) }
        for worker in workers { worker.kill(signal: 0) }
        workers = []
    }

    /// Runs `body`; on any error stops every worker and remembers the error for later calls.
    func guarded(_ what: String, _ body: () throws -> Void) throws {
        if let failure { throw failure }
        do { try body() } catch {
            let gymError = (error as? GymError) ?? .closed("\(error)")
            failure = gymError
            for worker in workers { worker.kill() }
            workers = []
            throw gymError
        }
    }

    private func receive(_ tag: UInt8, bytes: Int, from worker: GymWorker, w: Int, during: String) throws {
        let (got, length) = try worker.receiveHeader(timeout: timeout, during: during)
        if got == GymWireFormat.error {
            throw GymWireFormat.raised(try worker.receiveJSON(length: length, timeout: timeout, during: during), worker: w,
                                       id: id, python: python)
        }
        guard got == tag, length == bytes else {
            throw GymError.protocolViolation(worker: w, "expected tag \(tag) with \(bytes) bytes, got tag \(got) with \(length)")
        }
        if scratch[w].count != bytes { scratch[w] = [UInt8](repeating: 0, count: bytes) }
        try scratch[w].withUnsafeMutableBytes { try worker.read(into: $0, timeout: timeout, during: during) }
    }

    private func checkFinite(_ values: [Float], what: String) throws {
        for (j, x) in values.enumerated() where !x.isFinite {
            throw GymError.nonFinite(what: what, copy: j / observationSize, value: Double(x))
        }
    }
}
