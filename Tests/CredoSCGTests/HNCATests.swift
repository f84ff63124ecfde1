import Foundation
import Testing
import CredoNN
import CredoTensor
@testable import CredoSCG

/// HNCA on a tiny network: 2 inputs, two hidden layers of 2 Bernoulli (±1) units, 3 actions.
@Suite struct HNCATests {
    let net: BernoulliNetwork
    let x = Tensor(rows: [[0.7, -1.2]])
    let rewards: [Float] = [1, -0.5, 2]

    init() {
        var rng = RandomGenerator(seed: 11)
        net = BernoulliNetwork(sizes: [2, 2, 2, 3], using: &rng)
    }

    /// The exact ∇E[R] by enumerating all 2² · 2² hidden states and the 3 actions.
    var exact: [Float] {
        let params = net.parameterTensors
        let signs: [[Float]] = [[-1, -1], [-1, 1], [1, -1], [1, 1]]
        func probability(of h: [Float], logits: Tensor) -> Tensor {
            let p = logits.sigmoid(), hh = Tensor(shape: [1, 2], scalars: h)
            let q = (1 + hh) / 2 * p + (1 - hh) / 2 * (1 - p)
            return q.log().sum().exp()
        }
        var expected = Tensor(0)
        let l1 = net.hidden[0](x)
        for h1 in signs {
            let l2 = net.hidden[1](Tensor(shape: [1, 2], scalars: h1))
            for h2 in signs {
                let pi = net.output(Tensor(shape: [1, 2], scalars: h2)).softmax(axis: -1)
                expected = expected + probability(of: h1, logits: l1) * probability(of: h2, logits: l2) * (pi * Tensor(rewards)).sum()
            }
        }
        return gradients(of: expected, wrt: params).flatMap(\.scalars)
    }

    @Test func hncaAndReinforceAreUnbiased() {
        let exact = self.exact
        EstimateSummary(count: 3000) { rng in
            let s = net.sample(x, using: &rng)
            return net.hncaGradient(s, reward: [rewards[s.actions[0]]]).flatMap(\.scalars)
        }.expectUnbiased(exact, "HNCA")
        EstimateSummary(count: 3000) { rng in
            let s = net.sample(x, using: &rng)
            return net.hncaGradient(s, reward: [rewards[s.actions[0]] - 0.8]).flatMap(\.scalars)
        }.expectUnbiased(exact, "HNCA with a baseline")
        EstimateSummary(count: 3000) { rng in
            let s = net.sample(x, using: &rng)
            return net.reinforceGradient(s, reward: [rewards[s.actions[0]]]).flatMap(\.scalars)
        }.expectUnbiased(exact, "REINFORCE")
    }

    @Test func hncaVarianceIsAtMostReinforcesPerParameter() {
        // The same samples for both (Theorem 1: HNCA is REINFORCE conditioned on the Markov blanket).
        var hnca: [[Float]] = [], reinforce: [[Float]] = []
        var rng = RandomGenerator(seed: 23)
        for _ in 0..<3000 {
            let s = net.sample(x, using: &rng)
            let r = [rewards[s.actions[0]]]
            hnca.append(net.hncaGradient(s, reward: r).flatMap(\.scalars))
            reinforce.append(net.reinforceGradient(s, reward: r).flatMap(\.scalars))
        }
        let vh = GradientVariance(estimates: hnca), vr = GradientVariance(estimates: reinforce)
        let hiddenCount = net.hidden.reduce(0) { $0 + $1.weight.count + $1.bias.count }
        for j in 0..<vh.dimension {
            if j < hiddenCount {
                #expect(vh.variance[j] < 0.9 * vr.variance[j], "hidden parameter \(j): \(vh.variance[j]) vs \(vr.variance[j])")
            } else {
                #expect(vh.variance[j] == vr.variance[j], "output parameter \(j) uses REINFORCE in both")
            }
        }
        #expect(vh.logMeanVariance < vr.logMeanVariance)
    }

    @Test func counterfactualRatiosMatchRecomputation() {
        // The logit-shift identity against recomputing the children's probabilities from scratch.
        var rng = RandomGenerator(seed: 2)
        let s = net.sample(Tensor(rows: [[0.7, -1.2], [-0.3, 0.4]]), using: &rng)
        let fast0 = net.bernoulliChildrenLogRatio(s, layer: 0), fast1 = net.softmaxChildLogRatio(s)
        for b in 0..<2 {
            for i in 0..<2 {
                func logQ(_ value: Float) -> (Float, Float) {
                    var h1 = Array(s.hiddenOutputs[0].scalars[(2 * b)..<(2 * b + 2)]); h1[i] = value
                    let l2 = net.hidden[1](Tensor(shape: [1, 2], scalars: h1)).scalars
                    let y2 = Array(s.hiddenOutputs[1].scalars[(2 * b)..<(2 * b + 2)])
                    let children = zip(l2, y2).reduce(Float(0)) { $0 - softplus(-$1.1 * $1.0) }
                    var h2 = y2; h2[i] = value
                    let pi = net.output(Tensor(shape: [1, 2], scalars: h2)).softmax(axis: -1).scalars
                    return (children, logf(pi[s.actions[b]]))
                }
                let (plus, minus) = (logQ(1), logQ(-1))
                #expect(abs(fast0[2 * b + i] - (plus.0 - minus.0)) < 1e-4)
                #expect(abs(fast1[2 * b + i] - (plus.1 - minus.1)) < 1e-4)
            }
        }
        #expect(abs(BernoulliNetwork.creditRatio(logRatio: 80, p: 0.3) - 1 / 0.3) < 1e-5)
        #expect(abs(BernoulliNetwork.creditRatio(logRatio: -80, p: 0.3) + 1 / 0.7) < 1e-5)
    }
}
