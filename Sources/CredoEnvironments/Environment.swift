import CredoTensor

/// What one call of `step` returns, with Gymnasium's semantics.
public struct StepResult: Equatable, Sendable {
    /// The observation after the step.
    public var observation: [Float]
    public var reward: Double
    /// A true terminal state of the task: do not bootstrap from `observation`.
    public var terminated: Bool
    /// The episode was cut by a limit outside the task (a time limit): bootstrap from the value
    /// of `observation`.
    public var truncated: Bool

    public init(observation: [Float], reward: Double, terminated: Bool, truncated: Bool) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }
}

/// A `StepResult` without its observation: what `step(_:into:)` returns after writing the
/// observation into the caller's buffer.
public struct StepOutcome: Equatable, Sendable {
    public var reward: Double
    /// A true terminal state of the task: do not bootstrap.
    public var terminated: Bool
    /// Cut by a limit outside the task: bootstrap from the final observation.
    public var truncated: Bool

    public init(reward: Double, terminated: Bool, truncated: Bool) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }

    /// Whether the episode ended, either way.
    @inlinable public var isDone: Bool { terminated || truncated }
}

/// A task an agent acts in, with Gymnasium's semantics: `reset(seed:)` returns the first
/// observation, `step(_:)` returns the next observation, the reward and the two ends of an
/// episode (`terminated`, `truncated`).
///
/// Each environment draws from its own `RandomGenerator` stream, exposed as `rng` so that its
/// state goes into checkpoints and restores exactly. Implement this protocol for your own task and
/// register it with `EnvironmentRegistry` to reach it by name.
///
/// The hot loop (`VectorEnvironment`, rollouts) calls the buffer forms `reset(seed:into:)` and
/// `step(_:into:)`, which write the observation into memory the caller owns. Their default
/// implementations call the array forms and copy, which allocates; an environment that wants an
/// allocation-free loop implements the buffer forms and defines the array forms through them.
public protocol Environment {
    var observationSpace: Space { get }
    var actionSpace: Space { get }
    /// The environment's random stream; setting it restores a saved state.
    var rng: RandomGenerator { get set }

    /// Starts an episode. With a seed, reseeds `rng` first (Gymnasium's `reset(seed=...)`).
    mutating func reset(seed: UInt64?) -> [Float]

    /// Advances one step.
    mutating func step(_ action: Action) -> StepResult

    /// `reset(seed:)` writing the first observation into `observation`
    /// (`observationSpace.flatSize` scalars).
    mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>)

    /// `step(_:)` writing the next observation into `observation`
    /// (`observationSpace.flatSize` scalars).
    mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome
}

extension Environment {
    /// Starts an episode from the current random stream.
    public mutating func reset() -> [Float] { reset(seed: nil) }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        let first = reset(seed: seed)
        precondition(first.count == observation.count,
                     "observation has \(first.count) scalars, the buffer \(observation.count)")
        _ = observation.initialize(from: first)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let result = step(action)
        precondition(result.observation.count == observation.count,
                     "observation has \(result.observation.count) scalars, the buffer \(observation.count)")
        _ = observation.initialize(from: result.observation)
        return StepOutcome(reward: result.reward, terminated: result.terminated, truncated: result.truncated)
    }

    /// The array form of `reset(seed:)` for an environment that implements the buffer form.
    @inlinable
    public mutating func resetReturningArray(seed: UInt64?) -> [Float] {
        var observation = [Float](repeating: 0, count: observationSpace.flatSize)
        observation.withUnsafeMutableBufferPointer { reset(seed: seed, into: $0) }
        return observation
    }

    /// The array form of `step(_:)` for an environment that implements the buffer form.
    @inlinable
    public mutating func stepReturningArray(_ action: Action) -> StepResult {
        var observation = [Float](repeating: 0, count: observationSpace.flatSize)
        let outcome = observation.withUnsafeMutableBufferPointer { step(action, into: $0) }
        return StepResult(observation: observation, reward: outcome.reward,
                          terminated: outcome.terminated, truncated: outcome.truncated)
    }
}
