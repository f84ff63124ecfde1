import CredoDistributions
import CredoNN
import CredoSCG
import CredoTensor
import Foundation

/// The discrete variational auto-encoders of the estimator papers' shared benchmark (binarised
/// MNIST), with every latent layer a stochastic node of a `StochasticComputationGraph` and the
/// negative ELBO its cost:
///
///     −ELBO(x) = E_q[ −log p(x | z₁) − log p(z₁ | z₂) − log p(z₂) + log q(z₁ | x) + log q(z₂ | z₁) ]
///
/// (two layers; one layer drops the z₂ terms and has the prior on z₁).
///
/// - `linear`: 200 Bernoulli units, q(z | x) and p(x | z) linear (RELAX Table 1, "linear 1 layer").
/// - `linear2`: two layers of 200 Bernoulli units, every map linear ("linear 2 layer").
/// - `nonlinear`: 200 Bernoulli units, encoder and decoder with two deterministic layers of 200
///   tanh units each ("nonlinear").
/// - `categorical`: 20 ten-class Categorical variables, encoder 784–512–256–200 and decoder
///   200–256–512–784 with ReLU, uniform prior (Storchastic's appendix E).
///
/// Bernoulli units take values 0/1 (as in the HNCA and DisARM papers; RELAX's ±1 is the same
/// model reparameterised); the top layer's prior has learned logits. Parameters are named
/// "encoder0/weight", …, "decoder0/…", "prior".
public struct DiscreteVAE: Module {
    public enum Architecture: String, CaseIterable, Sendable {
        case linear, linear2, nonlinear, categorical
    }

    public let architecture: Architecture
    /// Encoder layers: x → z₁ (and z₁ → z₂ last, for `linear2`).
    public var encoder: [Linear]
    /// Decoder layers: z₁ → x (and, for `linear2`, first z₂ → z₁).
    public var decoder: [Linear]
    /// Logits of the top layer's Bernoulli prior (unused by `categorical`, whose prior is uniform).
    public var prior: Tensor
    /// Units per Bernoulli layer, or categorical variables.
    public let units: Int
    /// Classes per categorical variable (1 for Bernoulli models).
    public let classes: Int

    /// - Parameters: inputSize, e.g. 784; units (200, or 20 for `categorical`); hidden: the
    ///   deterministic widths of `nonlinear` ([200, 200]) and `categorical` ([512, 256]).
    public init(_ architecture: Architecture, inputSize: Int, units: Int? = nil, classes: Int = 10,
                hidden: [Int]? = nil, using rng: inout RandomGenerator) {
        self.architecture = architecture
        let u = units ?? (architecture == .categorical ? 20 : 200)
        self.units = u
        self.classes = architecture == .categorical ? classes : 1
        let latent = u * self.classes
        func chain(_ sizes: [Int]) -> [Linear] {
            (0..<(sizes.count - 1)).map { Linear(inputSize: sizes[$0], outputSize: sizes[$0 + 1], using: &rng) }
        }
        switch architecture {
        case .linear:
            encoder = chain([inputSize, u]); decoder = chain([u, inputSize])
        case .linear2:
            encoder = chain([inputSize, u, u]); decoder = chain([u, u, inputSize])
        case .nonlinear:
            let h = hidden ?? [200, 200]
            encoder = chain([inputSize] + h + [u]); decoder = chain([u] + h.reversed() + [inputSize])
        case .categorical:
            let h = hidden ?? [512, 256]
            encoder = chain([inputSize] + h + [latent]); decoder = chain([latent] + h.reversed() + [inputSize])
        }
        prior = Tensor.zeros([u]).requiringGradient()
    }

