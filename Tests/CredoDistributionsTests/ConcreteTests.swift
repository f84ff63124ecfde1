import CredoDistributions
import CredoTensor
import Foundation
import CredoTestSupport
import Testing

/// RelaxedBernoulli and RelaxedCategorical: densities against Maddison et al.'s closed forms and
/// quadrature, samplers against the densities, the λ → 0 limit, and gradients.
@Suite struct ConcreteTests {
    @Test func relaxedBernoulliLogDensityMatchesClosedForm() {
        // log[λ α y^(−λ−1) (1 − y)^(−λ−1) / (α y^(−λ) + (1 − y)^(−λ))²], α = e^0.7, λ = 0.5.
        let d = RelaxedBernoulli(logits: Tensor(0.7), temperature: 0.5)
        expectClose(d.logProb(Tensor([0.1, 0.5, 0.9])).scalars, [-0.390163013, -0.813224917, 0.289041361],
                    tolerance: 2e-5, "binary Concrete log-density")
    }

    /// P(a < Y ≤ c) three ways: quadrature of the density, the closed form
    /// P(Y ≤ y) = σ(λ logit(y) − ℓ), and the frequency among draws.
    @Test(arguments: [Float(0.7), 2.0]) func relaxedBernoulliDensityAndSamplerAgree(temperature: Float) {
        let l = 0.4, lam = Double(temperature)
        let d = RelaxedBernoulli(logits: Tensor(Float(l)), temperature: temperature)
        func cdf(_ y: Double) -> Double { SampleStatistics.sigmoid(lam * Foundation.log(y / (1 - y)) - l) }
        let a = 0.05, c = 0.8, m = 20_000, h = (c - a) / Double(m)
        let grid = Tensor((0..<m).map { Float(a + (Double($0) + 0.5) * h) })
        let quadrature = d.logProb(grid).exp().scalars.reduce(0.0) { $0 + Double($1) } * h
        #expect(Swift.abs(quadrature - (cdf(c) - cdf(a))) < 1e-4, "quadrature \(quadrature)")

        let n = 50_000
        var g = RandomGenerator(seed: 41)
        let y = RelaxedBernoulli(logits: Tensor(repeating: Float(l), shape: [n]), temperature: temperature).sample(using: &g)
        SampleStatistics.expectFraction(y.scalars.count(where: { Double($0) > a && Double($0) <= c }), of: n,
                                        equals: cdf(c) - cdf(a), "P(\(a) < Y ≤ \(c)) at λ = \(lam)")
    }

    @Test func relaxedCategoricalLogDensityMatchesClosedForm() {
        // log[(k − 1)! λ^(k−1) Π e^ℓ_i y_i^(−λ−1) / (Σ e^ℓ_i y_i^(−λ))^k], hand-computed in Double;
        // the second row has its own temperature.
        let d = RelaxedCategorical(logits: Tensor(rows: [[1, -0.5, 0.3], [1, -0.5, 0.3]]),
                                   temperature: Tensor(shape: [2, 1], scalars: [0.7, 2]))
        expectClose(d.logProb(Tensor(rows: [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])).scalars,
                    [-0.837955134, 1.667767850], tolerance: 2e-5, "Concrete log-density")
    }

    @Test func twoClassConcreteIsBinaryConcrete() {
        // With logits (ℓ, 0), y₁ = σ((ℓ + G₁ − G₂)/λ) and G₁ − G₂ is standard logistic.
        let y = Tensor([0.03, 0.4, 0.77, 0.99])
        for lam: Float in [0.3, 1, 2.5] {
            let two = RelaxedCategorical(logits: Tensor(rows: Array(repeating: [0.9, 0], count: 4)), temperature: lam)
            let binary = RelaxedBernoulli(logits: Tensor(0.9), temperature: lam)
            expectClose(two.logProb(Tensor.stack([y, 1 - y]).transposed()).scalars, binary.logProb(y).scalars,
                        tolerance: 1e-4, "k = 2 at λ = \(lam)")
        }
    }

