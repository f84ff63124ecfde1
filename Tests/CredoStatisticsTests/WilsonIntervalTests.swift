import CredoPrimitives
import CredoStatistics
import Testing

@Suite("Wilson interval and quantiles")
struct WilsonIntervalTests {
    /// Hand-computed with z = 1.959964: for 9 of 10, p̂ = 0.9, z²/n = 0.384146,
    /// centre = (0.9 + 0.192073)/1.384146 = 0.788987, half = (1.959964/1.384146)·√(0.009 + 0.009604)
    /// = 1.416010 · 0.136396 = 0.193138, so [0.595850, 0.982125].
    @Test func matchesHandComputedValues() {
        let nine = WilsonInterval(successes: 9, trials: 10)
        #expect(abs(nine.lower - 0.595850) < 2e-6 && abs(nine.upper - 0.982125) < 2e-6, "\(nine)")
        // 0 of 10: centre = 0.192073/1.384146 = 0.138766, half = 1.416010·√(0.0096036) = 0.138766
        // → [0, 0.277533].
        let none = WilsonInterval(successes: 0, trials: 10)
        #expect(none.lower == 0 && abs(none.upper - 0.277533) < 2e-6, "\(none)")
        // 5 of 5 is the mirror of 0 of 5: [1 − 0.434482, 1].
        let all = WilsonInterval(successes: 5, trials: 5)
        #expect(all.upper == 1 && abs(all.lower - 0.565518) < 2e-6, "\(all)")
        // Negative control: the Wald interval p̂ ± z√(p̂(1−p̂)/n) is not this one.
        let wald = 0.9 - WilsonInterval.z95 * (0.9 * 0.1 / 10).squareRoot()
        #expect(abs(nine.lower - wald) > 0.01)
    }

    @Test func quantilesFollowNumPysLinearRule() {
        let values: [Double] = [7, 1, 3, 9]
        #expect(Aggregate.quantile(values, 0.5) == 5)
        #expect(Aggregate.quantile(values, 0.25) == 2.5)   // h = 0.75: 1 + 0.75·2
        #expect(Aggregate.quantile(values, 0.75) == 7.5)   // h = 2.25: 7 + 0.25·2
        let summary = Aggregate.medianAndQuartiles(values)
        #expect(summary.median == 5 && summary.lower == 2.5 && summary.upper == 7.5)
        #expect(Aggregate.trimmedMean([1, 2, 3, 4, 100], proportion: 0.25) == 3)  // ⌊1.25⌋ = 1 cut each end
    }

    /// The bootstrap draws from the package's one generator (`RandomGenerator`, CredoPrimitives):
    /// resample r of task t is runs[int(below:)] in order; another seed gives other resamples.
    @Test func theBootstrapDrawsFromThePackageGenerator() {
        let scores: [[Double]] = [[1, 2, 3], [10, 20]]
        let drawn = StratifiedBootstrap(resamples: 4, seed: 7).resampledAggregates(scores) { $0.flatMap { $0 } }
        var generator = RandomGenerator(seed: 7)
        let expected = (0..<4).map { _ in scores.flatMap { runs in runs.indices.map { _ in runs[generator.int(below: runs.count)] } } }
        #expect(drawn == expected)
        #expect(StratifiedBootstrap(resamples: 4, seed: 8).resampledAggregates(scores) { $0.flatMap { $0 } } != expected)
    }
}
