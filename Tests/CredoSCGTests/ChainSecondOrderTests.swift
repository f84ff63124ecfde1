import Testing
import CredoDistributions
import CredoNN
import CredoTensor
@testable import CredoSCG

/// Hessians on two-node chains, against the exact Hessian by enumeration (mean of N estimates
/// within 4 standard errors), with a known-wrong second-order variant as negative control:
///
/// - discrete: b1 ~ Bernoulli(θ0) → x2 ~ Categorical(θ1...3 + b1 w), costs (b1 − 0.3)² and
///   (x2 · r)(1 + b1) (the chain of `EstimatorUnbiasednessTests`);
/// - continuous (LAX): y1 ~ Normal(θ0, e^{θ1}) → x2 ~ Categorical(θ2...3 + y1 w), costs y1² and
///   (x2 · r)(1 + y1²).
@Suite struct ChainSecondOrderTests {
    let w = Tensor([1.5, -1, 0.5]), r = Tensor([2, -1, 0.5])
    let theta: [Float] = [0.4, 0.2, -0.5, 0.9]

    /// All 16 entries of ∇²y with respect to the 4 parameters, row by row.
    func hessian(_ build: (Tensor) -> Tensor) -> [Float] {
        let t = Tensor(theta).requiringGradient()
        let g = gradient(of: build(t), wrt: t, createGraph: true)
        return (0..<4).flatMap { i in gradients(of: g, wrt: [t], seed: Tensor.oneHot([i], classes: 4).reshaped([4]))[0].scalars }
    }

    var discreteExact: [Float] {
        hessian { t in
            var expected = Tensor(0)
            for b1: Float in [0, 1] {
                let p1 = t.sliced(axis: 0, 0..<1).sigmoid().reshaped([])
                let pb = b1 == 1 ? p1 : 1 - p1
                let p2 = (t.sliced(axis: 0, 1..<4) + w * b1).softmax()
                expected = expected + pb * ((b1 - 0.3) * (b1 - 0.3) + (p2 * r).sum() * (1 + b1))
            }
            return expected
        }
    }

    func discreteEstimate(_ first: some GradientEstimator, _ second: some GradientEstimator,
                          _ rng: inout RandomGenerator) -> [Float] {
        hessian { t in
            var scg = StochasticComputationGraph()
            let b1 = scg.sample("b1", from: Bernoulli(logits: t.sliced(axis: 0, 0..<1).reshaped([])), estimator: first, using: &rng)
            let logits = t.sliced(axis: 0, 1..<4) + b1.value.reshaped([-1, 1]) * w
            let x2 = scg.sample("x2", from: Categorical(logits: logits), estimator: second, parents: [b1], using: &rng)
            scg.addCost((b1.value - 0.3).squared(), dependsOn: [b1], name: "c1")
            scg.addCost((x2.value * r).sum(axis: -1) * (1 + b1.value), dependsOn: [b1, x2], name: "c2")
            return scg.surrogateLoss()
        }
    }

    /// The score function with a linearised MagicBox, 1 + l − ⊥l in place of exp(l − ⊥l): right
    /// first derivative, but the ∇l∇lᵀ terms of the second are lost.
    struct LinearisedScoreFunction: GradientEstimator {
        var samples = 1
        func draw(_ d: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
            ScoreFunction(samples: samples).draw(d, using: &rng)
        }
        func proposal(of record: SampleRecord, under d: some StochasticDistribution) -> Proposal {
            var p = ScoreFunction(samples: samples).proposal(of: record, under: d)
            let l = p.gradientFunction
            p.gradientFunction = (1 + l - stopGradient(l)).log()   // ⊡ of this is 1 + l − ⊥l
            return p
        }
    }

    @Test func scoreFunctionAndLeaveOneOut() {
        let exact = discreteExact
        EstimateSummary(count: 2000) { discreteEstimate(ScoreFunction(), ScoreFunction(), &$0) }
            .expectUnbiased(exact, "score function")
        EstimateSummary(count: 2000) { discreteEstimate(LeaveOneOut(samples: 3), LeaveOneOut(samples: 2), &$0) }
            .expectUnbiased(exact, "leave-one-out")
        EstimateSummary(count: 2000) { discreteEstimate(LinearisedScoreFunction(), LinearisedScoreFunction(), &$0) }
            .expectBiased(exact, "linearised MagicBox (negative control)")
    }

