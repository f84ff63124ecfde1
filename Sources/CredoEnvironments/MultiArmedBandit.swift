import CredoTensor

/// The k-armed bandit: each episode is one pull of an arm a, and pays a reward drawn from that
/// arm's distribution. The arms' parameters are drawn from the environment's stream at
/// construction and again at every `reset(seed:)` with a seed; a reset without a seed keeps them.
///
/// - `.bernoulli`: arm a pays 1 with probability p_a, else 0; p_a ~ Uniform(0, 1); mean p_a.
/// - `.gaussian`: arm a pays μ_a + ε with ε ~ N(0, 1); μ_a ~ N(0, 1) (Sutton and Barto's
///   10-armed testbed); mean μ_a.
///
/// The observation is the constant [0]. Every step terminates the episode. Regret is tracked in
/// expectation: a pull of arm a costs max_b mean_b − mean_a, summed in `cumulativeRegret`.
public struct MultiArmedBandit: Environment, Sendable {
    public enum Arms: String, Sendable, CaseIterable {
        case bernoulli, gaussian
    }

    public let arms: Arms
    /// The expected reward of each arm.
    public private(set) var means: [Double]
    public var rng: RandomGenerator
    /// The expected regret of the last pull, max_b mean_b − mean_a.
    public private(set) var lastRegret = 0.0
    /// The expected regret summed over the pulls since the arms were drawn.
    public private(set) var cumulativeRegret = 0.0
    /// Pulls since the arms were drawn.
    public private(set) var pulls = 0
    /// Pulls of each arm since the arms were drawn (for drawing).
    public private(set) var pullCounts: [Int] = []
    /// The arm pulled in the current episode; nil until its step.
    public private(set) var lastArm: Int?

    public init(arms: Arms, count: Int = 10, seed: UInt64 = 0) {
        precondition(count > 0, "a bandit needs at least one arm, got \(count)")
        self.arms = arms
        rng = RandomGenerator(seed: seed)
        means = Array(repeating: 0, count: count)
        drawArms()
    }

    /// The number of arms k.
    public var count: Int { means.count }
    /// The arm with the highest mean (the first, on ties).
    public var bestArm: Int { means.indices.max { means[$0] < means[$1] }! }

    public var observationSpace: Space { .box(low: 0, high: 0, shape: [1]) }
    public var actionSpace: Space { .discrete(count) }

    private mutating func drawArms() {
        for a in means.indices {
            means[a] = arms == .bernoulli ? rng.uniformDouble() : rng.standardNormal()
        }
        lastRegret = 0
        cumulativeRegret = 0
        pulls = 0
        pullCounts = Array(repeating: 0, count: count)
        lastArm = nil
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed {
            rng = RandomGenerator(seed: seed)
            drawArms()
        }
        lastArm = nil
        observation[0] = 0
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        guard case .discrete(let a) = action, means.indices.contains(a) else {
            preconditionFailure("a \(count)-armed bandit takes .discrete(0..<\(count)), got \(action)")
        }
        let reward: Double
        switch arms {
        case .bernoulli: reward = rng.uniformDouble() < means[a] ? 1 : 0
        case .gaussian: reward = means[a] + rng.standardNormal()
        }
        lastRegret = means[bestArm] - means[a]
        cumulativeRegret += lastRegret
        pulls += 1
        pullCounts[a] += 1
        lastArm = a
        observation[0] = 0
        return StepOutcome(reward: reward, terminated: true, truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
