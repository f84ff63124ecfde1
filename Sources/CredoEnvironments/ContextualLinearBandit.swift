import CredoTensor

/// The linear contextual bandit: each episode shows a context x ~ N(0, I_d) and one pull of
/// arm a pays
///
///     r = θ_a · x + σ ε,   ε ~ N(0, 1),
///
/// with arm weights θ_a ~ N(0, I_d / d) (so θ_a · x has unit variance), drawn from the stream at
/// construction and at every `reset(seed:)` with a seed. The observation is x (float32; the reward
/// uses the same rounded x). Every step terminates the episode; its observation is x again.
/// Expected regret of a pull: max_b θ_b · x − θ_a · x, summed in `cumulativeRegret`.
public struct ContextualLinearBandit: Environment, Sendable {
    /// θ, [arms, features] row-major.
    public private(set) var weights: [Double]
    public let arms: Int
    public let features: Int
    /// σ, the standard deviation of the reward noise.
    public let noise: Double
    /// The context of the current episode.
    public private(set) var context: [Float]
    public var rng: RandomGenerator
    public private(set) var lastRegret = 0.0
    public private(set) var cumulativeRegret = 0.0
    public private(set) var pulls = 0
    /// Pulls of each arm since the arms were drawn (for drawing).
    public private(set) var pullCounts: [Int] = []
    /// The arm pulled in the current episode; nil until its step.
    public private(set) var lastArm: Int?

    public init(arms: Int = 10, features: Int = 8, noise: Double = 0.1, seed: UInt64 = 0) {
        precondition(arms > 0 && features > 0 && noise >= 0, "need arms > 0, features > 0, noise ≥ 0")
        self.arms = arms
        self.features = features
        self.noise = noise
        rng = RandomGenerator(seed: seed)
        weights = Array(repeating: 0, count: arms * features)
        context = Array(repeating: 0, count: features)
        drawWeights()
        drawContext()
    }

    public var observationSpace: Space { .box(low: -.infinity, high: .infinity, shape: [features]) }
    public var actionSpace: Space { .discrete(arms) }

    /// The expected reward θ_a · x of arm a in the current context.
    public func expectedReward(arm a: Int) -> Double {
        var sum = 0.0
        for j in 0..<features { sum += weights[a * features + j] * Double(context[j]) }
        return sum
    }

    private mutating func drawWeights() {
        let scale = 1 / Double(features).squareRoot()
        for i in weights.indices { weights[i] = scale * rng.standardNormal() }
        lastRegret = 0
        cumulativeRegret = 0
        pulls = 0
        pullCounts = Array(repeating: 0, count: arms)
        lastArm = nil
    }

    private mutating func drawContext() {
        for j in context.indices { context[j] = Float(rng.standardNormal()) }
    }

    private func write(_ observation: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == features, "a buffer of \(observation.count) for \(features) features")
        for j in 0..<features { observation[j] = context[j] }
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed {
            rng = RandomGenerator(seed: seed)
            drawWeights()
        }
        drawContext()
        lastArm = nil
        write(observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        guard case .discrete(let a) = action, (0..<arms).contains(a) else {
            preconditionFailure("a \(arms)-armed bandit takes .discrete(0..<\(arms)), got \(action)")
        }
        let chosen = expectedReward(arm: a)
        var best = -Double.infinity
        for b in 0..<arms { best = max(best, expectedReward(arm: b)) }
        lastRegret = best - chosen
        cumulativeRegret += lastRegret
        pulls += 1
        pullCounts[a] += 1
        lastArm = a
        write(observation)
        return StepOutcome(reward: chosen + noise * rng.standardNormal(), terminated: true, truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
