import Foundation
import Testing
import CredoNN
import CredoTensor
@testable import CredoExperiments
import CredoSCG

/// The discrete VAE: its −ELBO against a hand computation, and a short training run per estimator.
@Suite struct DiscreteVAETests {
    func softplus(_ x: Double) -> Double { Foundation.log(1 + Foundation.exp(x)) }
    func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// A linear VAE with 2 pixels and 1 latent unit, parameters set by hand.
    func tinyModel() -> DiscreteVAE {
        var rng = RandomGenerator(seed: 1)
        var model = DiscreteVAE(.linear, inputSize: 2, units: 1, using: &rng)
        try! model.loadParameters([
            "encoder0/weight": Tensor(rows: [[0.5], [-1]]), "encoder0/bias": Tensor([0.2]),
            "decoder0/weight": Tensor(rows: [[1.0, -0.5]]), "decoder0/bias": Tensor([0.1, 0.3]),
            "prior": Tensor([-0.4]),
        ])
        return model
    }

    @Test func negativeELBOMatchesAHandComputation() {
        let model = tinyModel()
        let x = Tensor(rows: [[1, 0]])
        // z = 1: decoder logits (1.1, −0.2); z = 0: (0.1, 0.3). q(z = 1 | x) = σ(0.5 − 0 + 0.2).
        let cost1 = softplus(-1.1) + softplus(-0.2) + softplus(0.4) - softplus(-0.7)
        let cost0 = softplus(-0.1) + softplus(0.3) + softplus(-0.4) - softplus(0.7)
        let q1 = sigmoid(0.7)
        let exact = q1 * cost1 + (1 - q1) * cost0
        let one = model.negativeELBO(x, z1: Tensor(shape: [1, 1, 1], scalars: [1])).scalar
        let zero = model.negativeELBO(x, z1: Tensor(shape: [1, 1, 1], scalars: [0])).scalar
        #expect(abs(Double(one) - cost1) < 1e-5 && abs(Double(zero) - cost0) < 1e-5)
        // The sampled −ELBO averages to the exact one.
        var rng = RandomGenerator(seed: 3)
        let trainer = DiscreteVAETrainer(model: model, estimator: .reinforce, using: &rng)
        let n = 2000
        let mean = (0..<n).reduce(0.0) { acc, _ in acc + Double(trainer.negativeELBO(x, using: &rng)) } / Double(n)
        let se = abs(cost1 - cost0) * (q1 * (1 - q1)).squareRoot() / Double(n).squareRoot()
        #expect(abs(mean - exact) < 4 * se + 1e-4, "sampled \(mean) vs exact \(exact)")
        // The graph's cost is the same −ELBO, one node per term.
        let (scg, cost) = trainer.graph(x, using: &rng)
        #expect(scg.nodes.count == 1 && scg.costs.count == 3)
        let c = Double(cost.scalars[0])
        #expect(abs(c - cost1) < 1e-5 || abs(c - cost0) < 1e-5)
    }

    /// The categorical model's −ELBO: the sampled reconstruction plus the analytic KL to the
    /// uniform prior, against a computation in Double from the encoder's logits; the KL is a cost
    /// of no node (it does not depend on the sample).
    @Test func categoricalNegativeELBOHasTheAnalyticKL() {
        var rng = RandomGenerator(seed: 2)
        let model = DiscreteVAE(.categorical, inputSize: 4, units: 2, classes: 3, hidden: [5], using: &rng)
        let x = Tensor(rows: [[1, 0, 1, 1], [0, 0, 1, 0]])
        let logits = model.encoderLogits(x).scalars.map(Double.init)  // [2, 2, 3]
        var kl = [0.0, 0.0]
        for row in 0..<2 {
            for variable in 0..<2 {
                let l = logits[(row * 2 + variable) * 3..<(row * 2 + variable + 1) * 3]
                let total = l.map { Foundation.exp($0) }.reduce(0, +)
                kl[row] += l.map { Foundation.exp($0) / total }.map { $0 * Foundation.log($0 * 3) }.reduce(0, +)
            }
        }
        let z = Tensor.oneHot([0, 2, 1, 1], classes: 3).reshaped([1, 2, 2, 3])
        let terms = model.negativeELBOTerms(x, z1: z)
        #expect(terms.map(\.name) == ["reconstruction", "kl"])
        let computed = terms[1].value.scalars.map(Double.init)
        #expect(zip(computed, kl).allSatisfy { abs($0 - $1) < 1e-5 }, "KL \(computed) vs \(kl)")
        #expect(terms[1].layers.isEmpty)
        // Negative control: the sampled log q − log p of the same z is not the KL.
        let logQ = (z * model.encoderLogits(x).logSoftmax(axis: -1)).sum(axis: -1).sum(axis: -1).scalars
        let sampled = logQ.map { Double($0) + 2 * Foundation.log(3.0) }
        #expect(zip(sampled, kl).contains { abs($0 - $1) > 1e-3 })
    }

