import CredoTensor

/// The Gumbel-max trick: with G_i independent standard Gumbel,
///
///     argmax_i (ℓ_i + G_i) ~ Categorical(softmax(ℓ)),
///
/// because the maximum of independent Gumbels with locations ℓ_i lands on i with probability
/// e^(ℓ_i) / Σ_j e^(ℓ_j). The perturbed logits ℓ + G are also the unrelaxed sample z of the
/// Concrete distribution and of REBAR/RELAX (see `Categorical+Relaxation.swift`).
extension Categorical {
    /// The Gumbel-perturbed logits z = ℓ + G for given standard Gumbel noise of the logits' shape;
    /// differentiable with respect to the logits.
    public func perturbedLogits(gumbelNoise: Tensor) -> Tensor {
        precondition(gumbelNoise.shape == logits.shape,
                     "Gumbel noise of shape \(gumbelNoise.shape) for logits of shape \(logits.shape)")
        return logits + gumbelNoise
    }

    /// One class per row as argmax_i (ℓ_i + G_i); same distribution as `sample(using:)`, at the
    /// cost of k Gumbel draws per row instead of one uniform.
    public func gumbelMaxSample(using generator: inout RandomGenerator) -> [Int] {
        perturbedLogits(gumbelNoise: generator.gumbelNoise(shape: logits.shape)).argmax()
    }

    /// H(z) = argmax_i z_i of each row: the discrete outcome of perturbed logits z.
    public static func discretised(_ z: Tensor) -> [Int] { z.argmax() }
}
