import CredoTensor

/// An environment of any type behind one concrete type, so that what the registry returns
/// (`any Environment`) can go into the generic wrappers and `VectorEnvironment`:
/// `TimeLimit(AnyEnvironment(env), maxEpisodeSteps: 100)`.
///
/// Each call costs one dynamic dispatch; wrap a concrete type directly where speed matters.
public struct AnyEnvironment: Environment {
    /// The environment inside; cast it back with `as?` to reach its own properties.
    public var base: any Environment

    public init(_ base: any Environment) {
        // Never nest erasers.
        if let erased = base as? AnyEnvironment { self = erased } else { self.base = base }
    }

    public var observationSpace: Space { base.observationSpace }
    public var actionSpace: Space { base.actionSpace }
    public var rng: RandomGenerator {
        get { base.rng }
        set { base.rng = newValue }
    }

    public mutating func reset(seed: UInt64?) -> [Float] { base.reset(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { base.step(action) }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        base.reset(seed: seed, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        base.step(action, into: observation)
    }
}
