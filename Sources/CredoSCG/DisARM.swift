import CredoTensor

/// DisARM (Dong, Mnih & Tucker, 2020; also U2G, Yin et al., 2020): ARM's antithetic pairs with
/// the augmentation integrated out, for a Bernoulli node or a layer of Bernoulli units:
///
///     b = 1[u < σ(φ)],   b̃ = 1[1 − u < σ(φ)],
///     ĝ_φ = ½ (f(b) − f(b̃)) (−1)^b̃ 1[b ≠ b̃] σ(|φ|)       per unit.
///
/// Unbiased at first order, and never of higher variance than ARM (it is ARM's estimate
/// conditioned on (b, b̃)); a unit whose two samples agree gets no gradient from this pair.
/// Same record and surrogate as `ARM`: 2·pairs samples sharing the noise "u" pairwise, l = 0,
/// w = 1/(2·pairs), a = Σ_units (φ − ⊥φ) ⊥ĝ_φ.
public struct DisARM: AntitheticEstimator {
    public var pairs: Int

    public init(pairs: Int = 1) {
        precondition(pairs >= 1, "pairs must be at least 1, got \(pairs)")
        self.pairs = pairs
    }

    public func unitGradient(cost f: Tensor, flippedCost fTilde: Tensor, noise u: Tensor,
                             values b: Tensor, flippedValues bTilde: Tensor, logits phi: Tensor) -> Tensor {
        // (−1)^b̃ 1[b ≠ b̃] = b − b̃ for b, b̃ ∈ {0, 1}.
        (f - fTilde) * 0.5 * (b - bTilde) * phi.abs().sigmoid()
    }
}