    /// The k = 3 density integrates to 1 over the simplex, and P(Y₁ ≤ 0.3) by quadrature matches
    /// the frequency among draws. Quadrature: y₁ = s, y₂ = (1 − s) t, Jacobian 1 − s, midpoints.
    @Test func relaxedCategoricalDensityIntegratesToOneAndMatchesTheSampler() {
        let logits = Tensor([0.5, -0.3, 1.0]), lam: Float = 2.5
        let m = 300
        var points: [Float] = [], weights: [Double] = [], inLowerStrip: [Bool] = []
        for i in 0..<m {
            let s = (Double(i) + 0.5) / Double(m)
            for j in 0..<m {
                let t = (Double(j) + 0.5) / Double(m)
                points += [Float(s), Float((1 - s) * t), Float((1 - s) * (1 - t))]
                weights.append((1 - s) / Double(m * m))
                inLowerStrip.append(s <= 0.3)
            }
        }
        let d = RelaxedCategorical(logits: logits.reshaped([1, 3]).expanded(to: [m * m, 3]), temperature: lam)
        let density = d.logProb(Tensor(shape: [m * m, 3], scalars: points)).exp().scalars
        var total = 0.0, lower = 0.0
        for (r, p) in density.enumerated() {
            total += Double(p) * weights[r]
            if inLowerStrip[r] { lower += Double(p) * weights[r] }
        }
        #expect(Swift.abs(total - 1) < 1e-3, "∫ p = \(total)")

        let n = 40_000
        var g = RandomGenerator(seed: 43)
        let y = RelaxedCategorical(logits: logits.reshaped([1, 3]).expanded(to: [n, 3]), temperature: lam).sample(using: &g)
        let y1 = SampleStatistics.column(y.scalars, width: 3, 0)
        SampleStatistics.expectFraction(y1.count(where: { $0 <= 0.3 }), of: n, equals: lower, "P(Y₁ ≤ 0.3)")
        // The argmax of a Concrete draw is the Gumbel-max draw, at any temperature.
        let p = logits.softmax().scalars, winners = y.argmax()
        for i in 0..<3 {
            SampleStatistics.expectFraction(winners.count(where: { $0 == i }), of: n, equals: Double(p[i]), "argmax = \(i)")
        }
    }

    /// From the same noise, σ((ℓ + L)/λ) → 1[ℓ + L > 0]: it is within 0.01 of b exactly when
    /// |ℓ + L| > λ log 99, which has probability 1 − σ(c − ℓ) + σ(−c − ℓ) with c = λ log 99.
    @Test func relaxedBernoulliApproachesBernoulliAsTemperatureFalls() {
        let n = 100_000, l: Float = 0.2
        let logits = Tensor(repeating: l, shape: [n])
        var previousDistance = Float.infinity
        for lam: Float in [1, 0.1, 0.01, 0.001] {
            var g = RandomGenerator(seed: 51), h = RandomGenerator(seed: 51)
            let y = RelaxedBernoulli(logits: logits, temperature: lam).sample(using: &g)
            let b = Bernoulli(logits: logits).sample(using: &h)
            let distance = (y - b).abs().scalars
            let meanDistance = distance.reduce(0, +) / Float(n)
            #expect(meanDistance < previousDistance)
            previousDistance = meanDistance
            let c = Double(lam) * Foundation.log(99.0)
            let within = distance.count(where: { $0 < 0.01 })
            SampleStatistics.expectFraction(within, of: n,
                                            equals: 1 - SampleStatistics.sigmoid(c - Double(l)) + SampleStatistics.sigmoid(-c - Double(l)),
                                            "within 0.01 of b at λ = \(lam)")
            if lam <= 0.001 { #expect(Double(within) / Double(n) > 0.99) }
        }
    }

    @Test func relaxedCategoricalApproachesGumbelMaxAsTemperatureFalls() {
        let n = 20_000
        let logits = Tensor([0.5, -0.3, 1.0, 0]).reshaped([1, 4]).expanded(to: [n, 4])
        var g = RandomGenerator(seed: 52), h = RandomGenerator(seed: 52)
        let y = RelaxedCategorical(logits: logits, temperature: 0.001).sample(using: &g)
        let b = Categorical(logits: logits).gumbelMaxSample(using: &h)
        let gap = (y - Tensor.oneHot(b, classes: 4)).abs().max(axis: -1).scalars
        #expect(Double(gap.count(where: { $0 < 0.01 })) / Double(n) > 0.99)
        #expect(y.argmax() == b)
    }

    @Test func gradientsWithRespectToLogitsAndTemperature() {
        var c = GradientCheck()
        let l = c.randomTensor([2, 3]), lam = c.randomTensor([], scale: 0.1, offset: 0.8)
        let y = Tensor(rows: [[0.2, 0.5, 0.3], [0.1, 0.15, 0.75]])
        c.check(c.scalarized({ xs in
            var g = RandomGenerator(seed: 61)
            return RelaxedBernoulli(logits: xs[0], temperature: xs[1]).rsample(using: &g)
        }, outputShape: [2, 3]), at: [l, lam], maxOrder: 2)
        c.check(c.scalarized({ RelaxedBernoulli(logits: $0[0], temperature: $0[1]).logProb(y) }, outputShape: [2, 3]),
                at: [l, lam], maxOrder: 2)
        c.check(c.scalarized({ xs in
            var g = RandomGenerator(seed: 62)
            return RelaxedCategorical(logits: xs[0], temperature: xs[1]).rsample(using: &g)
        }, outputShape: [2, 3]), at: [l, lam], maxOrder: 2)
        c.check(c.scalarized({ RelaxedCategorical(logits: $0[0], temperature: $0[1]).logProb(y) }, outputShape: [2]),
                at: [l, lam], maxOrder: 2)
    }
}
