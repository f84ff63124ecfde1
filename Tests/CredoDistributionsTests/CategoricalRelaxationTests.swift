import CredoDistributions
import CredoTensor
import Foundation
import CredoTestSupport
import Testing

/// REBAR/RELAX draws for categorical variables: z̃ against the published form, the law of z̃
/// against the law of z, argmax z̃ = b, the rounding guard, gradients and the RELAX identity.
@Suite struct CategoricalRelaxationTests {
    /// z̃_b = −log(−log v_b), z̃_i = −log(−log v_i / θ_i − log v_b) with θ = softmax(ℓ), shifted
    /// by logsumexp(ℓ) for unnormalised logits (Grathwohl et al. 2018, appendix B), in Double.
    @Test func conditionalSampleMatchesThePublishedForm() {
        let l: [Double] = [1, -0.5, 0.3, 2], v: [Double] = [0.2, 0.9, 0.5, 0.05]
        let lse = Foundation.log(l.reduce(0) { $0 + Foundation.exp($1) })
        for b in 0..<4 {
            let zTilde = Categorical(logits: Tensor(l.map(Float.init)))
                .conditionalPerturbedLogits(given: [b], gumbelNoise: Tensor(v.map { Float(-Foundation.log(-Foundation.log($0))) }))
            let expected = (0..<4).map { i -> Float in
                let theta = Foundation.exp(l[i] - lse)
                let normalised = i == b ? -Foundation.log(-Foundation.log(v[b]))
                    : -Foundation.log(-Foundation.log(v[i]) / theta - Foundation.log(v[b]))
                return Float(normalised + lse)
            }
            expectClose(zTilde.scalars, expected, tolerance: 1e-5, "z̃ given b = \(b)")
            #expect(zTilde.argmax() == [b])
        }
    }

    /// Drawing b through z, then z̃ ~ p(z | b), gives z̃ the law of z: independent Gumbel(ℓ_i).
    /// Checked per coordinate (CDF at four points, mean ℓ + γ, variance π²/6 with kurtosis 5.4),
    /// for the maximum (Gumbel(logsumexp ℓ)), for a pair jointly (the product of CDFs), and for
    /// the frequencies of b.
    @Test func conditionalSampleHasTheLawOfZ() {
        let n = 40_000, k = 4
        let rows = Tensor(rows: [[1.0, 2.0, 0.5, -1.0], [0, 0, 0, 3]])
        var g = RandomGenerator(seed: 81)
        let draw = Categorical(logits: rows.reshaped([1, 2, k]).expanded(to: [n, 2, k])).relaxedSample(using: &g)
        #expect(Categorical.discretised(draw.zTilde) == draw.b)
        #expect(Categorical.discretised(draw.z) == draw.b)
        let p = rows.softmax().scalars, lse = rows.logSumExp(axis: -1).scalars
        for row in 0..<2 {
            let picks = stride(from: row, to: 2 * n, by: 2).map { draw.b[$0] }
            for i in 0..<k {
                SampleStatistics.expectFraction(picks.count(where: { $0 == i }), of: n, equals: Double(p[row * k + i]),
                                                "row \(row): P(b = \(i))")
            }
            for (name, values) in [("z", draw.z), ("z̃", draw.zTilde)] {
                let columns = (0..<k).map { SampleStatistics.column(values.scalars, width: 2 * k, row * k + $0) }
                for i in 0..<k {
                    let location = Double(rows.scalars[row * k + i])
                    SampleStatistics.expectCDF(columns[i], { SampleStatistics.gumbelCDF($0, location: location) },
                                               at: [-1, 0, 1, 2.5].map { $0 + location }, "row \(row) \(name)_\(i)")
                    SampleStatistics.expectMean(columns[i], equals: location + SampleStatistics.eulerGamma,
                                                variance: Double.pi * Double.pi / 6, "row \(row) \(name)_\(i) mean")
                    SampleStatistics.expectVariance(columns[i], equals: Double.pi * Double.pi / 6, kurtosis: 5.4,
                                                    "row \(row) \(name)_\(i) variance")
                }
                let maxima = (0..<n).map { r in columns.map { $0[r] }.max()! }
                SampleStatistics.expectCDF(maxima, { SampleStatistics.gumbelCDF($0, location: Double(lse[row])) },
                                           at: [-0.5, 0.5, 2].map { $0 + Double(lse[row]) }, "row \(row) max \(name)")
                for (i, j) in [(0, 1), (1, 3)] {
                    let ti = Double(rows.scalars[row * k + i]) + 0.5, tj = Double(rows.scalars[row * k + j]) + 0.5
                    let both = (0..<n).count(where: { columns[i][$0] <= ti && columns[j][$0] <= tj })
                    SampleStatistics.expectFraction(both, of: n,
                                                    equals: SampleStatistics.gumbelCDF(ti, location: ti - 0.5)
                                                        * SampleStatistics.gumbelCDF(tj, location: tj - 0.5),
                                                    "row \(row) joint \(name)_\(i), \(name)_\(j)")
                }
            }
        }
    }

