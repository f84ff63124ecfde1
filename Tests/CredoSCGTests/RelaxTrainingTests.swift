import Foundation
import Testing
import CredoDistributions
import CredoNN
import CredoTensor
@testable import CredoSCG

/// RELAX's Algorithm 1 on the paper's toy problem, E[(b − 0.499)²] with b ~ Bernoulli(σ(θ)):
/// training c_φ on ∇_φ ĝ² lowers the variance of ĝ.
@Suite struct RelaxTrainingTests {
    let theta = Tensor(0).requiringGradient()

    func surrogate(_ mlp: MLP, _ rng: inout RandomGenerator) -> Tensor {
        var scg = StochasticComputationGraph()
        let b = scg.sample("b", from: Bernoulli(logits: theta),
                           estimator: RELAX { z in mlp(z.reshaped([-1, 1])).reshaped(z.shape) }, using: &rng)
        scg.addCost((b.value - 0.499).squared(), dependsOn: [b])
        return scg.surrogateLoss()
    }

    func logVariance(_ mlp: MLP) -> Double {
        var rng = RandomGenerator(seed: 99)
        return GradientVariance(count: 300, of: { surrogate(mlp, &$0) }, wrt: [theta], using: &rng).logMeanVariance
    }

    @Test func trainingTheControlVariateLowersTheVariance() {
        var rng = RandomGenerator(seed: 4)
        var mlp = MLP(sizes: [1, 10, 1], activation: .tanh, using: &rng)
        let before = logVariance(mlp)
        var adam = Adam(learningRate: 0.01)
        for _ in 0..<300 {
            let r = relaxVarianceGradients(of: surrogate(mlp, &rng), parameters: [theta], controlVariateParameters: mlp.parameterTensors)
            #expect(r.varianceLoss.isFinite)
            adam.update(&mlp, along: r.controlVariateGradients)
        }
        let after = logVariance(mlp)
        // REINFORCE's log-variance here is log(Var[f(b)(b − ½)]) ≈ log(0.25² · 0.25) = −4.2.
        #expect(after < before - 2, "log variance \(before) → \(after)")
        #expect(after < -6.2, "log variance after training \(after), REINFORCE's is about −4.2")
    }

    @Test func varianceGradientMatchesFiniteDifferences() {
        // ∇_φ Σ ĝ² from double backprop against a central difference in one weight, same noise.
        var rng = RandomGenerator(seed: 8)
        let mlp = MLP(sizes: [1, 10, 1], activation: .tanh, using: &rng)
        let r = relaxVarianceGradients(of: surrogate(mlp, &rng), parameters: [theta], controlVariateParameters: mlp.parameterTensors)
        func loss(_ delta: Float) -> Double {
            var m = mlp
            var w = m.layers[0].weight.scalars
            w[3] += delta
            m.layers[0].weight = Tensor(shape: m.layers[0].weight.shape, scalars: w).requiringGradient()
            var replay = RandomGenerator(seed: 8)
            _ = MLP(sizes: [1, 10, 1], activation: .tanh, using: &replay)
            let g = gradient(of: surrogate(m, &replay), wrt: theta)
            return Double(g.scalar) * Double(g.scalar)
        }
        let numeric = (loss(1e-2) - loss(-1e-2)) / 2e-2
        let analytic = Double(r.controlVariateGradients[0].scalars[3])
        #expect(abs(numeric - analytic) <= 1e-3 + 0.02 * abs(analytic), "numeric \(numeric), double backprop \(analytic)")
    }
}
