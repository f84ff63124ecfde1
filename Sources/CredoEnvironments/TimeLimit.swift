import CredoTensor

/// Ends an episode with `truncated = true` once it has lasted `maxEpisodeSteps` steps, as
/// Gymnasium's `TimeLimit` does: after the t-th step of an episode, truncated ⇔ t ≥ maxEpisodeSteps
/// (a step can be both terminated and truncated).
public struct TimeLimit<Inner: Environment>: Environment {
    public var inner: Inner
    public let maxEpisodeSteps: Int
    /// Steps taken since the last reset.
    public var elapsedSteps: Int { _elapsedSteps }
    @usableFromInline var _elapsedSteps = 0

    public init(_ inner: Inner, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "TimeLimit needs maxEpisodeSteps > 0, got \(maxEpisodeSteps)")
        self.inner = inner
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var rng: RandomGenerator {
        get { inner.rng }
        set { inner.rng = newValue }
    }

    @inlinable
    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        _elapsedSteps = 0
        inner.reset(seed: seed, into: observation)
    }

    @inlinable
    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        var outcome = inner.step(action, into: observation)
        _elapsedSteps += 1
        if _elapsedSteps >= maxEpisodeSteps { outcome.truncated = true }
        return outcome
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}

extension TimeLimit: Sendable where Inner: Sendable {}
