import CredoTensor
@testable import CredoEnvironments

/// A deterministic test environment: observation [t], reward t on the t-th step, terminated after
/// `length` steps (never if nil).
struct Countdown: Environment {
    var length: Int?
    var t = 0
    var rng = RandomGenerator(seed: 0)

    var observationSpace: Space { .box(low: 0, high: .infinity, shape: [1]) }
    var actionSpace: Space { .discrete(1) }

    mutating func reset(seed: UInt64?) -> [Float] {
        if let seed { rng = RandomGenerator(seed: seed) }
        t = 0
        return [0]
    }

    mutating func step(_ action: Action) -> StepResult {
        t += 1
        return StepResult(observation: [Float(t)], reward: Double(t), terminated: t == length, truncated: false)
    }
}

/// Observations with independent N(mean_j, std_j²) coordinates, never ending.
struct GaussianObservations: Environment {
    var means: [Double]
    var stds: [Double]
    var rng = RandomGenerator(seed: 0)

    var observationSpace: Space { .box(low: -.infinity, high: .infinity, shape: [means.count]) }
    var actionSpace: Space { .discrete(1) }

    mutating func draw() -> [Float] {
        (0..<means.count).map { Float(means[$0] + stds[$0] * rng.standardNormal()) }
    }

    mutating func reset(seed: UInt64?) -> [Float] {
        if let seed { rng = RandomGenerator(seed: seed) }
        return draw()
    }

    mutating func step(_ action: Action) -> StepResult {
        StepResult(observation: draw(), reward: 0, terminated: false, truncated: false)
    }
}
