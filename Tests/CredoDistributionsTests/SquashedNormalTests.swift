import CredoDistributions
import CredoTensor
import CredoTestSupport
import Foundation
import Testing

@Suite struct SquashedNormalTests {
    /// log p(tanh(u)) = log N(u; μ, σ²) − log(1 − tanh²(u)), u = μ + σ ε, against Double.
    @Test func logProbabilityMatchesTheChangeOfVariables() {
        let mu: [Double] = [0.3, -1.2, 2.0, 0.0], sigma: [Double] = [0.5, 1.5, 0.2, 3.0], eps: [Double] = [0.7, -0.4, 1.1, 3.5]
        let d = SquashedNormal(mean: Tensor(mu.map(Float.init)), logStd: Tensor(sigma.map { Float(Foundation.log($0)) }))
        let noise = Tensor(eps.map(Float.init))
        let expected = (0..<4).map { i -> Double in
            let u = mu[i] + sigma[i] * eps[i], t = Foundation.tanh(u)
            return -0.5 * eps[i] * eps[i] - Foundation.log(sigma[i]) - 0.5 * Foundation.log(2 * Double.pi) - Foundation.log(1 - t * t)
        }
        let fromNoise = d.logProb(noise: noise).scalars, fromValue = d.logProb(d.rsample(noise: noise)).scalars
        for i in 0..<4 {
            #expect(abs(Double(fromNoise[i]) - expected[i]) < 1e-4 * max(1, abs(expected[i])), "log p from ε, \(i)")
        }
        // From the value (through atanh) agrees where the draw is not near ±1 (the last is u = 10.5).
        for i in 0..<3 {
            #expect(abs(Double(fromValue[i]) - expected[i]) < 2e-3 * max(1, abs(expected[i])), "log p from a, \(i)")
        }
        // The known-wrong variant without the log-determinant is far off.
        let gaussian = d.base.logProb(d.base.rsample(noise: noise)).scalars
        #expect(abs(Double(gaussian[2]) - expected[2]) > 1)
    }

    /// The stable log-determinant 2(log 2 − u − softplus(−2u)) stays finite where the naive
    /// log(1 − tanh²u) underflows in Float32.
    @Test func logDeterminantIsStableInTheTails() {
        let u: [Double] = [0.5, -3, 12, -20, 40]
        let stable = SquashedNormal.logDetTanh(Tensor(u.map(Float.init))).scalars
        for (i, x) in u.enumerated() {
            // log sech²(x) = 2 (log 2 − |x| − log(1 + e^{−2|x|})).
            let exact = 2 * (Foundation.log(2) - abs(x) - Foundation.log1p(Foundation.exp(-2 * abs(x))))
            #expect(abs(Double(stable[i]) - exact) < 1e-4 * max(1, abs(exact)), "u = \(x): \(stable[i]) vs \(exact)")
        }
        let naive = Tensor(u.map(Float.init)).tanh().scalars.map { Foundation.log(1 - $0 * $0) }
        #expect(naive[2].isInfinite, "the naive form underflows at u = 12 (the negative control)")
    }

    /// The density of the squashed draws integrates to 1 over (−1, 1) (midpoint rule).
    @Test func densityIntegratesToOne() {
        let n = 20_000
        let x = Tensor((0..<n).map { Float(-1 + (2 * Double($0) + 1) / Double(n)) })
        let d = SquashedNormal(mean: Tensor(repeating: 0.4, shape: [n]), logStd: Tensor(repeating: Float(Foundation.log(0.8)), shape: [n]))
        let total = d.logProb(x).scalars.reduce(0.0) { $0 + Foundation.exp(Double($1)) } * 2 / Double(n)
        #expect(abs(total - 1) < 2e-3, "∫ p = \(total)")
    }

    /// ∂ log p(tanh(μ + σε)) / ∂(μ, log σ) by the tape against central differences.
    @Test func logProbabilityGradientMatchesFiniteDifferences() {
        var check = GradientCheck(seed: 11)
        let eps = Tensor([0.3, -1.1, 0.8])
        check.check({ xs in SquashedNormal(mean: xs[0], logStd: xs[1]).logProb(noise: eps).sum() },
                    at: [Tensor([0.2, -0.5, 1.3]), Tensor([-0.3, 0.1, -1.0])], maxOrder: 2)
    }

    @Test func uniformDrawsAndDensity() {
        var g = RandomGenerator(seed: 4)
        let d = Uniform(low: Tensor(-1), high: Tensor(1), shape: [1000, 2])
        let x = d.rsample(noise: Uniform.standardNoise(shape: [1000, 2], using: &g)).scalars
        #expect(x.allSatisfy { $0 >= -1 && $0 < 1 })
        // Mean 0 ± 4 standard errors (σ² = 1/3 over 2000 draws).
        let mean: Double = x.reduce(0.0) { $0 + Double($1) } / 2000
        let standardError: Double = (1.0 / 3 / 2000).squareRoot()
        #expect(abs(mean) < 4 * standardError)
        #expect(d.logProb(Tensor([0.5, -0.5])).scalars.allSatisfy { abs($0 + Float(Foundation.log(2.0))) < 1e-6 })
    }
}
