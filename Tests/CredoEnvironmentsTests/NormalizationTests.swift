import CredoTensor
import Testing
@testable import CredoEnvironments

@Suite struct NormalizationTests {
    static func samples(_ n: Int, size: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return (0..<n * size).map { i in Float(Double(i % size + 1) * 3 + Double(i % size + 1) * rng.standardNormal()) }
    }

    @Test func welfordBatchAndMergeAgreeWithTwoPassMoments() {
        let size = 3, n = 1000
        let x = Self.samples(n, size: size, seed: 1)
        var sequential = RunningMeanStd(size: size, pseudoCount: 1e-12)
        var batched = RunningMeanStd(size: size, pseudoCount: 1e-12)
        var left = RunningMeanStd(size: size, pseudoCount: 1e-12)
        var right = RunningMeanStd(size: size, pseudoCount: 1e-12)
        x.withUnsafeBufferPointer { all in
            for i in 0..<n { sequential.update(UnsafeBufferPointer(rebasing: all[i * size..<(i + 1) * size])) }
            batched.update(batch: UnsafeBufferPointer(rebasing: all[0..<400 * size]))
            batched.update(batch: UnsafeBufferPointer(rebasing: all[(400 * size)...]))
            left.update(batch: UnsafeBufferPointer(rebasing: all[0..<700 * size]))
            right.update(batch: UnsafeBufferPointer(rebasing: all[(700 * size)...]))
        }
        left.merge(right)
        for j in 0..<size {
            let column = stride(from: j, to: x.count, by: size).map { Double(x[$0]) }
            let mean = column.reduce(0, +) / Double(n)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            for stats in [sequential, batched, left] {
                #expect(abs(stats.mean[j] - mean) < 1e-9 * (1 + abs(mean)))
                #expect(abs(stats.variance[j] - variance) < 1e-9 * variance)
            }
        }
        #expect(abs(sequential.count - 1000) < 1e-9)
    }

    @Test func statisticsRoundTripThroughNamedArrays() throws {
        var stats = RunningMeanStd(size: 1)
        stats.update(10)
        stats.update(-4)
        #expect(try RunningMeanStd(namedArrays: stats.namedArrays) == stats)
        #expect(throws: StatisticsRestoreError.self) {
            try RunningMeanStd(namedArrays: ["mean": [1, 2], "variance": [1], "count": [3]])
        }
        #expect(throws: StatisticsRestoreError.self) { try RunningMeanStd(namedArrays: ["mean": [1]]) }
    }

    @Test func normalizedObservationsHaveZeroMeanAndUnitVariance() throws {
        var env = NormalizeObservation(GaussianObservations(means: [3, -1], stds: [2, 0.5]), clip: 10)
        _ = env.reset(seed: 4)
        let n = 5000
        var normalized: [[Float]] = []
        for _ in 0..<n { normalized.append(env.step(.discrete(0)).observation) }
        // Running statistics near the truth: 4 standard errors of the mean and of the variance.
        #expect(abs(env.statistics.mean[0] - 3) < 4 * 2 / Double(n).squareRoot())
        #expect(abs(env.statistics.variance[0] - 4) < 4 * 4 * (2 / Double(n)).squareRoot())
        #expect(abs(env.statistics.mean[1] + 1) < 4 * 0.5 / Double(n).squareRoot())
        // The second half is normalised with nearly converged statistics.
        let late = normalized[(n / 2)...].map { Double($0[0]) }
        let mean = late.reduce(0, +) / Double(late.count)
        let variance = late.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(late.count)
        #expect(abs(mean) < 4 / Double(late.count).squareRoot() + 0.02)
        #expect(abs(variance - 1) < 4 * (2 / Double(late.count)).squareRoot() + 0.02)
        // The raw observation is kept.
        let raw = env.rawObservation
        #expect(raw != normalized.last!)
    }

    @Test func observationsAreClippedAndFrozenStatisticsStayFixed() throws {
        var env = NormalizeObservation(GaussianObservations(means: [0], stds: [1]), clip: 0.5)
        #expect(env.observationSpace == .box(low: -0.5, high: 0.5, shape: [1]))
        _ = env.reset(seed: 1)
        for _ in 0..<100 { #expect(abs(env.step(.discrete(0)).observation[0]) <= 0.5) }
        env.isFrozen = true
        let frozen = env.statistics
        for _ in 0..<100 { _ = env.step(.discrete(0)) }
        #expect(env.statistics == frozen)
        // Saved statistics restore into a fresh wrapper, which then normalises identically.
        var restored = NormalizeObservation(GaussianObservations(means: [0], stds: [1]), clip: 0.5)
        try restored.restore(namedArrays: env.namedArrays)
        #expect(restored.statistics == frozen)
        restored.isFrozen = true
        restored.rng = env.rng
        #expect(restored.step(.discrete(0)).observation == env.step(.discrete(0)).observation)
        var wrongSize = NormalizeObservation(GaussianObservations(means: [0, 0], stds: [1, 1]))
        #expect(throws: StatisticsRestoreError.self) { try wrongSize.restore(namedArrays: env.namedArrays) }
    }

    /// On CartPole (reward 1 each step), the scaled reward is 1 / √(Var[G] + ε) with G the
    /// discounted return, G_t = γ (1 − terminated_t) G_{t−1} + r_t, not reset by truncation.
    @Test func rewardsAreScaledByTheStdOfTheDiscountedReturn() throws {
        var env = NormalizeReward(TimeLimit(CartPole(), maxEpisodeSteps: 20), gamma: 0.9)
        _ = env.reset(seed: 2)
        var returns: [Double] = []
        var g = 0.0
        var rng = RandomGenerator(seed: 3)
        var sawTruncation = false
        for _ in 0..<400 {
            let result = env.step(.discrete(rng.int(below: 2)))
            // Gymnasium's update: this step's termination drops the earlier return.
            g = (result.terminated ? 0 : 0.9 * g) + 1
            returns.append(g)
            #expect(abs(env.discountedReturn - g) < 1e-12)
            // Statistics of all G so far, with Gymnasium's prior (mean 0, variance 1, count 1e-4).
            let n = Double(returns.count), prior = 1e-4
            let mean = returns.reduce(0, +) / n
            let m2 = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            let variance = (prior + m2 + mean * mean * prior * n / (prior + n)) / (prior + n)
            #expect(abs(result.reward - 1 / (variance + 1e-8).squareRoot()) < 1e-9 * result.reward)
            if result.truncated { sawTruncation = true }
            if result.terminated || result.truncated { _ = env.reset(seed: nil) }
        }
        #expect(sawTruncation)
        var restored = NormalizeReward(CartPole(), gamma: 0.9)
        try restored.restore(namedArrays: env.namedArrays)
        #expect(restored.statistics == env.statistics && restored.discountedReturn == env.discountedReturn)
    }
}