    @Test func argmaxOfZTildeIsBAtExtremeLogits() {
        let rows = Tensor(rows: [[50, -50, 0], [-1e4, 1e4, 0], [0, 0, 0], [20, 20, -20]])
        var g = RandomGenerator(seed: 82)
        let draw = Categorical(logits: rows.reshaped([1, 4, 3]).expanded(to: [3000, 4, 3])).relaxedSample(using: &g)
        #expect(Categorical.discretised(draw.zTilde) == draw.b)
        #expect(draw.zTilde.scalars.allSatisfy { $0.isFinite })
        #expect(draw.relaxedZTilde(temperature: Tensor(0.5)).scalars.allSatisfy { $0.isFinite })
    }

    /// With ℓ_i + G(v_i) far above T, z̃_i = T − softplus(T − ℓ_i − G(v_i)) rounds to T; the guard
    /// moves it one Float below T and keeps its gradient ∂T/∂ℓ = softmax(ℓ).
    @Test func roundingTiesAreBrokenTowardsB() {
        let logits = Tensor([0, 0, 0]).requiringGradient()
        let zTilde = Categorical(logits: logits).conditionalPerturbedLogits(given: [0], gumbelNoise: Tensor([0, 30, 0]))
        #expect(zTilde.argmax() == [0])
        #expect(zTilde.scalars[1] == zTilde.scalars[0].nextDown)
        expectClose(gradient(of: zTilde.sliced(axis: 0, 1..<2).sum(), wrt: logits).scalars, [1 / 3, 1 / 3, 1 / 3],
                    "∂z̃₁/∂ℓ")
    }

    @Test func relaxationsApproachOneHotAsTemperatureFalls() {
        let n = 20_000
        var g = RandomGenerator(seed: 83)
        let draw = Categorical(logits: Tensor([0.5, -0.3, 1.0]).reshaped([1, 3]).expanded(to: [n, 3])).relaxedSample(using: &g)
        #expect(draw.oneHot.shape == [n, 3])
        for relaxed in [draw.relaxedZ(temperature: Tensor(0.001)), draw.relaxedZTilde(temperature: Tensor(0.001))] {
            let gap = (relaxed - draw.oneHot).abs().max(axis: -1).scalars
            #expect(Double(gap.count(where: { $0 < 0.01 })) / Double(n) > 0.99)
        }
    }

    @Test func gradientsOfZAndZTildeGivenB() {
        var c = GradientCheck()
        let l = c.randomTensor([2, 4]), lam = c.randomTensor([], scale: 0.1, offset: 0.7)
        var g = RandomGenerator(seed: 84)
        let u = g.gumbelNoise(shape: [2, 4]), v = g.gumbelNoise(shape: [2, 4]), b = [3, 1]
        c.check(c.scalarized({ Categorical(logits: $0[0]).conditionalPerturbedLogits(given: b, gumbelNoise: v) },
                             outputShape: [2, 4]), at: [l], maxOrder: 2)
        c.check(c.scalarized({ xs in
            let d = Categorical(logits: xs[0])
            let draw = CategoricalRelaxedSample(b: b, z: d.perturbedLogits(gumbelNoise: u),
                                                zTilde: d.conditionalPerturbedLogits(given: b, gumbelNoise: v))
            return draw.relaxedZ(temperature: xs[1]) * 2 + draw.relaxedZTilde(temperature: xs[1])
        }, outputShape: [2, 4]), at: [l, lam], maxOrder: 2)
    }

    /// E[∇f(z) − f(z̃) ∇log p(b) − ∇f(z̃)] = 0 for f(z) = ⟨w, softmax(z/λ)⟩, per logit.
    @Test func relaxControlVariateHasZeroMean() {
        let n = 40_000, lam = Tensor(0.5), w = Tensor([1, -2, 0.5])
        let logits = Tensor([0.5, -0.3, 1.0]).reshaped([1, 3]).expanded(to: [n, 3]).detached.requiringGradient()
        var g = RandomGenerator(seed: 85)
        let d = Categorical(logits: logits)
        let draw = d.relaxedSample(using: &g)
        func f(_ z: Tensor) -> Tensor { ((z / lam).softmax() * w).sum(axis: -1) }
        let gradZ = gradient(of: f(draw.z).sum(), wrt: logits).scalars
        let gradZTilde = gradient(of: f(draw.zTilde).sum(), wrt: logits).scalars
        let score = gradient(of: d.logProb(draw.b).sum(), wrt: logits).scalars
        let fZTilde = f(draw.zTilde).scalars
        for i in 0..<3 {
            let differences = (0..<n).map { r in
                Double(gradZ[r * 3 + i] - fZTilde[r] * score[r * 3 + i] - gradZTilde[r * 3 + i])
            }
            SampleStatistics.expectMean(differences, equals: 0, variance: SampleStatistics.variance(differences),
                                        "RELAX control variate, logit \(i)")
        }
    }
}
