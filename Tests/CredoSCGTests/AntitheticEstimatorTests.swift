import Testing
import CredoDistributions
import CredoTensor
@testable import CredoSCG

/// ARM and DisARM on both layers of the two-layer Bernoulli graph, against enumeration.
@Suite struct AntitheticEstimatorTests {
    let graph = BernoulliLayerGraph()

    /// The negative control: antithetic pairs whose second sample does *not* share the first's
    /// uniform (it is drawn from an independent one) while the record still claims 1 − u. ARM
    /// then estimates half the gradient, and DisARM a wrong one.
    struct UnpairedDraw<Inner: GradientEstimator>: GradientEstimator {
        var inner: Inner
        func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
            let paired = inner.draw(distribution, using: &rng), other = inner.draw(distribution, using: &rng)
            let half = paired.values.shape[0] / 2
            let values = Tensor.concat([paired.values.sliced(axis: 0, 0..<half),
                                        other.values.sliced(axis: 0, half..<(2 * half))], axis: 0)
            return SampleRecord(values: values, noise: paired.noise)
        }
        func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
            inner.proposal(of: record, under: distribution)
        }
        func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
            inner.controlVariate(proposal, downstreamCost: downstreamCost)
        }
    }

    @Test func pairsShareTheirUniform() {
        var rng = RandomGenerator(seed: 5)
        let d = Independent(Bernoulli(logits: Tensor([0.3, -2, 4])))
        let record = DisARM(pairs: 3).draw(d, using: &rng)
        let u = record.noise["u"]!
        #expect(record.values.shape == [6, 3] && u.shape == [6, 3])
        let first = u.sliced(axis: 0, 0..<3).scalars, second = u.sliced(axis: 0, 3..<6).scalars
        for (a, b) in zip(first, second) { #expect(abs(a + b - 1) < 1e-6) }
        let p = Tensor([0.3, -2, 4]).sigmoid().scalars
        for (j, (v, uj)) in zip(record.values.scalars, u.scalars).enumerated() { #expect(v == (uj < p[j % 3] ? 1 : 0)) }
    }

    @Test func armIsUnbiased() {
        let exact = graph.exact
        EstimateSummary(count: 2000) { graph.estimate(ARM(), ARM(), &$0) }.expectUnbiased(exact, "ARM")
        EstimateSummary(count: 2000) { graph.estimate(ARM(pairs: 2), ScoreFunction(), &$0) }
            .expectUnbiased(exact, "ARM (2 pairs) then REINFORCE")
        EstimateSummary(count: 2000) { graph.estimate(UnpairedDraw(inner: ARM()), UnpairedDraw(inner: ARM()), &$0) }
            .expectBiased(exact, "ARM with unpaired samples")
    }

    @Test func disarmIsUnbiased() {
        let exact = graph.exact
        EstimateSummary(count: 2000) { graph.estimate(DisARM(), DisARM(), &$0) }.expectUnbiased(exact, "DisARM")
        EstimateSummary(count: 2000) { graph.estimate(UnpairedDraw(inner: DisARM()), UnpairedDraw(inner: DisARM()), &$0) }
            .expectBiased(exact, "DisARM with unpaired samples")
    }

    @Test func disarmVarianceIsAtMostARMs() {
        var rngA = RandomGenerator(seed: 3), rngD = RandomGenerator(seed: 3)
        let arm = GradientVariance(estimates: (0..<1500).map { _ in graph.estimate(ARM(), ARM(), &rngA) })
        let disarm = GradientVariance(estimates: (0..<1500).map { _ in graph.estimate(DisARM(), DisARM(), &rngD) })
        #expect(disarm.meanVariance < arm.meanVariance)
    }
}
