import CredoTensor

/// N copies of an environment stepped together, with their observations in one flat buffer
/// (`observations`, row-major [N, observationSize]) and their rewards and episode ends in
/// arrays of N. Every buffer is allocated once, so stepping allocates nothing when the copies'
/// `step(_:into:)` and `reset(seed:into:)` do not.
///
/// **Autoreset, same-step convention** (Stable-Baselines3's `VecEnv`, Gymnasium's
/// `AutoresetMode.SAME_STEP`): when copy i's episode ends in a step (`terminated[i]` or
/// `truncated[i]`), the copy is reset within that same step, so row i of `observations` is
/// already the first observation of its next episode, and the last observation of the finished
/// episode is kept in row i of `finalObservations` (`finalObservation(i)`). Rows of
/// `finalObservations` for copies that did not finish in the last step hold stale data. A learner
/// bootstraps a truncated episode from V(finalObservation(i)), never from the reset observation,
/// and bootstraps nothing after `terminated[i]`. Actions passed to the next `step` act in the new
/// episode; there is no idle reset step.
///
/// Each copy draws from its own stream, split from one seed with `RandomGenerator.split`;
/// `rngStates` saves and restores all of them.
public struct VectorEnvironment<Env: Environment> {
    /// The copies, in order (read their wrappers' statistics here; replacing them keeps the
    /// count and observation size).
    public var environments: [Env] {
        get { _environments }
        set {
            precondition(newValue.count == _environments.count
                         && newValue.allSatisfy { $0.observationSpace.flatSize == observationSize },
                         "replacement copies must keep the count and the observation size")
            _environments = newValue
        }
    }
    /// Scalars per observation.
    public let observationSize: Int
    /// The current observation of every copy, [count, observationSize] row-major.
    public var observations: [Float] { _observations }
    /// The last observation of each episode that ended in the last step, [count, observationSize].
    public var finalObservations: [Float] { _finalObservations }
    public var rewards: [Double] { _rewards }
    public var terminated: [Bool] { _terminated }
    public var truncated: [Bool] { _truncated }

    // Stored under internal names so that the inlinable `step` (specialised in the caller's
    // module for the concrete copy type) can write them.
    @usableFromInline var _environments: [Env]
    @usableFromInline var _observations: [Float]
    @usableFromInline var _finalObservations: [Float]
    @usableFromInline var _rewards: [Double]
    @usableFromInline var _terminated: [Bool]
    @usableFromInline var _truncated: [Bool]

    /// Makes `count` copies with `make(i)` and resets them from streams split from `seed`: copy i
    /// takes split `firstStream + i` of the seed's root, so the copies `first ..< first + count`
    /// of a larger vector are seeded exactly as they are there (a rank's share of a run's copies).
    public init(count: Int, seed: UInt64 = 0, firstStream: Int = 0, make: (Int) throws -> Env) rethrows {
        precondition(firstStream >= 0, "firstStream must be at least 0, got \(firstStream)")
        precondition(count > 0, "a VectorEnvironment needs at least one copy, got \(count)")
        _environments = try (0..<count).map(make)
        let size = _environments[0].observationSpace.flatSize
        precondition(_environments.allSatisfy { $0.observationSpace.flatSize == size },
                     "all copies of a VectorEnvironment need the same observation size")
        observationSize = size
        _observations = Array(repeating: 0, count: count * size)
        _finalObservations = _observations
        _rewards = Array(repeating: 0, count: count)
        _terminated = Array(repeating: false, count: count)
        _truncated = _terminated
        reset(seed: seed, firstStream: firstStream)
    }

    /// The number of copies.
    public var count: Int { environments.count }
    /// The action space of one copy.
    public var actionSpace: Space { environments[0].actionSpace }
    /// The observation space of one copy.
    public var observationSpace: Space { environments[0].observationSpace }

    /// Copy i's current observation.
    public func observation(_ i: Int) -> ArraySlice<Float> {
        observations[i * observationSize..<(i + 1) * observationSize]
    }

    /// The last observation of copy i's episode that ended in the last step.
    public func finalObservation(_ i: Int) -> ArraySlice<Float> {
        finalObservations[i * observationSize..<(i + 1) * observationSize]
    }

    /// Whether copy i's episode ended in the last step (either way).
    public func isDone(_ i: Int) -> Bool { terminated[i] || truncated[i] }

    /// Resets every copy. With a seed, first gives the copies fresh streams split from it;
    /// without, each continues its own stream.
    @inlinable
    public mutating func reset(seed: UInt64? = nil) { reset(seed: seed, firstStream: 0) }

    /// `reset(seed:)` with copy i on the split `firstStream + i` of the seed's root.
    @inlinable
    public mutating func reset(seed: UInt64?, firstStream: Int) {
        if let seed {
            var root = RandomGenerator(seed: seed)
            for _ in 0..<firstStream { _ = root.split() }
            for i in _environments.indices { _environments[i].rng = root.split() }
        }
        var envs = Self.take(&_environments)
        let n = observationSize
        _observations.withUnsafeMutableBufferPointer { obs in
            for i in envs.indices {
                envs[i].reset(seed: nil, into: UnsafeMutableBufferPointer(rebasing: obs[i * n..<(i + 1) * n]))
            }
        }
        _environments = envs
        for i in _rewards.indices { _rewards[i] = 0; _terminated[i] = false; _truncated[i] = false }
    }

    /// Steps copy i with `actions[i]`, resetting the copies whose episodes end (see the type's
    /// autoreset convention).
    @inlinable
    public mutating func step(_ actions: [Action]) {
        precondition(actions.count == count, "\(actions.count) actions for \(count) copies")
        // Move the buffers into locals so each is uniquely owned and accessed without overlap;
        // moving an array only moves its reference.
        var envs = Self.take(&_environments), obs = Self.take(&_observations), finals = Self.take(&_finalObservations)
        var rew = Self.take(&_rewards), term = Self.take(&_terminated), trunc = Self.take(&_truncated)
        let n = observationSize
        obs.withUnsafeMutableBufferPointer { obs in
            finals.withUnsafeMutableBufferPointer { finals in
                for i in 0..<envs.count {
                    let row = UnsafeMutableBufferPointer(rebasing: obs[i * n..<(i + 1) * n])
                    let outcome = envs[i].step(actions[i], into: row)
                    rew[i] = outcome.reward
                    term[i] = outcome.terminated
                    trunc[i] = outcome.truncated
                    if outcome.isDone {
                        for j in 0..<n { finals[i * n + j] = row[j] }
                        envs[i].reset(seed: nil, into: row)
                    }
                }
            }
        }
        _environments = envs; _observations = obs; _finalObservations = finals
        _rewards = rew; _terminated = term; _truncated = trunc
    }

    /// The four state words of every copy's stream, for checkpoints; setting restores them.
    public var rngStates: [[UInt64]] {
        get { environments.map { $0.rng.stateWords } }
        set {
            precondition(newValue.count == count, "\(newValue.count) saved streams for \(count) copies")
            for i in _environments.indices { _environments[i].rng = RandomGenerator(stateWords: newValue[i]) }
        }
    }

    @inlinable @inline(__always)
    static func take<T>(_ array: inout [T]) -> [T] {
        var taken: [T] = []
        swap(&taken, &array)
        return taken
    }
}

extension VectorEnvironment: Sendable where Env: Sendable {}
