import CredoDistributions
import CredoTensor
import Foundation
import CredoTestSupport
import Testing

@Suite struct CategoricalTests {
    let logits = Tensor(rows: [[1.0, 2.0, 0.5, -1.0], [0, 0, 0, 3]])

    @Test func logProbAndEntropyMatchClosedForms() {
        let d = Categorical(logits: logits)
        // log p_i = ℓ_i − log Σ e^ℓ, hand-computed in Double.
        expectClose(d.logProb([0, 3]).scalars, [-1.495181898, -0.139206314], "logProb")
        expectClose(d.logProb([2, 1]).scalars, [-1.995181898, -3.139206314], "logProb")
        expectClose(d.entropy().scalars, [1.014402776, 0.529060795], "entropy")
        #expect(d.logProb([0, 3]).shape == [2])
        expectClose(d.probabilities.sum(axis: -1).scalars, [1, 1], "probabilities sum to one")
        #expect(d.mode == [1, 3])
        // An unbatched [k] distribution gives scalars; adding a constant to the logits changes
        // nothing.
        let single = Categorical(logits: Tensor([1.0, 2.0, 0.5, -1.0]) + 100)
        #expect(single.logProb([1]).shape == [])
        expectClose([single.logProb([1]).scalar], [-0.495181898], "shifted logits")
        expectClose([single.entropy().scalar], [1.014402776], "shifted entropy")
    }

    @Test func extremeLogitsStayFinite() {
        let d = Categorical(logits: Tensor([1e4, -1e4, 0]))
        #expect(d.logProb([0]).scalar == 0)
        #expect(d.logProb([1]).scalar <= -1e4)
        #expect(d.entropy().scalar.isFinite && d.entropy().scalar >= 0)
        var g = RandomGenerator(seed: 1)
        #expect(d.sample(using: &g) == [0])
        #expect(d.gumbelMaxSample(using: &g) == [0])
    }

    /// Class frequencies of both samplers against softmax(ℓ), each within 4 standard errors.
    @Test(arguments: [false, true]) func sampleFrequenciesMatchSoftmax(gumbelMax: Bool) {
        let n = 50_000
        let d = Categorical(logits: logits.reshaped([1, 2, 4]).expanded(to: [n, 2, 4]))
        var g = RandomGenerator(seed: gumbelMax ? 11 : 12)
        let draws = gumbelMax ? d.gumbelMaxSample(using: &g) : d.sample(using: &g)
        #expect(draws.count == 2 * n)
        let p = logits.softmax(axis: -1).scalars
        for row in 0..<2 {
            for i in 0..<4 {
                let hits = stride(from: row, to: draws.count, by: 2).count(where: { draws[$0] == i })
                SampleStatistics.expectFraction(hits, of: n, equals: Double(p[row * 4 + i]),
                                                "row \(row) class \(i) (gumbelMax: \(gumbelMax))")
            }
        }
    }

    @Test func samplingIsReproducibleAndSkipsZeroMassClasses() {
        let d = Categorical(logits: Tensor(rows: [[0, -1e9, 0], [-1e9, -1e9, 5]]).reshaped([1, 2, 3]).expanded(to: [500, 2, 3]))
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5)
        let x = d.sample(using: &a)
        #expect(x == d.sample(using: &b))
        #expect(x.enumerated().allSatisfy { $0.offset % 2 == 0 ? $0.element != 1 : $0.element == 2 })
    }

    @Test func gradientsOfLogProbAndEntropy() {
        var c = GradientCheck()
        let l = c.randomTensor([3, 4])
        let classes = [2, 0, 3]
        c.check({ xs in (Categorical(logits: xs[0]).logProb(classes) * Tensor([0.3, -1.2, 0.8])).sum() },
                at: [l], maxOrder: 2)
        c.check({ xs in (Categorical(logits: xs[0]).entropy() * Tensor([1.1, 0.4, -0.7])).sum() },
                at: [l], maxOrder: 2)
        // ∂ log p(i)/∂ℓ = onehot(i) − softmax(ℓ), exactly.
        let leaf = l.requiringGradient()
        let grad = gradient(of: Categorical(logits: leaf).logProb(classes).sum(), wrt: leaf)
        expectClose(grad.scalars, (Tensor.oneHot(classes, classes: 4) - l.softmax()).scalars, "score")
    }
}
