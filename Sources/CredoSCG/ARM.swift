import CredoTensor

/// The augment-REINFORCE-merge estimator (ARM; Yin & Zhou, 2019) for a Bernoulli node or a layer
/// of Bernoulli units with logits φ: antithetic pairs that share one uniform u per unit,
///
///     b = 1[u < σ(φ)],   b′ = 1[1 − u < σ(φ)] (= 1[u > σ(−φ)]),
///     ĝ_φ = (f(b′) − f(b)) (u − ½)                    per unit, for the whole layer's f.
///
/// Unbiased for ∇_φ E[f(b)] at first order. The record holds 2·pairs samples, the first `pairs`
/// drawn with u and the next with 1 − u, and the noise "u" (u and 1 − u, one per sample).
///
/// In the surrogate: q = the antithetic pairs, w = 1/(2·pairs), l = 0, and the control variate
///
///     a = Σ_units (φ − ⊥φ) ⊥ĝ_φ   (on both samples of a pair)
///
/// whose value is 0 and whose gradient, through φ, is ĝ_φ · ∂φ/∂θ. f(b) is the node's
/// downstream cost (averaged over later nodes' samples). First order only: the second
/// derivative of this surrogate is not an estimate of the Hessian.
public struct ARM: AntitheticEstimator {
    public var pairs: Int

    public init(pairs: Int = 1) {
        precondition(pairs >= 1, "pairs must be at least 1, got \(pairs)")
        self.pairs = pairs
    }

    public func unitGradient(cost f: Tensor, flippedCost fFlipped: Tensor, noise u: Tensor,
                             values b: Tensor, flippedValues bFlipped: Tensor, logits phi: Tensor) -> Tensor {
        (fFlipped - f) * (u - 0.5)
    }
}
