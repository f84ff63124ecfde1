import CredoTensor

/// Scales rewards by the running standard deviation of the discounted return, as Gymnasium's
/// `NormalizeReward` (and Baselines' `VecNormalize`):
///
///     G_t = γ (1 − terminated_{t}) G_{t−1} + r_t,   r'_t = r_t / √(Var[G] + ε)
///
/// where Var[G] is the running variance of every G_t seen (updated before scaling). The reward is
/// only scaled, never shifted: shifting would change which policies are optimal. Like Gymnasium's,
/// G is zeroed only by termination, not by truncation or reset. Freeze with `isFrozen`; save the
/// statistics with `namedArrays` (which also carries G, as "discountedReturn").
public struct NormalizeReward<Inner: Environment>: Environment {
    public var inner: Inner
    /// The running statistics of the discounted return G.
    public var statistics = RunningMeanStd(size: 1)
    /// The discounted return G accumulated so far.
    public private(set) var discountedReturn = 0.0
    public var isFrozen = false
    public let gamma: Double
    public let epsilon: Double
    /// If set, scaled rewards are clipped to [−c, c] (SB3's `clip_reward`).
    public var clip: Double?

    public init(_ inner: Inner, gamma: Double = 0.99, epsilon: Double = 1e-8, clip: Double? = nil) {
        precondition((0...1).contains(gamma), "gamma must lie in [0, 1], got \(gamma)")
        precondition(epsilon > 0, "epsilon must be positive, got \(epsilon)")
        self.inner = inner
        self.gamma = gamma
        self.epsilon = epsilon
        self.clip = clip
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var rng: RandomGenerator {
        get { inner.rng }
        set { inner.rng = newValue }
    }

    /// The statistics and G as named arrays, for checkpoints.
    public var namedArrays: [String: [Double]] {
        var arrays = statistics.namedArrays
        arrays["discountedReturn"] = [discountedReturn]
        return arrays
    }

    /// Restores what `namedArrays` saved.
    public mutating func restore(namedArrays arrays: [String: [Double]]) throws {
        let restored = try RunningMeanStd(namedArrays: arrays)
        guard restored.size == 1, let g = arrays["discountedReturn"], g.count == 1 else {
            throw StatisticsRestoreError(message: "need size-1 statistics and one \"discountedReturn\"")
        }
        statistics = restored
        discountedReturn = g[0]
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        inner.reset(seed: seed, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        var outcome = inner.step(action, into: observation)
        discountedReturn = discountedReturn * gamma * (outcome.terminated ? 0 : 1) + outcome.reward
        if !isFrozen { statistics.update(discountedReturn) }
        var scaled = outcome.reward / (statistics.variance[0] + epsilon).squareRoot()
        if let clip { scaled = min(max(scaled, -clip), clip) }
        outcome.reward = scaled
        return outcome
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}

extension NormalizeReward: Sendable where Inner: Sendable {}
