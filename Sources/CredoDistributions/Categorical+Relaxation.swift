import CredoTensor

/// One REBAR/RELAX draw for categorical variables (Tucker et al. 2017; Grathwohl et al. 2018,
/// appendix B), from two independent uniform vectors u and v per row:
///
///     z = ℓ + G(u),  G(u) = −log(−log u)      (independent Gumbels with locations ℓ)
///     b = H(z) = argmax_i z_i                 (b ~ Categorical(softmax ℓ), by Gumbel-max)
///     z̃ ~ p(z | b)
///
/// Given b, the maximum z_b is Gumbel with location logsumexp(ℓ) (independent of which index
/// wins), and every other z_i is its Gumbel(ℓ_i) truncated below z_b. With θ = softmax(ℓ), the
/// published form is z̃_b = −log(−log v_b) and z̃_i = −log(−log v_i / θ_i − log v_b); in the
/// logits and Gumbel noise G(v) it reads
///
///     T   = z̃_b = logsumexp(ℓ) + G(v_b)
///     z̃_i = −log(e^(−ℓ_i) (−log v_i) + e^(−T)) = T − softplus(T − ℓ_i − G(v_i)),   i ≠ b,
///
/// the inverse-CDF map of the truncated Gumbel: F(x) = exp(−e^(−(x − ℓ_i))), x = F⁻¹(v_i F(T)).
/// The softplus form is stable for any logits.
public struct CategoricalRelaxedSample: Sendable {
    /// The discrete draw b = H(z), one class per row.
    public let b: [Int]
    /// The Gumbel-perturbed logits z = ℓ + G, shape [..., k], differentiable with respect to ℓ.
    public let z: Tensor
    /// z̃ ~ p(z | b), shape [..., k], differentiable with respect to ℓ with b held fixed.
    public let zTilde: Tensor

    /// Assembles a draw from its parts, for example z and z̃ recomputed from stored noise with
    /// `perturbedLogits` and `conditionalPerturbedLogits`.
    public init(b: [Int], z: Tensor, zTilde: Tensor) {
        self.b = b
        self.z = z
        self.zTilde = zTilde
    }

    /// b as one-hot rows, shaped like z.
    public var oneHot: Tensor {
        Tensor.oneHot(b, classes: z.shape.last!).reshaped(z.shape)
    }

    /// The relaxed sample softmax(z/λ), the Concrete relaxation of b (REBAR's control-variate
    /// input). λ is a scalar or of shape [..., 1].
    public func relaxedZ(temperature: Tensor) -> Tensor { (z / temperature).softmax(axis: -1) }

    /// The conditional relaxed sample softmax(z̃/λ).
    public func relaxedZTilde(temperature: Tensor) -> Tensor { (zTilde / temperature).softmax(axis: -1) }
}

extension Categorical {
    /// Draws u and v once and returns b, z and z̃ (see `CategoricalRelaxedSample`).
    public func relaxedSample(using generator: inout RandomGenerator) -> CategoricalRelaxedSample {
        let u = generator.gumbelNoise(shape: logits.shape)
        let v = generator.gumbelNoise(shape: logits.shape)
        let z = perturbedLogits(gumbelNoise: u)
        let b = Categorical.discretised(z)
        return CategoricalRelaxedSample(b: b, z: z, zTilde: conditionalPerturbedLogits(given: b, gumbelNoise: v))
    }

    /// z̃ ~ p(z | b) from standard Gumbel noise G(v) of the logits' shape (see
    /// `CategoricalRelaxedSample`); differentiable with respect to ℓ, with b and the noise held
    /// fixed. argmax z̃ = b in every row.
    public func conditionalPerturbedLogits(given b: [Int], gumbelNoise v: Tensor) -> Tensor {
        precondition(v.shape == logits.shape, "Gumbel noise \(v.shape) for logits \(logits.shape)")
        precondition(b.count == rowCount, "\(b.count) classes for \(rowCount) rows")
        let k = classCount
        var keptShape = logits.shape
        keptShape[keptShape.count - 1] = 1
        let isB = Tensor.oneHot(b, classes: k).reshaped(logits.shape)
        let gumbelAtB = v.gathered(alongLastAxis: b).reshaped(keptShape)
        let top = logits.logSumExp(axis: -1, keepingDimensions: true) + gumbelAtB
        let others = top - (top - logits - v).softplus()
        let zTilde = Tensor.where(isB, top, others)
        // When ℓ_i + G(v_i) exceeds T by more than about 16, softplus(T − ℓ_i − G(v_i)) falls
        // below half an ulp of T and z̃_i rounds to T, a tie with z̃_b. There z̃_i is T to
        // within that ulp, so use T's largest Float below it, T − (T − nextDown(T)), which
        // keeps the gradient ∂T/∂ℓ that z̃_i has in that limit.
        let t = top.scalars, zt = zTilde.scalars
        var tie = [Float](repeating: 0, count: zt.count), gap = [Float](repeating: 0, count: t.count)
        var anyTie = false
        for row in 0..<rowCount {
            gap[row] = t[row] - t[row].nextDown
            for i in 0..<k where i != b[row] && zt[row * k + i] >= t[row] {
                tie[row * k + i] = 1
                anyTie = true
            }
        }
        guard anyTie else { return zTilde }
        let below = top - Tensor(shape: keptShape, scalars: gap)
        return Tensor.where(Tensor(shape: logits.shape, scalars: tie), below, zTilde)
    }
}