    @Test func relaxAndREBAR() {
        let exact = discreteExact
        let cv = ControlVariates()
        // RELAX on both nodes with learned-looking control variates far from the cost.
        EstimateSummary(count: 2000) {
            discreteEstimate(RELAX(temperature: Tensor(0.6)) { cv.elementwise($0) * 3 },
                             RELAX(temperature: Tensor(0.5)) { ControlVariates.rowwise(cv.row3)($0) * 3 }, &$0)
        }.expectUnbiased(exact, "RELAX")
        // REBAR on the categorical node: its control variate is the relaxed cost η f(σ_λ(z)),
        // with b1's sample a constant inside it.
        EstimateSummary(count: 2000) { rng in
            hessian { t in
                var scg = StochasticComputationGraph()
                let b1 = scg.sample("b1", from: Bernoulli(logits: t.sliced(axis: 0, 0..<1).reshaped([])),
                                    estimator: ScoreFunction(), using: &rng)
                let scale = 1 + b1.value.reshaped([-1, 1]).detached
                let rebar = REBAR(logTemperature: Tensor(-0.5), scale: Tensor(0.8)) { z in (z * r).sum(axis: -1) * scale.reshaped([-1]) }
                let x2 = scg.sample("x2", from: Categorical(logits: t.sliced(axis: 0, 1..<4) + b1.value.reshaped([-1, 1]) * w),
                                    estimator: rebar, parents: [b1], using: &rng)
                scg.addCost((b1.value - 0.3).squared(), dependsOn: [b1], name: "c1")
                scg.addCost((x2.value * r).sum(axis: -1) * (1 + b1.value), dependsOn: [b1, x2], name: "c2")
                return scg.surrogateLoss()
            }
        }.expectUnbiased(exact, "REBAR")
    }

    /// The continuous chain's Hessian estimate with `first` on y1 (x2 enumerated exactly). There
    /// is no closed form for the exact Hessian here, so LAX is checked against the
    /// reparameterisation estimator, an independent unbiased estimate of the same Hessian.
    func continuousEstimate(_ first: some GradientEstimator, _ rng: inout RandomGenerator) -> [Float] {
        hessian { t in
            var scg = StochasticComputationGraph()
            let normal = Normal(mean: t.sliced(axis: 0, 0..<1).reshaped([]), logStd: t.sliced(axis: 0, 1..<2).reshaped([]))
            let y1 = scg.sample("y1", from: normal, estimator: first, using: &rng)
            let logits = t.sliced(axis: 0, 2..<4).reshaped([1, 2]) + y1.value.reshaped([-1, 1]) * w.sliced(axis: 0, 0..<2)
            let x2 = scg.sample("x2", from: Categorical(logits: logits), estimator: Enumeration(), parents: [y1], using: &rng)
            scg.addCost(y1.value.squared(), dependsOn: [y1], name: "c1")
            scg.addCost((x2.value * r.sliced(axis: 0, 0..<2)).sum(axis: -1) * (1 + y1.value.squared()), dependsOn: [y1, x2], name: "c2")
            return scg.surrogateLoss()
        }
    }

    @Test func laxMatchesThePathwiseHessian() {
        let pathwise = EstimateSummary(count: 4000, seed: 31) { continuousEstimate(Reparameterization(), &$0) }
        let cv = ControlVariates()
        let lax = EstimateSummary(count: 4000, seed: 32) { continuousEstimate(LAX { cv.elementwise($0) * 3 }, &$0) }
        let linearised = EstimateSummary(count: 4000, seed: 33) { continuousEstimate(LinearisedScoreFunction(), &$0) }
        // Two independent unbiased estimates agree within 4 combined standard errors.
        for i in pathwise.mean.indices {
            let se = (pathwise.standardError[i] * pathwise.standardError[i] + lax.standardError[i] * lax.standardError[i]).squareRoot()
            #expect(abs(pathwise.mean[i] - lax.mean[i]) <= 4 * se + 1e-4, "entry \(i): pathwise \(pathwise.mean[i]) vs LAX \(lax.mean[i]) (SE \(se))")
        }
        let z = pathwise.mean.indices.map { i in
            abs(pathwise.mean[i] - linearised.mean[i])
                / max((pathwise.standardError[i] * pathwise.standardError[i] + linearised.standardError[i] * linearised.standardError[i]).squareRoot(), 1e-9)
        }
        #expect(z.max()! > 6, "the linearised MagicBox's Hessian should differ measurably: z \(z)")
    }
}
