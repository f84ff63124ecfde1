import CredoTensor

/// The transitions an off-policy learner replays (Lin, 1992; Mnih et al., 2015): a ring of
/// `capacity` rows (s, a, r, s', terminated, truncated), each array preallocated flat at
/// construction, the oldest row overwritten once the ring is full.
///
/// **Termination and truncation are kept apart.** A TD target bootstraps after a truncation (a
/// time limit cut the episode; the state still has a value) and never after a termination
/// (`ReplayBatch.temporalDifferenceTargets`). The s' stored for a step that ended an episode is
/// that episode's final observation (`RolloutBuffer.nextObservations`), not the first
/// observation of the next episode.
///
/// **Memory.** Each transition holds 2·o + d + 3 Float32 values (observation, next observation,
/// action, reward, terminated, truncated): `bytesPerTransition` = 4 (2o + d + 3) bytes; Pendulum
/// (o = 3, d = 1) takes 40 bytes, so a million transitions take 40 MB. The capacity is checked
/// before anything is allocated (`ReplayBufferLimits`).
///
/// Minibatches are drawn uniformly, with replacement, from the filled rows, with the agent's
/// generator (so a restored run draws the same minibatches).
public struct ReplayBuffer: Equatable, Sendable {
    public let capacity: Int
    public let observationSize: Int
    public let actionSize: Int
    /// The number of rows filled (at most `capacity`).
    public internal(set) var count = 0
    /// The row the next transition is written to.
    public internal(set) var position = 0
    var observations: [Float]
    var nextObservations: [Float]
    var actions: [Float]
    var rewards: [Float]
    var terminated: [Float]
    var truncated: [Float]

    /// Bytes one transition takes: 4 (2·observationSize + actionSize + 3).
    public static func bytesPerTransition(observationSize: Int, actionSize: Int) -> Int {
        4 * (2 * observationSize + actionSize + 3)
    }

    /// A buffer of `capacity` rows; throws, naming the limit, for a capacity below 1, above
    /// `ReplayBufferLimits.capacity`, or whose arrays would take more than
    /// `ReplayBufferLimits.bytes`.
    public init(capacity: Int, observationSize: Int, actionSize: Int) throws {
        if let problem = Self.problem(capacity: capacity, observationSize: observationSize, actionSize: actionSize) {
            throw ActorCriticError.invalidConfiguration(problem.description)
        }
        self.capacity = capacity
        self.observationSize = observationSize
        self.actionSize = actionSize
        observations = Array(repeating: 0, count: capacity * observationSize)
        nextObservations = observations
        actions = Array(repeating: 0, count: capacity * actionSize)
        rewards = Array(repeating: 0, count: capacity)
        terminated = rewards
        truncated = rewards
    }

    /// Why a buffer of `capacity` rows cannot be allocated (the `bufferSize` option), or nil.
    public static func problem(capacity: Int, observationSize: Int, actionSize: Int) -> ConfigurationProblem? {
        if capacity < 1 { return ConfigurationProblem(key: "bufferSize", value: "\(capacity)", requirement: "must be at least 1") }
        if capacity > ReplayBufferLimits.capacity {
            return ConfigurationProblem(key: "bufferSize", value: "\(capacity)",
                                        requirement: "must be at most \(ReplayBufferLimits.capacity) transitions")
        }
        let per = bytesPerTransition(observationSize: observationSize, actionSize: actionSize)
        let (total, overflow) = capacity.multipliedReportingOverflow(by: per)
        if overflow || total > ReplayBufferLimits.bytes {
            return ConfigurationProblem(key: "bufferSize", value: "\(capacity)", requirement:
                "\(capacity) transitions of \(per) bytes (observations of \(observationSize), actions of \(actionSize)) "
                + "would take \(overflow ? "more than Int.max" : "\(total)") bytes; at most \(ReplayBufferLimits.bytes) bytes "
                + "(\(ReplayBufferLimits.bytes / per) transitions) are allowed")
        }
        return nil
    }

    /// The bytes the preallocated arrays take.
    public var bytes: Int { capacity * Self.bytesPerTransition(observationSize: observationSize, actionSize: actionSize) }

