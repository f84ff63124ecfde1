import Foundation
import Testing
import CredoDistributions
import CredoTensor
@testable import CredoSCG

@Suite struct GradientVarianceTests {
    @Test func perParameterVarianceOfKnownNoise() {
        // Components with standard deviations 0.5 and 2: variances 0.25 and 4.
        var rng = RandomGenerator(seed: 1)
        let v = GradientVariance(count: 4000, using: &rng) { rng in
            [Tensor([0.5 * Float(rng.standardNormal()) + 1]), Tensor(2 * Float(rng.standardNormal()))]
        }
        #expect(v.dimension == 2 && v.count == 4000)
        #expect(abs(v.mean[0] - 1) < 4 * v.standardError[0])
        #expect(abs(v.variance[0] - 0.25) < 0.03 && abs(v.variance[1] - 4) < 0.4)
        #expect(abs(v.logMeanVariance - log((0.25 + 4) / 2)) < 0.1)
    }

    @Test func exactEstimatorHasZeroVariance() {
        let v = GradientVariance(estimates: [[1, 2], [1, 2], [1, 2]])
        #expect(v.variance == [0, 0] && v.logMeanVariance == -.infinity)
    }

    @Test func scoreFunctionVarianceOnABernoulliNode() {
        // ĝ = f(b)(b − p) at θ = 0 with f(b) = b: Var = E[b²(b − ½)²] − E[b(b − ½)]² = 1/8 − 1/16.
        let theta = Tensor(0).requiringGradient()
        var rng = RandomGenerator(seed: 2)
        let v = GradientVariance(count: 3000, of: { rng in
            var scg = StochasticComputationGraph()
            let b = scg.sample("b", from: Bernoulli(logits: theta), estimator: ScoreFunction(), using: &rng)
            scg.addCost(b.value, dependsOn: [b])
            return scg.surrogateLoss()
        }, wrt: [theta], using: &rng)
        #expect(abs(v.variance[0] - 1.0 / 16) < 0.006)
    }
}
