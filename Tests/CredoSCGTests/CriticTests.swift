import CredoDistributions
import CredoNN
import CredoTensor
import Foundation
import Testing
@testable import CredoSCG

/// Weber et al.'s critics outside RL: a two-layer model of Bernoulli units,
///     x1 ~ Bernoulli(σ(θ_a)),  x2 ~ Bernoulli(σ(θ_b + θ_c x1)),  cost f = (x1 + 2 x2 − 1.3)²,
/// with a learned critic per layer. Gradients are checked against the exact ∇E[f] by
/// enumeration of the four outcomes (mean of N estimates within 4 standard errors).
@Suite struct BernoulliLayerCriticTests {
    let theta: [Float] = [0.3, -0.6, 1.1]

    static func cost(_ x1: Tensor, _ x2: Tensor) -> Tensor { (x1 + x2 * 2 - 1.3).squared() }

    /// E[f | x1] for x1 ∈ {0, 1}, the exact critic of layer 1 (x2 enumerated).
    func exactQ1(_ x1: Float) -> Float {
        let p2 = 1 / (1 + expf(-(theta[1] + theta[2] * x1)))
        let c = { (x2: Float) in (x1 + 2 * x2 - 1.3) * (x1 + 2 * x2 - 1.3) }
        return p2 * c(1) + (1 - p2) * c(0)
    }

    var exact: [Float] {
        let t = Tensor(theta).requiringGradient()
        let p1 = t.sliced(axis: 0, 0..<1).sigmoid()
        var j = Tensor(0)
        for x1: Float in [0, 1] {
            let p2 = (t.sliced(axis: 0, 1..<2) + t.sliced(axis: 0, 2..<3) * x1).sigmoid()
            for x2: Float in [0, 1] {
                let px1 = x1 == 1 ? p1 : 1 - p1, px2 = x2 == 1 ? p2 : 1 - p2
                j = j + (px1 * px2 * Self.cost(Tensor(x1), Tensor(x2))).sum()
            }
        }
        return gradient(of: j, wrt: t).scalars
    }

    /// One estimate, with V-critics per layer (`v1`: a number, `v2`: a function of x1) and,
    /// optionally, a critic Q1(x1) in place of layer 1's sampled downstream cost.
    func estimate(v1: Tensor?, v2: Linear?, q1: ((Float) -> Float)?, _ rng: inout RandomGenerator) -> [Float] {
        let t = Tensor(theta).requiringGradient()
        var scg = StochasticComputationGraph()
        let first = Bernoulli(logits: t.sliced(axis: 0, 0..<1).reshaped([]))
        let x1 = scg.sample("x1", from: first, estimator: ScoreFunction(baseline: v1.map { .learned($0) } ?? .none),
                            using: &rng)
        let h = x1.value.reshaped([1])
        let secondLogits = t.sliced(axis: 0, 1..<2).reshaped([]) + t.sliced(axis: 0, 2..<3).reshaped([]) * h.reshaped([])
        let baseline2 = v2.map { Baseline.learned($0(h.reshaped([1, 1])).reshaped([1])) } ?? .none
        let x2 = scg.sample("x2", from: Bernoulli(logits: secondLogits.reshaped([1]).reshaped([])),
                            estimator: ScoreFunction(baseline: baseline2), parents: [x1], using: &rng)
        scg.addCost(Self.cost(x1.value.reshaped([1]), x2.value.reshaped([1])).reshaped([1, 1]), dependsOn: [x2])
        if let q1 { scg.estimateDownstreamCost(of: x1, by: Tensor(q1(x1.value.scalar)).reshaped([1])) }
        return gradient(of: scg.surrogateLoss(), wrt: t).scalars
    }

    /// The critics learned by regression on sampled downstream costs: V1 a scalar, V2 linear in x1.
    func learnedCritics() -> (Tensor, Linear) {
        var rng = RandomGenerator(seed: 3)
        var v1 = Tensor(0).requiringGradient()
        var v2 = Linear(inputSize: 1, outputSize: 1, using: &rng)
        var sgd = SGD(learningRate: 0.05)
        for _ in 0..<400 {
            var scg = StochasticComputationGraph()
            let t = Tensor(theta)
            let x1 = scg.sample("x1", from: Bernoulli(logits: t.sliced(axis: 0, 0..<1).reshaped([])), estimator: ScoreFunction(), using: &rng)
            let logits2 = t.sliced(axis: 0, 1..<2).reshaped([]) + t.sliced(axis: 0, 2..<3).reshaped([]) * x1.value.reshaped([])
            let x2 = scg.sample("x2", from: Bernoulli(logits: logits2), estimator: ScoreFunction(), parents: [x1], using: &rng)
            scg.addCost(Self.cost(x1.value.reshaped([1]), x2.value.reshaped([1])).reshaped([1, 1]), dependsOn: [x2])
            let loss1 = scg.baselineLoss(v1.reshaped([1]), of: x1)
            v1 = (v1 - gradient(of: loss1, wrt: v1) * 0.05).detached.requiringGradient()
            let loss2 = scg.baselineLoss(v2(x1.value.reshaped([1, 1])).reshaped([1]), of: x2)
            sgd.update(&v2, along: gradients(of: loss2, wrt: v2.parameterTensors))
        }
        return (v1.detached, v2.detached)
    }

    @Test func learnedValueCriticsPerLayerAreUnbiased() {
        let (v1, v2) = learnedCritics()
        #expect(abs(v1.scalar - 1) < 0.9, "V1 learned something: \(v1.scalar)")
        EstimateSummary(count: 6000, seed: 11) { estimate(v1: v1, v2: v2, q1: nil, &$0) }
            .expectUnbiased(exact, "learned V per layer")
    }

    /// The critic Q1 that is E[f | x1] credits layer 1 without bias (and with less variance);
    /// a wrong one is detected.
    @Test func anExactActionValueCriticIsUnbiasedAndAWrongOneIsNot() {
        let plain = EstimateSummary(count: 6000, seed: 12) { estimate(v1: nil, v2: nil, q1: nil, &$0) }
        let critic = EstimateSummary(count: 6000, seed: 12) { estimate(v1: nil, v2: nil, q1: exactQ1, &$0) }
        critic.expectUnbiased(exact, "exact Q1")
        #expect(critic.standardError[0] < plain.standardError[0])
        EstimateSummary(count: 6000, seed: 12) { estimate(v1: nil, v2: nil, q1: { exactQ1($0) + 2 * $0 }, &$0) }
            .expectBiased(exact, "wrong Q1")
    }
}
