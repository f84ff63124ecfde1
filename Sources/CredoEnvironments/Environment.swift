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

/// A task an agent acts in, with Gymnasium's semantics: `reset(seed:)` returns the first
/// observation, `step(_:)` returns the next observation, the reward and the two ends of an
/// episode (`terminated`, `truncated`).
///
/// Each environment draws from its own `RandomGenerator` stream, exposed as `rng` so that its
/// state goes into checkpoints and restores exactly. Implement this protocol for your own task and
/// register it with `EnvironmentRegistry` to reach it by name.
public protocol Environment {
    var observationSpace: Space { get }
    var actionSpace: Space { get }
    /// The environment's random stream; setting it restores a saved state.
    var rng: RandomGenerator { get set }

    /// Starts an episode. With a seed, reseeds `rng` first (Gymnasium's `reset(seed=...)`).
    mutating func reset(seed: UInt64?) -> [Float]

    /// Advances one step.
    mutating func step(_ action: Action) -> StepResult
}

extension Environment {
    /// Starts an episode from the current random stream.
    public mutating func reset() -> [Float] { reset(seed: nil) }
}
