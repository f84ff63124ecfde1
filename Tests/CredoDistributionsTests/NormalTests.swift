import CredoDistributions
import CredoTensor
import Foundation
import CredoTestSupport
import Testing

@Suite struct NormalTests {
    @Test func logProbAndEntropyMatchClosedForms() {
        let d = Normal(mean: Tensor([0.5, -1]), logStd: Tensor([Float(Foundation.log(0.3)), Float(Foundation.log(2.0))]))
        expectClose(d.logProb(Tensor([0.2, 1.5])).scalars, [-0.214965729, -2.393335714], "logProb")
        expectClose(d.entropy().scalars, [0.214965729, 2.112085714], "entropy")
        expectClose(d.std.scalars, [0.3, 2], "std")
        expectClose(d.variance.scalars, [0.09, 4], "variance")
    }

    @Test func broadcastsMeanAgainstLogStd() {
        let d = Normal(mean: Tensor(rows: [[0, 1, 2], [3, 4, 5]]), logStd: Tensor([0, 0.5, -0.5]))
        #expect(d.shape == [2, 3])
        #expect(d.entropy().shape == [2, 3])
        var g = RandomGenerator(seed: 3)
        #expect(d.rsample(using: &g).shape == [2, 3])
        #expect(d.logProb(Tensor(0)).shape == [2, 3])
    }

    @Test func sampleMomentsMatch() {
        let n = 100_000
        let mu: [Double] = [0.5, -1], sigma: [Double] = [0.3, 2]
        let d = Normal(mean: Tensor(mu.map(Float.init)).reshaped([1, 2]).expanded(to: [n, 2]),
                       logStd: Tensor(sigma.map { Float(Foundation.log($0)) }))
        var g = RandomGenerator(seed: 31), h = RandomGenerator(seed: 31)
        let x = d.sample(using: &g)
        #expect(!x.requiresGradient)
        #expect(x.scalars == d.rsample(using: &h).scalars)
        for j in 0..<2 {
            let col = SampleStatistics.column(x.scalars, width: 2, j)
            SampleStatistics.expectMean(col, equals: mu[j], variance: sigma[j] * sigma[j], "Normal mean \(j)")
            SampleStatistics.expectVariance(col, equals: sigma[j] * sigma[j], kurtosis: 3, "Normal variance \(j)")
        }
    }

    @Test func gradientsOfLogProbEntropyAndRsample() {
        var c = GradientCheck()
        let mu = c.randomTensor([2, 3]), logStd = c.randomTensor([3], scale: 0.3), x = c.randomTensor([2, 3])
        c.check(c.scalarized({ Normal(mean: $0[0], logStd: $0[1]).logProb($0[2]) }, outputShape: [2, 3]),
                at: [mu, logStd, x], maxOrder: 2)
        c.check(c.scalarized({ Normal(mean: $0[0], logStd: $0[1]).entropy() }, outputShape: [2, 3]),
                at: [mu, logStd], maxOrder: 2)
        // The same noise on every evaluation: a fresh generator from one seed.
        c.check(c.scalarized({ xs in
            var g = RandomGenerator(seed: 77)
            return Normal(mean: xs[0], logStd: xs[1]).rsample(using: &g)
        }, outputShape: [2, 3]), at: [mu, logStd], maxOrder: 2)
        // ∂x/∂logStd = σ ε = x − μ.
        var g = RandomGenerator(seed: 78)
        let m = mu.requiringGradient(), s = logStd.requiringGradient()
        let sample = Normal(mean: m, logStd: s).rsample(using: &g)
        let grads = gradients(of: sample.sum(), wrt: [m, s])
        expectClose(grads[0].scalars, Array(repeating: 1, count: 6), "∂x/∂μ")
        expectClose(grads[1].scalars, (sample.detached - mu).sum(axis: 0).scalars, tolerance: 1e-4, "∂x/∂logStd")
    }
}
