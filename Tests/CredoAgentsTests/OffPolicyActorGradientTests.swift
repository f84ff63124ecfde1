import CredoNN
import CredoSCG
import CredoTensor
import Foundation
import Testing
@testable import CredoAgents

/// The actor's SCG surrogate against hand-derived gradients on a fixed Q and minibatch: one
/// tanh hidden layer everywhere, so ∂Q/∂a = Σ_h v_h (1 − z_h²) V_{o+k,h} and the actor's output
/// layer gradients follow by the chain rule, in Double.
@Suite struct OffPolicyActorGradientTests {
    let n = 16, o = 4, d = 1

    func trainer(_ estimator: EstimatorName) throws -> OffPolicyActorCritic {
        try OffPolicyActorCritic(config: .with {
            $0.environment = "cartpole-continuous"; $0.estimator = estimator; $0.hiddenSizes = [5]; $0.activation = .tanh
            $0.batchSize = 16; $0.bufferSize = 64; $0.seed = 21
        })
    }

    func batch() -> ReplayBatch {
        var g = RandomGenerator(seed: 8)
        return ReplayBatch(observations: g.normalNoise(shape: [n, o]), actions: Tensor.zeros([n, d]), rewards: Tensor.zeros([n]),
                           nextObservations: Tensor.zeros([n, o]), terminated: Tensor.zeros([n]), truncated: Tensor.zeros([n]))
    }

    /// One-hidden-layer tanh MLP in Double: (hidden activations, output) for one input row.
    func forward(_ mlp: MLP, _ x: [Double]) -> (hidden: [Double], out: [Double]) {
        func layer(_ l: Linear, _ v: [Double]) -> [Double] {
            let (w, b) = (l.weight.scalars, l.bias.scalars), m = l.outputSize
            return (0..<m).map { j in v.indices.reduce(Double(b[j])) { acc, i in acc + v[i] * Double(w[i * m + j]) } }
        }
        let h = layer(mlp.layers[0], x).map { Foundation.tanh($0) }
        return (h, layer(mlp.layers[1], h))
    }

    /// Q(s, a) and ∂Q/∂a for one row.
    func qAndGradient(_ q: ActionValueCritic, _ s: [Double], _ a: [Double]) -> (value: Double, gradient: [Double]) {
        let (z, out) = forward(q.network, s + a)
        let v1 = q.network.layers[0].weight.scalars, v2 = q.network.layers[1].weight.scalars, hidden = z.count
        var g = [Double](repeating: 0, count: a.count)
        for k in 0..<a.count {
            for h in 0..<hidden {
                let slope: Double = 1 - z[h] * z[h]
                g[k] += Double(v2[h]) * slope * Double(v1[(s.count + k) * hidden + h])
            }
        }
        return (out[0], g)
    }

    func row(_ t: Tensor, _ j: Int, width: Int) -> [Double] { (0..<width).map { Double(t.scalars[j * width + $0]) } }

