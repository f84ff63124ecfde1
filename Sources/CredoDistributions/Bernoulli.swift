import CredoTensor

/// Independent Bernoulli variables with logits ℓ (any shape): p(b = 1) = σ(ℓ).
///
/// Everything is written in the logits, so nothing overflows at |ℓ| of thousands:
///
///     log p(b) = b ℓ − softplus(ℓ)         (log σ(ℓ) = −softplus(−ℓ), log(1 − σ(ℓ)) = −softplus(ℓ))
///     H        = softplus(ℓ) − σ(ℓ) ℓ
///
/// Draws are 0/1 constant tensors of the logits' shape, as b = 1[ℓ + L > 0] with standard
/// logistic L, the same construction REBAR uses (see `Bernoulli+Relaxation.swift`).
public struct Bernoulli: Distribution, Sendable {
    /// The log-odds ℓ = log(p / (1 − p)).
    public let logits: Tensor

    public init(logits: Tensor) { self.logits = logits }

    /// p = σ(ℓ), which is also the mean.
    public var probabilities: Tensor { logits.sigmoid() }
    /// E[b] = σ(ℓ).
    public var mean: Tensor { probabilities }
    /// Var[b] = σ(ℓ) (1 − σ(ℓ)) = σ(ℓ) σ(−ℓ).
    public var variance: Tensor { logits.sigmoid() * (-logits).sigmoid() }

    /// b = 1[ℓ + L > 0], L = log u − log(1 − u) standard logistic: P(b = 1) = P(L > −ℓ) = σ(ℓ).
    /// Computed as the equivalent 1[1 − u < σ(ℓ)] from the same uniform u (one per unit, as
    /// `logisticNoise` draws them), which needs no logarithms.
    public func sample(using generator: inout RandomGenerator) -> Tensor {
        let p = logits.detached.sigmoid().scalars
        return Tensor(shape: logits.shape, scalars: p.map { 1 - generator.uniformOpenDouble() < Double($0) ? 1 : 0 })
    }

    /// log p(b) = b ℓ − softplus(ℓ), for b in {0, 1} (b in [0, 1] gives the cross-entropy
    /// against a soft target). Same shape as the logits (broadcast with b); differentiable with
    /// respect to ℓ: ∂/∂ℓ = b − σ(ℓ).
    public func logProb(_ value: Tensor) -> Tensor {
        value * logits - logits.softplus()
    }

    /// H = −p log p − (1 − p) log(1 − p) = softplus(ℓ) − σ(ℓ) ℓ, elementwise.
    public func entropy() -> Tensor {
        logits.softplus() - logits.sigmoid() * logits
    }

    /// H(z) = 1[z > 0]: the discrete outcome of a perturbed logit z (a constant 0/1 tensor).
    public static func discretised(_ z: Tensor) -> Tensor { z .> 0 }
}
