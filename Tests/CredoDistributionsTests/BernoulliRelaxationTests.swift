import CredoDistributions
import CredoTensor
import Foundation
import CredoTestSupport
import Testing

/// REBAR/RELAX draws for Bernoulli variables: z̃ against the published inverse-CDF form, the law
/// of z̃ against the law of z, H(z̃) = b, gradients, and the RELAX unbiasedness identity.
@Suite struct BernoulliRelaxationTests {
    /// z̃ = ℓ + log(v'/(1 − v')) with v' = (1 − θ) + v θ for b = 1 and v' = v (1 − θ) for b = 0
    /// (Grathwohl et al. 2018, appendix B), in Double.
    @Test func conditionalSampleMatchesThePublishedForm() {
        let l: [Double] = [-1.5, 0.3, 2.5, -4, 0.3, 6], v: [Double] = [0.1, 0.5, 0.93, 0.7, 0.999, 1e-4]
        let b: [Float] = [1, 0, 1, 0, 1, 0]
        let noise = Tensor(v.map { Float(Foundation.log($0 / (1 - $0))) })
        let zTilde = Bernoulli(logits: Tensor(l.map(Float.init)))
            .conditionalPerturbedLogits(given: Tensor(b), logisticNoise: noise).scalars
        let expected = (0..<l.count).map { i -> Float in
            let theta = SampleStatistics.sigmoid(l[i])
            let vPrime = b[i] == 1 ? (1 - theta) + v[i] * theta : v[i] * (1 - theta)
            return Float(l[i] + Foundation.log(vPrime / (1 - vPrime)))
        }
        expectClose(zTilde, expected, tolerance: 1e-5, "z̃")
        #expect(zTilde.enumerated().allSatisfy { ($0.element > 0) == (b[$0.offset] == 1) })
    }

    /// Drawing b through z, then z̃ ~ p(z | b), gives z̃ the law of z: Logistic(ℓ, 1). Checked per
    /// coordinate at seven points of the CDF σ(x − ℓ), by mean and variance (π²/3, kurtosis 4.2).
    @Test func conditionalSampleHasTheLawOfZ() {
        let n = 100_000, l: [Float] = [-1.5, 0.3, 2.5]
        var g = RandomGenerator(seed: 71)
        let draw = Bernoulli(logits: Tensor(l).reshaped([1, 3]).expanded(to: [n, 3])).relaxedSample(using: &g)
        #expect(Bernoulli.discretised(draw.zTilde).scalars == draw.b.scalars)
        #expect(Bernoulli.discretised(draw.z).scalars == draw.b.scalars)
        for j in 0..<3 {
            let location = Double(l[j])
            for (name, values) in [("z", draw.z), ("z̃", draw.zTilde)] {
                let xs = SampleStatistics.column(values.scalars, width: 3, j)
                SampleStatistics.expectCDF(xs, { SampleStatistics.sigmoid($0 - location) },
                                           at: [-3, -1, -0.3, 0.5, 1.5, 3].map { $0 + location } + [0],
                                           "\(name) at ℓ = \(location)")
                SampleStatistics.expectMean(xs, equals: location, variance: Double.pi * Double.pi / 3, "\(name) mean")
                SampleStatistics.expectVariance(xs, equals: Double.pi * Double.pi / 3, kurtosis: 4.2, "\(name) variance")
            }
        }
    }

    @Test func discretisationOfZTildeIsBAtExtremeLogits() {
        let l = Tensor([-1e4, 1e4, -30, 30, 0, -12, 12]).reshaped([1, 7]).expanded(to: [5000, 7])
        var g = RandomGenerator(seed: 72)
        let draw = Bernoulli(logits: l).relaxedSample(using: &g)
        #expect(Bernoulli.discretised(draw.zTilde).scalars == draw.b.scalars)
        #expect(draw.zTilde.scalars.allSatisfy { $0.isFinite })
        #expect(draw.relaxedZTilde(temperature: Tensor(0.5)).scalars.allSatisfy { $0.isFinite })
    }

    @Test func relaxationsApproachBAsTemperatureFalls() {
        let n = 50_000
        var g = RandomGenerator(seed: 73)
        let draw = Bernoulli(logits: Tensor([0.2, -1]).reshaped([1, 2]).expanded(to: [n, 2])).relaxedSample(using: &g)
        for relaxed in [draw.relaxedZ(temperature: Tensor(0.001)), draw.relaxedZTilde(temperature: Tensor(0.001))] {
            let within = (relaxed - draw.b).abs().scalars.count(where: { $0 < 0.01 })
            #expect(Double(within) / Double(2 * n) > 0.99)
        }
    }

    @Test func gradientsOfZAndZTildeGivenB() {
        var c = GradientCheck()
        let l = c.randomTensor([2, 3], scale: 2), lam = c.randomTensor([], scale: 0.1, offset: 0.7)
        var g = RandomGenerator(seed: 74)
        let b = Tensor(rows: [[1, 0, 1], [0, 1, 0]]), v = g.logisticNoise(shape: [2, 3]), u = g.logisticNoise(shape: [2, 3])
        c.check(c.scalarized({ Bernoulli(logits: $0[0]).conditionalPerturbedLogits(given: b, logisticNoise: v) },
                             outputShape: [2, 3]), at: [l], maxOrder: 2)
        // σ(z/λ) at λ ≈ 0.7 has large third derivatives: a smaller step keeps the central
        // difference's O(eps²) truncation error below the tolerance.
        c.check(c.scalarized({ xs in
            let d = Bernoulli(logits: xs[0])
            let draw = BernoulliRelaxedSample(b: b, z: d.perturbedLogits(logisticNoise: u),
                                              zTilde: d.conditionalPerturbedLogits(given: b, logisticNoise: v))
            return draw.relaxedZ(temperature: xs[1]) * 2 + draw.relaxedZTilde(temperature: xs[1])
        }, outputShape: [2, 3]), at: [l, lam], maxOrder: 2, eps: 2e-3)
    }

    /// The identity that makes REBAR and RELAX unbiased, per draw d = ∇f(z) − f(z̃) ∇log p(b) −
    /// ∇f(z̃) with E[d] = 0, for f(z) = (σ(z/λ) − 0.45)². Replacing z̃ by z breaks it.
    @Test func relaxControlVariateHasZeroMean() {
        let n = 100_000, lam = Tensor(0.5)
        let logits = Tensor(repeating: 0.4, shape: [n]).requiringGradient()
        var g = RandomGenerator(seed: 75)
        let d = Bernoulli(logits: logits)
        let draw = d.relaxedSample(using: &g)
        func f(_ z: Tensor) -> Tensor { ((z / lam).sigmoid() - 0.45).squared() }
        let gradZ = gradient(of: f(draw.z).sum(), wrt: logits).scalars
        let gradZTilde = gradient(of: f(draw.zTilde).sum(), wrt: logits).scalars
        let score = gradient(of: d.logProb(draw.b).sum(), wrt: logits).scalars
        let fZTilde = f(draw.zTilde).scalars
        let differences = (0..<n).map { Double(gradZ[$0] - fZTilde[$0] * score[$0] - gradZTilde[$0]) }
        SampleStatistics.expectMean(differences, equals: 0, variance: SampleStatistics.variance(differences),
                                    "RELAX control variate")
    }
}
