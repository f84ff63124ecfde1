import Foundation
import Testing
import CredoDistributions
import CredoTensor
@testable import CredoSCG

/// The leave-one-out baseline on a plate of samples of a layer of categorical variables, in the
/// shape of the categorical discrete VAE (docs/experiments/vae.md): a batch of rows, each with
/// `units` independent K-class variables z ~ q_θ(z | x) (`Independent(Categorical)`), a decoder
/// cost f_φ(z) that depends on parameters of its own, and the analytic KL(q_θ ‖ uniform) as a cost
/// of no stochastic node. The exact gradient of E_q[f_φ(z)] + KL(q_θ) enumerates the K^units joint
/// outcomes of each row.
@Suite struct LeaveOneOutPlateTests {
    static let batch = 2, units = 2, classes = 3
    /// Encoder logits θ [B, units, K] and decoder weights φ [units·K].
    let theta0 = Tensor(shape: [2, 2, 3], scalars: [0.4, -0.3, 0.9, -1.1, 0.2, 0.5, 1.2, 0.1, -0.6, 0.3, -0.9, 0.7])
    let phi0 = Tensor([0.8, -0.5, 0.3, -0.2, 1.1, -0.7])
    /// Per-row targets of the decoder's output.
    let target = Tensor([0.6, -0.4])

    /// f_φ(z) = (Σ_{u,k} z_{uk} φ_{uk} − t_b)², per [samples…, B] for one-hot z [samples…, B, units, K].
    func decoderCost(_ z: Tensor, _ phi: Tensor) -> Tensor {
        let lead = Array(z.shape.dropLast(2))
        let out = (z.reshaped(lead + [Self.units * Self.classes]) * phi).sum(axis: -1)
        return (out - target).squared()
    }

    /// KL(q_θ ‖ uniform) per row, [B]: Σ_units Σ_k q log q + units · log K.
    func kl(_ theta: Tensor) -> Tensor {
        let logQ = theta.logSoftmax(axis: -1)
        return (logQ.exp() * logQ).sum(axis: -1).sum(axis: -1) + Float(Self.units) * Float(Foundation.log(Double(Self.classes)))
    }

    func estimate(_ estimator: some GradientEstimator, withKL: Bool, _ rng: inout RandomGenerator) -> [Float] {
        let theta = theta0.requiringGradient(), phi = phi0.requiringGradient()
        var scg = StochasticComputationGraph(batchShape: [Self.batch])
        let z = scg.sample("z", from: Independent(Categorical(logits: theta)), estimator: estimator, using: &rng)
        scg.addCost(decoderCost(z.value, phi), dependsOn: [z], name: "reconstruction")
        if withKL { scg.addCost(kl(theta), dependsOn: [], name: "kl") }
        return gradients(of: scg.surrogateLoss(), wrt: [theta, phi]).flatMap(\.scalars)
    }

    /// Σ_z q_θ(z) f_φ(z) (+ KL) by enumerating the K² joint outcomes of every row.
    func exact(withKL: Bool) -> [Float] {
        let theta = theta0.requiringGradient(), phi = phi0.requiringGradient()
        let q = theta.softmax(axis: -1)  // [B, units, K]
        var expected = Tensor(0)
        for a in 0..<Self.classes {
            for b in 0..<Self.classes {
                var oneHot = [Float](repeating: 0, count: Self.units * Self.classes)
                oneHot[a] = 1
                oneHot[Self.classes + b] = 1
                let z = Tensor(shape: [1, Self.units, Self.classes], scalars: oneHot).expanded(to: [Self.batch, Self.units, Self.classes])
                let probability = (q * z).sum(axis: -1).log().sum(axis: -1).exp()  // [B]: Π_units q(z_u)
                expected = expected + (probability * decoderCost(z, phi)).sum()
            }
        }
        if withKL { expected = expected + kl(theta).sum() }
        return gradients(of: expected, wrt: [theta, phi]).flatMap(\.scalars)
    }

    /// A known-wrong leave-one-out: each sample's baseline is the mean over all m samples, its
    /// own included, so it is not independent of the sample (the score term shrinks by (m − 1)/m).
    struct MeanOfAllBaseline: GradientEstimator {
        var samples: Int
        func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
            ScoreFunction(samples: samples).draw(distribution, using: &rng)
        }
        func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
            ScoreFunction(samples: samples).proposal(of: record, under: distribution)
        }
        func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
            (1 - magicBox(proposal.gradientFunction)) * downstreamCost.mean(axis: 0, keepingDimensions: true)
        }
    }

    @Test func leaveOneOutOnACategoricalPlateIsUnbiased() {
        // The VAE's case (2 samples, the analytic KL beside the reconstruction), more samples
        // without the KL, and the single-sample score function with it.
        EstimateSummary(count: 2000) { estimate(LeaveOneOut(samples: 2), withKL: true, &$0) }
            .expectUnbiased(exact(withKL: true), "leave-one-out, 2 samples, with the KL")
        EstimateSummary(count: 2000) { estimate(LeaveOneOut(samples: 4), withKL: false, &$0) }
            .expectUnbiased(exact(withKL: false), "leave-one-out, 4 samples, no KL")
        EstimateSummary(count: 2000) { estimate(ScoreFunction(), withKL: true, &$0) }
            .expectUnbiased(exact(withKL: true), "score function, with the KL")
    }

    @Test func aBaselineThatSeesItsOwnSampleIsDetected() {
        EstimateSummary(count: 2000) { estimate(MeanOfAllBaseline(samples: 2), withKL: true, &$0) }
            .expectBiased(exact(withKL: true), "mean-of-all baseline, 2 samples")
    }
}