    func expectClose(_ tape: [Float], _ hand: [Double], _ what: String) {
        let scale = max(hand.map(abs).max() ?? 0, 1e-6)
        for (x, y) in zip(tape, hand) { #expect(abs(Double(x) - y) < 1e-4 * scale + 1e-7, "\(what): tape \(x), hand \(y)") }
    }

    func differs(_ tape: [Float], _ wrong: [Double]) -> Bool {
        let scale = max(wrong.map(abs).max() ?? 0, 1e-6)
        return zip(tape, wrong).contains { abs(Double($0) - $1) > 1e-2 * scale }
    }

    /// ddpg and td3 (and sobolev-q): ∇_θ −mean Q_1(s, μ_θ(s)), μ_θ = tanh(h W + b):
    /// ∂/∂b_k = −mean_j ∂Q/∂a_k (1 − μ_jk²), ∂/∂W_hk = −mean_j h_jh ∂Q/∂a_k (1 − μ_jk²).
    @Test(arguments: [EstimatorName.ddpg, .td3, .sobolevQ])
    func deterministicActorGradientIsTheDeterministicPolicyGradient(_ estimator: EstimatorName) throws {
        var t = try trainer(estimator)
        let b = batch()
        // Move μ away from 0 (the output layer starts near zero), so that tanh's derivative matters.
        t.actor.network.layers[1].bias = Tensor([0.9]).requiringGradient()
        let (surrogate, _) = t.actorSurrogate(b, draw: nil, alpha: 0)
        let g = gradients(of: surrogate, wrt: t.actor.parameterTensors)   // W0, b0, W1, b1
        var handW = [Double](repeating: 0, count: 5), handB = 0.0, wrongB = 0.0
        for j in 0..<n {
            let s = row(b.observations, j, width: o)
            let (h, f) = forward(t.actor.network, s)
            let mu = Foundation.tanh(f[0])
            let dQ = qAndGradient(t.critics.members[0], s, [mu]).gradient[0]
            handB -= dQ * (1 - mu * mu) / Double(n)
            wrongB -= dQ / Double(n)   // the known-wrong variant: no tanh derivative
            for k in 0..<5 { handW[k] -= h[k] * dQ * (1 - mu * mu) / Double(n) }
        }
        expectClose(g[3].scalars, [handB], "\(estimator) ∂/∂b")
        expectClose(g[2].scalars, handW, "\(estimator) ∂/∂W")
        #expect(differs(g[3].scalars, [wrongB]), "the variant without the tanh derivative must not match")
    }

    /// sac: ∇_θ mean_j [α log π(a_j|s_j) − min_i Q_i(s_j, a_j)], a = tanh(m + e^ℓ ε):
    /// ∂/∂b_m = mean_j [2α tanh(u) − g (1 − a²)], ∂/∂b_ℓ = mean_j [α(−1 + 2 tanh(u) σ ε) − g (1 − a²) σ ε],
    /// g = ∂ min_i Q_i / ∂a (the smaller twin's).
    @Test func sacActorGradientHasTheSquashingCorrection() throws {
        var t = try trainer(.sac)
        let b = batch(), alpha: Float = 0.3
        let draw = t.squashedDraw(b.observations)
        let (surrogate, _) = t.actorSurrogate(b, draw: draw, alpha: alpha)
        let g = gradients(of: surrogate, wrt: t.actor.parameterTensors)
        let eps = draw.record.noise["epsilon"]!.scalars
        var hand = [0.0, 0.0], wrong = [0.0, 0.0]
        let a64 = Double(alpha)
        for j in 0..<n {
            let s = row(b.observations, j, width: o)
            let f = forward(t.actor.network, s).out
            let (m, l) = (f[0], min(max(f[1], -20), 2))
            let sigma = Foundation.exp(l), e = Double(eps[j]), u = m + sigma * e, a = Foundation.tanh(u)
            let q = t.critics.members.map { qAndGradient($0, s, [a]) }
            let dQ = (q[0].value <= q[1].value ? q[0] : q[1]).gradient[0]
            hand[0] += (2 * a64 * Foundation.tanh(u) - dQ * (1 - a * a)) / Double(n)
            hand[1] += (a64 * (-1 + 2 * Foundation.tanh(u) * sigma * e) - dQ * (1 - a * a) * sigma * e) / Double(n)
            // The known-wrong variant: log π without the log-determinant (the Gaussian's).
            wrong[0] += (-dQ * (1 - a * a)) / Double(n)
            wrong[1] += (-a64 - dQ * (1 - a * a) * sigma * e) / Double(n)
        }
        expectClose(g[3].scalars, hand, "sac ∂/∂b")
        #expect(differs(g[3].scalars, wrong), "the variant without the squashing correction must not match")
    }

    /// sobolev-q's ĝ = ∂R̂/∂a through the model against central differences of R̂ in a.
    @Test func sobolevGradientTargetsMatchFiniteDifferencesOfTheModelReturn() throws {
        let t = try trainer(.sobolevQ)
        var g = RandomGenerator(seed: 9)
        let rows = 6
        let states = g.normalNoise(shape: [rows, o]) * 0.02, actions = g.normalNoise(shape: [rows, d]).clipped(to: -0.9...0.9)
        let batch = ReplayBatch(observations: states, actions: actions, rewards: Tensor.zeros([rows]), nextObservations: states,
                                terminated: Tensor.zeros([rows]), truncated: Tensor.zeros([rows]))
        let analytic = t.modelActionGradients(batch).scalars
        let h: Float = 1e-2
        let plus = t.modelReturns(from: states, firstActions: actions + h).scalars
        let minus = t.modelReturns(from: states, firstActions: actions - h).scalars
        let numeric = zip(plus, minus).map { (Double($0) - Double($1)) / (2 * Double(h)) }
        // The central difference's Float32 rounding error is about ε|R̂|/h (ε = 2^-23): the tolerance.
        let size = plus.map { abs(Double($0)) }.max()!
        let tolerance = 4 * Double(Float.ulpOfOne) * size / Double(h) + 1e-4 * numeric.map(abs).max()!
        for (x, y) in zip(analytic, numeric) { #expect(abs(Double(x) - y) < tolerance, "ĝ: tape \(x), differences \(y)") }
        // The known-wrong variant: ĝ of a one-step unroll (the first reward and the bootstrap
        // alone) is another gradient.
        var shortHorizon = try OffPolicyActorCritic(config: .with {
            $0.environment = "cartpole-continuous"; $0.estimator = .sobolevQ; $0.hiddenSizes = [5]; $0.activation = .tanh
            $0.batchSize = 16; $0.bufferSize = 64; $0.seed = 21; $0.pathwiseHorizon = 1
        })
        shortHorizon.critics = t.critics; shortHorizon.criticTargets = t.criticTargets; shortHorizon.actor = t.actor
        shortHorizon.actorTarget = t.actorTarget
        let wrong = shortHorizon.modelActionGradients(batch).scalars
        #expect(zip(wrong, numeric).contains { abs(Double($0) - $1) > 10 * tolerance })
        #expect(numeric.contains { abs($0) > 1e-3 }, "the return depends on the first action")
    }

    /// L(log α) = −mean log α (log π + H̄): α rises while the entropy −log π is below the
    /// target H̄ = −dim(A) = −1 and falls while above.
    @Test func sacTemperatureMovesTowardTheTargetEntropy() throws {
        var low = try trainer(.sac), high = low
        let start = low.temperature!.alpha
        for _ in 0..<20 {
            _ = try low.stepTemperature(logProbabilities: Tensor(repeating: 3, shape: [1, n]))    // entropy −3 < −1
            _ = try high.stepTemperature(logProbabilities: Tensor(repeating: -2, shape: [1, n]))  // entropy 2 > −1
        }
        #expect(low.temperature!.alpha > start * 1.003, "entropy below target: α \(start) → \(low.temperature!.alpha)")
        #expect(high.temperature!.alpha < start / 1.003, "entropy above target: α \(start) → \(high.temperature!.alpha)")
    }
}
