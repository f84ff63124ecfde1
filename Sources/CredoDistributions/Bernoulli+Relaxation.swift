import CredoTensor

/// One REBAR/RELAX draw for Bernoulli variables (Tucker et al. 2017; Grathwohl et al. 2018,
/// appendix B), from two independent uniforms u and v per element:
///
///     z = ℓ + log u − log(1 − u)              (Logistic(ℓ, 1), so P(z > 0) = σ(ℓ) = θ)
///     b = H(z) = 1[z > 0]
///     z̃ ~ p(z | b)                            (the same logistic, truncated to z̃ > 0 or z̃ ≤ 0)
///
/// z̃ reparameterises the truncated logistic by its inverse CDF: v' = (1 − θ) + v θ for b = 1 and
/// v' = v (1 − θ) for b = 0, z̃ = ℓ + log v' − log(1 − v'). In logits (θ = σ(ℓ)) this simplifies,
/// with V = log v − log(1 − v), to
///
///     b = 1:  z̃ =  softplus(V + softplus(ℓ))      (> 0 always)
///     b = 0:  z̃ = −softplus(−V + softplus(−ℓ))    (< 0 always)
///
/// since e^z̃ = 1 + v / ((1 − v)(1 − θ)) and e^(−z̃) = 1 + (1 − v)/(v θ) respectively. Both forms
/// are stable at any ℓ, and H(z̃) = b holds exactly: |V| ≤ 37.4 for open double uniforms, so
/// each softplus is at least 1e-17 > 0 in Float.
public struct BernoulliRelaxedSample: Sendable {
    /// The discrete draw b = H(z), a constant 0/1 tensor.
    public let b: Tensor
    /// The logistic-perturbed logits z = ℓ + L, differentiable with respect to ℓ.
    public let z: Tensor
    /// z̃ ~ p(z | b), differentiable with respect to ℓ with b held fixed.
    public let zTilde: Tensor

    /// Assembles a draw from its parts, for example z and z̃ recomputed from stored noise with
    /// `perturbedLogits` and `conditionalPerturbedLogits`.
    public init(b: Tensor, z: Tensor, zTilde: Tensor) {
        self.b = b
        self.z = z
        self.zTilde = zTilde
    }

    /// The relaxed sample σ(z/λ), the concrete relaxation of b (REBAR's control-variate input).
    public func relaxedZ(temperature: Tensor) -> Tensor { (z / temperature).sigmoid() }

    /// The conditional relaxed sample σ(z̃/λ).
    public func relaxedZTilde(temperature: Tensor) -> Tensor { (zTilde / temperature).sigmoid() }
}

extension Bernoulli {
    /// Draws u and v once and returns b, z and z̃ (see `BernoulliRelaxedSample`).
    public func relaxedSample(using generator: inout RandomGenerator) -> BernoulliRelaxedSample {
        let u = generator.logisticNoise(shape: logits.shape)
        let v = generator.logisticNoise(shape: logits.shape)
        let z = perturbedLogits(logisticNoise: u)
        let b = Bernoulli.discretised(z)
        return BernoulliRelaxedSample(b: b, z: z, zTilde: conditionalPerturbedLogits(given: b, logisticNoise: v))
    }

    /// z = ℓ + L for standard logistic noise L = log u − log(1 − u).
    public func perturbedLogits(logisticNoise: Tensor) -> Tensor {
        precondition(logisticNoise.shape == logits.shape,
                     "logistic noise of shape \(logisticNoise.shape) for logits of shape \(logits.shape)")
        return logits + logisticNoise
    }

    /// z̃ ~ p(z | b) from V = log v − log(1 − v), v ~ U(0, 1): softplus(V + softplus(ℓ)) where
    /// b = 1 and −softplus(−V + softplus(−ℓ)) where b = 0. Differentiable with respect to ℓ (b and
    /// V are constants); as a function of ℓ it is the inverse-CDF map of the truncated logistic.
    public func conditionalPerturbedLogits(given b: Tensor, logisticNoise v: Tensor) -> Tensor {
        precondition(b.shape == logits.shape && v.shape == logits.shape,
                     "b \(b.shape) and noise \(v.shape) must have the logits' shape \(logits.shape)")
        let positive = (v + logits.softplus()).softplus()
        let negative = -((-logits).softplus() - v).softplus()
        return Tensor.where(b, positive, negative)
    }
}
