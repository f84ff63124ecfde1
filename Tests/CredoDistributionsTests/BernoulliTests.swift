import CredoDistributions
import CredoTensor
import Foundation
import CredoTestSupport
import Testing

@Suite struct BernoulliTests {
    @Test func logProbAndEntropyMatchClosedForms() {
        let d = Bernoulli(logits: Tensor([-2, 0, 0.7, 3]))
        // log σ(ℓ) for b = 1, log(1 − σ(ℓ)) for b = 0; H = −p log p − (1 − p) log(1 − p).
        expectClose(d.logProb(Tensor([1, 0, 1, 0])).scalars,
                    [-2.126928011, -0.693147181, -0.403186049, -3.048587352], "logProb")
        expectClose(d.entropy().scalars, [0.365333855, 0.693147181, 0.635454608, 0.190864971], "entropy")
        expectClose(d.mean.scalars, [0.119202922, 0.5, 0.668187772, 0.952574127], "mean")
        expectClose(d.variance.scalars, [0.104993585, 0.25, 0.221713873, 0.045176660], "variance")
    }

    @Test func extremeLogitsStayFinite() {
        let d = Bernoulli(logits: Tensor([1e4, -1e4, 80, -80]))
        let lp = d.logProb(Tensor([1, 0, 0, 1])).scalars
        #expect(lp[0] == 0 && lp[1] == 0)
        #expect(Swift.abs(lp[2] + 80) < 1e-4 && Swift.abs(lp[3] + 80) < 1e-4)
        #expect(d.entropy().scalars.allSatisfy { $0.isFinite && $0 >= 0 && $0 < 1e-3 })
        var g = RandomGenerator(seed: 2)
        #expect(d.sample(using: &g).scalars == [1, 0, 1, 0])
    }

    @Test func sampleMeansMatchSigmoid() {
        let n = 100_000
        let l = Tensor([-2, 0, 0.7, 3])
        var g = RandomGenerator(seed: 21)
        let draws = Bernoulli(logits: l.reshaped([1, 4]).expanded(to: [n, 4])).sample(using: &g)
        #expect(draws.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        for j in 0..<4 {
            let hits = SampleStatistics.column(draws.scalars, width: 4, j).count(where: { $0 == 1 })
            SampleStatistics.expectFraction(hits, of: n, equals: SampleStatistics.sigmoid(Double(l.scalars[j])),
                                            "P(b = 1) at logit \(l.scalars[j])")
        }
    }

    @Test func gradientsOfLogProbAndEntropy() {
        var c = GradientCheck()
        let l = c.randomTensor([2, 3], scale: 2)
        let b = Tensor(rows: [[1, 0, 1], [0, 0, 1]])
        c.check(c.scalarized({ Bernoulli(logits: $0[0]).logProb(b) }, outputShape: [2, 3]), at: [l], maxOrder: 2)
        c.check(c.scalarized({ Bernoulli(logits: $0[0]).entropy() }, outputShape: [2, 3]), at: [l], maxOrder: 2)
        // ∂ log p(b)/∂ℓ = b − σ(ℓ), exactly.
        let leaf = l.requiringGradient()
        let grad = gradient(of: Bernoulli(logits: leaf).logProb(b).sum(), wrt: leaf)
        expectClose(grad.scalars, (b - l.sigmoid()).scalars, "score")
    }
}
