import Testing
import CredoDistributions
import CredoNN
import CredoTensor
@testable import CredoSCG

/// Hessian estimates ∇²SL on one Categorical node (4 classes, cost (Σ x r)² + Σ x s), against the
/// exact Hessian of E[cost] = Σ softmax(θ)(r² + s).
@Suite struct SecondOrderTests {
    let graphs = EstimatorUnbiasednessTests()

    /// All d² entries of ∇²y with respect to θ (d = 4), row by row.
    func hessian(_ build: (Tensor) -> Tensor) -> [Float] {
        let theta = graphs.theta2.requiringGradient()
        let g = gradient(of: build(theta), wrt: theta, createGraph: true)
        return (0..<4).flatMap { i in
            gradients(of: g, wrt: [theta], seed: Tensor.oneHot([i], classes: 4).reshaped([4]))[0].scalars
        }
    }

    var exact: [Float] {
        hessian { theta in (theta.softmax() * (graphs.r.squared() + graphs.s)).sum() }
    }

    func estimate(_ estimator: some GradientEstimator, _ rng: inout RandomGenerator) -> [Float] {
        hessian { theta in
            var scg = StochasticComputationGraph()
            let x = scg.sample("x", from: Categorical(logits: theta), estimator: estimator, using: &rng)
            scg.addCost((x.value * graphs.r).sum(axis: -1).squared() + (x.value * graphs.s).sum(axis: -1), dependsOn: [x])
            return scg.surrogateLoss()
        }
    }

    @Test func diceHessianIsUnbiased() {
        EstimateSummary(count: 1200) { estimate(ScoreFunction(), &$0) }.expectUnbiased(exact, "DiCE")
        EstimateSummary(count: 1200) { estimate(ScoreFunction(baseline: .constant(3)), &$0) }.expectUnbiased(exact, "DiCE with a baseline")
    }

    @Test func relaxHessianIsUnbiased() {
        let c = ControlVariates.rowwise(ControlVariates().row4)
        EstimateSummary(count: 1200) { estimate(RELAX(temperature: Tensor(0.7)) { c($0) * 4 }, &$0) }.expectUnbiased(exact, "RELAX")
    }

    @Test func enumerationHessianIsExact() {
        let e = EstimateSummary(count: 2) { estimate(Enumeration(), &$0) }
        for (m, x) in zip(e.mean, exact) { #expect(abs(m - Double(x)) < 1e-4) }
    }
}