    public var inputSize: Int { encoder[0].inputSize }
    public var stochasticLayers: Int { architecture == .linear2 ? 2 : 1 }
    /// Whether every map between layers is linear (what f-HNCA's counterfactuals need).
    public var isLinear: Bool { architecture == .linear || architecture == .linear2 }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        for i in encoder.indices { encoder[i].visitParameters(prefix: "encoder\(i)", visit) }
        for i in decoder.indices { decoder[i].visitParameters(prefix: "decoder\(i)", visit) }
        if architecture != .categorical { visit("prior", &prior) }
    }

    /// The encoder's parameters (those a latent node's estimator is responsible for).
    public var encoderParameters: [Tensor] { encoder.flatMap { [$0.weight, $0.bias] } }

    func mlp(_ layers: ArraySlice<Linear>, _ x: Tensor) -> Tensor {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 { h = architecture == .categorical ? h.relu() : h.tanh() }
        }
        return h
    }

    /// Logits of q(z₁ | x): [.., units] (Bernoulli) or [.., units, classes].
    public func encoderLogits(_ x: Tensor) -> Tensor {
        switch architecture {
        case .linear, .linear2: return encoder[0](x)
        case .nonlinear: return mlp(encoder[...], x)
        case .categorical:
            let l = mlp(encoder[...], x)
            return l.reshaped(Array(l.shape.dropLast()) + [units, classes])
        }
    }

    /// Logits of q(z₂ | z₁) (`linear2`).
    public func secondEncoderLogits(_ z1: Tensor) -> Tensor { encoder[1](z1) }

    /// Logits of p(x | z₁): [.., inputSize].
    public func decoderLogits(_ z1: Tensor) -> Tensor {
        switch architecture {
        case .linear: return decoder[0](z1)
        case .linear2: return decoder[1](z1)
        case .nonlinear: return mlp(decoder[...], z1)
        case .categorical: return mlp(decoder[...], z1.reshaped(Array(z1.shape.dropLast(2)) + [units * classes]))
        }
    }

    /// Logits of p(z₁ | z₂) (`linear2`).
    public func middleDecoderLogits(_ z2: Tensor) -> Tensor { decoder[0](z2) }

    /// The distribution of the first latent layer given x [B, inputSize], as one node.
    public func firstLayer(_ x: Tensor) -> any StochasticDistribution {
        architecture == .categorical
            ? Independent(Categorical(logits: encoderLogits(x)))
            : Independent(Bernoulli(logits: encoderLogits(x)))
    }

    /// Σ over the last axis of log Bernoulli(v; logits).
    static func bernoulliLogProbability(_ v: Tensor, logits: Tensor) -> Tensor {
        (v * logits - logits.softplus()).sum(axis: -1)
    }

    /// The terms of −ELBO for samples z₁ (and z₂), each [plates…] + batch, with the nodes they depend
    /// on: reconstruction −log p(x | z₁) on z₁; prior −log p(z_top) on the top layer; middle
    /// −log p(z₁ | z₂) on both; entropy log q(z₁ | x) on z₁, log q(z₂ | z₁) on z₂. The values may be
    /// relaxed (continuous), for REBAR's and RELAX's control variates.
    ///
    /// `categorical` has, as Storchastic's VAE example, the reconstruction and the analytic
    /// KL(q(z₁ | x) ‖ uniform) = Σ_variables Σ_k q_k log q_k + units · log K, a cost of no node
    /// (batch-shaped): the same expectation as the sampled log q − log p, without its variance.
    /// With the sampled form Gumbel straight-through collapses to the prior in a few hundred
    /// steps (docs/experiments/vae.md).
    public func negativeELBOTerms(_ x: Tensor, z1: Tensor, z2: Tensor? = nil) -> [(name: String, value: Tensor, layers: [Int])] {
        let l1 = encoderLogits(x)
        if architecture == .categorical {
            let reconstruction = -Self.bernoulliLogProbability(x, logits: decoderLogits(z1))
            let logQ = l1.logSoftmax(axis: -1)
            let kl = (logQ.exp() * logQ).sum(axis: -1).sum(axis: -1) + Float(units) * Foundation.log(Float(classes))
            return [("reconstruction", reconstruction, [0]), ("kl", kl, [])]
        }
        var terms: [(name: String, value: Tensor, layers: [Int])] = [
            ("reconstruction", -Self.bernoulliLogProbability(x, logits: decoderLogits(z1)), [0]),
            ("entropy1", Self.bernoulliLogProbability(z1, logits: l1), [0]),
        ]
        if let z2 {
            terms.append(("middle", -Self.bernoulliLogProbability(z1, logits: middleDecoderLogits(z2)), [0, 1]))
            terms.append(("prior", -Self.bernoulliLogProbability(z2, logits: prior), [1]))
            terms.append(("entropy2", Self.bernoulliLogProbability(z2, logits: secondEncoderLogits(z1)), [1]))
        } else {
            terms.append(("prior", -Self.bernoulliLogProbability(z1, logits: prior), [0]))
        }
        return terms
    }

    /// −ELBO for given samples: the sum of `negativeELBOTerms`, [plates…] + batch.
    public func negativeELBO(_ x: Tensor, z1: Tensor, z2: Tensor? = nil) -> Tensor {
        negativeELBOTerms(x, z1: z1, z2: z2).map(\.value).reduce(Tensor(0), +)
    }
}
