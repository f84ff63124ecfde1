import CredoDistributions
import CredoNN
import CredoTensor
import Foundation
import Testing
@testable import CredoAgents

/// The one-step (bandit) form of each discrete estimator against the exact policy gradient
/// ∂/∂θ_j Σ_a softmax(θ)_a f(a) = p_j (f(j) − Σ_a p_a f(a)).
///
/// N draws share the logits θ but each row has its own copy as a tape leaf, so the gradient with
/// respect to the [N, k] leaf holds every draw's estimate; their mean must match the exact
/// gradient within 4 standard errors (fixed seeds).
@Suite struct BanditEstimatorUnbiasednessTests {
    let theta: [Float] = [0.2, -0.4, 0.1]
    let reward: [Float] = [1, 3, -2]
    let n = 4_000

    var exact: [Double] {
        let e = theta.map { Foundation.exp(Double($0)) }
        let z = e.reduce(0, +)
        let p = e.map { $0 / z }
        let mean = zip(p, reward).reduce(0) { $0 + $1.0 * Double($1.1) }
        return (0..<3).map { p[$0] * (Double(reward[$0]) - mean) }
    }

    /// Per-draw estimates of ∇E[f] from a surrogate *loss* (minimised) averaged over rows.
    func check(_ name: String, loss: (Tensor) -> Tensor) {
        let leaf = Tensor(shape: [n, 3], scalars: (0..<n).flatMap { _ in theta }).requiringGradient()
        let g = gradient(of: loss(leaf), wrt: leaf).scalars.map { -Double($0) * Double(n) }
        for j in 0..<3 {
            let column = stride(from: j, to: g.count, by: 3).map { g[$0] }
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
            let se = sd / Double(n).squareRoot()
            #expect(abs(mean - exact[j]) < 4 * se + 1e-6, "\(name): coordinate \(j): \(mean) vs exact \(exact[j]) (SE \(se))")
        }
    }

    func draws(seed: UInt64) -> (actions: [Int], u: Tensor, v: Tensor) {
        var rng = RandomGenerator(seed: seed)
        let u = rng.gumbelNoise(shape: [n, 3]), v = rng.gumbelNoise(shape: [n, 3])
        let logits = Tensor(shape: [n, 3], scalars: (0..<n).flatMap { _ in theta })
        return (Categorical.discretised(logits + u), u, v)
    }

    @Test func reinforceIsUnbiased() {
        let (a, _, _) = draws(seed: 1)
        let f = Tensor(a.map { reward[$0] })
        check("reinforce") { logits in
            trajectorySurrogate(logProbs: Categorical(logits: logits).logProb(a), returns: f, mask: Tensor.ones([n]))
        }
    }

    @Test func reinforceWithBaselineIsUnbiased() {
        let (a, _, _) = draws(seed: 2)
        let f = Tensor(a.map { reward[$0] })
        check("reinforce-baseline") { logits in
            trajectorySurrogate(logProbs: Categorical(logits: logits).logProb(a), returns: f,
                                baselines: Tensor(repeating: 1.5, shape: [n]), mask: Tensor.ones([n]))
        }
    }

    @Test func relaxIsUnbiasedForAnyControlVariate() {
        let (a, u, v) = draws(seed: 3)
        var rng = RandomGenerator(seed: 4)
        var cv = RELAXControlVariate(observationSize: 1, actionCount: 3, hiddenSizes: [8], temperature: 0.5, using: &rng)
        // A control variate far from zero, so its correction terms matter.
        let last = cv.network.layers.count - 1
        cv.network.layers[last].weight = (cv.network.layers[last].weight * 300).detached.requiringGradient()
        cv.network.layers[last].bias = Tensor([2]).requiringGradient()
        let f = Tensor(a.map { reward[$0] })
        check("relax") { logits in
            relaxSurrogate(logits: logits, actions: a, gumbelNoise: u, conditionalNoise: v,
                           observations: Tensor.zeros([n, 1]), advantages: f, mask: Tensor.ones([n]),
                           controlVariate: cv)
        }
    }

    /// The control variate must change the estimate draw by draw (else the test above is vacuous).
    @Test func relaxControlVariateChangesTheEstimate() {
        let (a, u, v) = draws(seed: 3)
        var rng = RandomGenerator(seed: 4)
        var cv = RELAXControlVariate(observationSize: 1, actionCount: 3, hiddenSizes: [8], using: &rng)
        let last = cv.network.layers.count - 1
        cv.network.layers[last].weight = (cv.network.layers[last].weight * 300).detached.requiringGradient()
        let f = Tensor(a.map { reward[$0] })
        let leaf = Tensor(shape: [n, 3], scalars: (0..<n).flatMap { _ in theta }).requiringGradient()
        let withCV = gradient(of: relaxSurrogate(logits: leaf, actions: a, gumbelNoise: u, conditionalNoise: v,
                                                 observations: Tensor.zeros([n, 1]), advantages: f,
                                                 mask: Tensor.ones([n]), controlVariate: cv), wrt: leaf)
        let plain = gradient(of: trajectorySurrogate(logProbs: Categorical(logits: leaf).logProb(a), returns: f,
                                                     mask: Tensor.ones([n])), wrt: leaf)
        let difference = zip(withCV.scalars, plain.scalars).map { abs($0 - $1) }.max()!
        #expect(difference > 1e-6)
    }
}

/// LAX's one-step form for a Gaussian action a ~ N(μ, σ²) and f(a) = −(a − 2)², whose exact
/// gradients are ∂E[f]/∂μ = −2(μ − 2) and ∂E[f]/∂log σ = −2σ².
@Suite struct GaussianLAXUnbiasednessTests {
    let n = 4_000
    let mu: Float = 0.5, logStd: Float = -0.3

    @Test func laxIsUnbiasedForAnyControlVariate() {
        var rng = RandomGenerator(seed: 21)
        let noise = rng.normalNoise(shape: [n, 1])
        let actions = (noise * Float(Foundation.exp(Double(logStd))) + mu).detached
        let f = Tensor(actions.scalars.map { -($0 - 2) * ($0 - 2) })
        var cv = LAXControlVariate(observationSize: 1, actionSize: 1, hiddenSizes: [8], using: &rng)
        let last = cv.network.network.layers.count - 1
        cv.network.network.layers[last].weight = (cv.network.network.layers[last].weight * 300).detached.requiringGradient()
        let meanLeaf = Tensor(repeating: mu, shape: [n, 1]).requiringGradient()
        let logStdLeaf = Tensor(repeating: logStd, shape: [n, 1]).requiringGradient()
        let loss = laxSurrogate(mean: meanLeaf, logStd: logStdLeaf, actions: actions, observations: Tensor.zeros([n, 1]),
                                advantages: f, mask: Tensor.ones([n]), controlVariate: cv)
        let g = gradients(of: loss, wrt: [meanLeaf, logStdLeaf])
        let sigma2 = Foundation.exp(2 * Double(logStd))
        let exact = [-2 * (Double(mu) - 2), -2 * sigma2]
        for (k, grad) in g.enumerated() {
            let column = grad.scalars.map { -Double($0) * Double(n) }
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
            #expect(abs(mean - exact[k]) < 4 * sd / Double(n).squareRoot() + 1e-6,
                    "parameter \(k): \(mean) vs exact \(exact[k])")
        }
    }
}