    /// Writes one transition at `position` (overwriting the oldest once full).
    public mutating func append(observation: ArraySlice<Float>, action: ArraySlice<Float>, reward: Float,
                                nextObservation: ArraySlice<Float>, terminated isTerminal: Bool, truncated isTruncated: Bool) {
        let (o, d, i) = (observationSize, actionSize, position)
        precondition(observation.count == o && nextObservation.count == o && action.count == d,
                     "a transition of observations \(observation.count)/\(nextObservation.count) and action \(action.count); "
                     + "the buffer holds \(o) and \(d)")
        observations.replaceSubrange(i * o..<(i + 1) * o, with: observation)
        nextObservations.replaceSubrange(i * o..<(i + 1) * o, with: nextObservation)
        actions.replaceSubrange(i * d..<(i + 1) * d, with: action)
        rewards[i] = reward
        terminated[i] = isTerminal ? 1 : 0
        truncated[i] = isTruncated ? 1 : 0
        position = (position + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// Appends every counted row of a rollout (time-major), its raw observations and true
    /// successors; `action` maps a rollout's action row to the one stored (clipped to the box).
    public mutating func append(_ rollout: RolloutBuffer, action: (ArraySlice<Float>) -> [Float] = { Array($0) }) {
        let (o, d) = (observationSize, actionSize)
        for row in 0..<rollout.count where rollout.mask[row] > 0 {
            append(observation: rollout.rawObservations[row * o..<(row + 1) * o],
                   action: action(rollout.actions[row * d..<(row + 1) * d])[...], reward: Float(rollout.rewards[row]),
                   nextObservation: rollout.nextObservations[row * o..<(row + 1) * o],
                   terminated: rollout.terminated[row], truncated: rollout.truncated[row])
        }
    }

    /// `size` rows drawn uniformly with replacement from the filled ones, with `rng`.
    public func sample(_ size: Int, using rng: inout RandomGenerator) -> ReplayBatch {
        precondition(count > 0, "cannot sample from an empty replay buffer")
        return batch(rows: (0..<size).map { _ in rng.int(below: count) })
    }

    /// The given rows as a minibatch.
    public func batch(rows: [Int]) -> ReplayBatch {
        let (o, d, n) = (observationSize, actionSize, rows.count)
        func pick(_ x: [Float], _ width: Int) -> [Float] {
            var out = [Float](); out.reserveCapacity(n * width)
            for r in rows {
                precondition(r >= 0 && r < count, "row \(r) of a replay buffer holding \(count)")
                out += x[r * width..<(r + 1) * width]
            }
            return out
        }
        return ReplayBatch(observations: Tensor(shape: [n, o], scalars: pick(observations, o)),
                           actions: Tensor(shape: [n, d], scalars: pick(actions, d)),
                           rewards: Tensor(shape: [n], scalars: pick(rewards, 1)),
                           nextObservations: Tensor(shape: [n, o], scalars: pick(nextObservations, o)),
                           terminated: Tensor(shape: [n], scalars: pick(terminated, 1)),
                           truncated: Tensor(shape: [n], scalars: pick(truncated, 1)))
    }
}

/// A minibatch of transitions, as tensors: observations and next observations [B, o], actions
/// [B, d], rewards, terminated and truncated (0/1) [B].
public struct ReplayBatch {
    public var observations: Tensor
    public var actions: Tensor
    public var rewards: Tensor
    public var nextObservations: Tensor
    public var terminated: Tensor
    public var truncated: Tensor

    public var count: Int { rewards.shape[0] }

    /// The one-step TD targets y = r + γ (1 − terminated) V', V' the value of each row's next
    /// observation [B] (min Q'(s', a') − α log π(a'|s') for SAC): a truncated row bootstraps,
    /// a terminated one does not. Constants.
    public func temporalDifferenceTargets(nextValues: Tensor, gamma: Float) -> Tensor {
        precondition(nextValues.shape == [count], "next values \(nextValues.shape) for a batch of \(count)")
        return (rewards + (1 - terminated) * nextValues.detached * gamma).detached
    }
}

/// The largest replay buffer a configuration may ask for, checked before allocating.
public enum ReplayBufferLimits {
    /// Transitions: 2^27 (134 million), far above the 10^6 of the usual presets.
    public static let capacity = 1 << 27
    /// Bytes of the preallocated arrays: 8 GiB.
    public static let bytes = 8 << 30
}