    /// 32 binary images of 16 pixels from 4 prototypes, each pixel flipped with probability 0.05.
    static let data: Tensor = {
        var rng = RandomGenerator(seed: 9)
        let prototypes: [[Float]] = (0..<4).map { k in (0..<16).map { ($0 / 4 == k || $0 % 4 == k) ? 1 : 0 } }
        let rows = (0..<32).map { i in prototypes[i % 4].map { rng.uniformFloat() < 0.05 ? 1 - $0 : $0 } }
        return Tensor(rows: rows)
    }()

    func averageNegativeELBO(_ trainer: DiscreteVAETrainer) -> Double {
        var rng = RandomGenerator(seed: 77)
        return (0..<8).reduce(0.0) { acc, _ in acc + Double(trainer.negativeELBO(Self.data, using: &rng)) } / 8
    }

    @Test(arguments: [DiscreteVAE.Architecture.linear, .linear2, .categorical])
    func shortTrainingImprovesTheELBOForEveryEstimator(_ architecture: DiscreteVAE.Architecture) {
        for estimator in VAEEstimator.allCases where estimator.applies(to: architecture) {
            var rng = RandomGenerator(seed: 5)
            let model = DiscreteVAE(architecture, inputSize: 16, units: architecture == .categorical ? 3 : 6, classes: 4,
                                    hidden: [12], using: &rng)
            var trainer = DiscreteVAETrainer(model: model, estimator: estimator, learningRate: 0.03, using: &rng)
            let before = averageNegativeELBO(trainer)
            for _ in 0..<40 { trainer.step(Self.data, using: &rng) }
            let after = averageNegativeELBO(trainer)
            #expect(after < before - 0.5, "\(architecture), \(estimator.rawValue): −ELBO \(before) → \(after)")
        }
    }

    /// The KL warm-up's weight β scales only the terms other than the reconstruction: with the
    /// same draws, the encoder's estimate at β minus the one at 1 is (β − 1)·∇KL (the analytic KL
    /// is a cost of no node, so its gradient is exact), the decoder's is unchanged, and the
    /// reported −ELBO is the unweighted one. Negative control: a β that also scaled the
    /// reconstruction would change the decoder's gradient.
    @Test func klWeightScalesOnlyTheKL() {
        var rng = RandomGenerator(seed: 4)
        let model = DiscreteVAE(.categorical, inputSize: 16, units: 3, classes: 4, hidden: [12], using: &rng)
        var trainer = DiscreteVAETrainer(model: model, estimator: .loo, using: &rng)
        let x = Self.data.sliced(axis: 0, 0..<8)
        var draws = RandomGenerator(seed: 21)
        let full = trainer.estimate(x, using: &draws)
        trainer.klWeight = 0.25
        draws = RandomGenerator(seed: 21)
        let warm = trainer.estimate(x, using: &draws)
        #expect(warm.negativeELBO == full.negativeELBO)
        let encoderCount = model.encoderParameters.count
        let logQ = model.encoderLogits(x).logSoftmax(axis: -1)
        let kl = (logQ.exp() * logQ).sum() / Float(x.shape[0])
        let klGradient = gradients(of: kl, wrt: model.encoderParameters).flatMap(\.scalars)
        let difference = zip(warm.gradients.prefix(encoderCount).flatMap(\.scalars), full.gradients.prefix(encoderCount).flatMap(\.scalars)).map { $0 - $1 }
        let expected = klGradient.map { -0.75 * $0 }
        #expect(zip(difference, expected).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) },
                "encoder: largest error \(zip(difference, expected).map { abs($0 - $1) }.max()!)")
        #expect(klGradient.contains { abs($0) > 1e-3 }, "the KL must have a gradient for this test to mean anything")
        let decoderWarm = warm.gradients.dropFirst(encoderCount).flatMap(\.scalars)
        let decoderFull = full.gradients.dropFirst(encoderCount).flatMap(\.scalars)
        let decoderUnchanged = decoderWarm == decoderFull
        #expect(decoderUnchanged, "decoder: largest change \(zip(decoderWarm, decoderFull).map { abs($0 - $1) }.max() ?? 0)")
    }
}
