import CredoKernels

/// Which derivative rule a fused layer records: the exact one, or (tests only) a known-wrong
/// one, ∂L/∂z = g(1 − y) instead of g(1 − y²), that the gradient checks must catch.
internal enum FusedRule: Equatable {
    case exact
    case wrongForTesting
}

/// A dense layer with its tanh in one primitive:
///
///     y = tanh(z),   z = x·W + b,   x [m, k], W [k, n], b [n], y [m, n]
///
/// with the derivative rule, for the upstream gradient g = ∂L/∂y,
///
///     ∂L/∂z = g ⊙ (1 − y²),   ∂L/∂x = (∂L/∂z)·Wᵀ,   ∂L/∂W = xᵀ·(∂L/∂z),   ∂L/∂b = Σ_rows ∂L/∂z,
///
/// written in the tape's own differentiable primitives (`tanhBackward`, `matmul`), with y the
/// node's recorded output; so the rule can itself be recorded and differentiated again, to any
/// order, as every rule can. The values, and the gradients at every order, are the same bits as
/// `Tensor.affine(x, W, b).tanh()` (the same product, the same tanh kernel in place, the same
/// rules composed), with one tape node and one array fewer per layer.
extension Tensor {
    /// tanh(x·W + b) for x [m, k], W [k, n], b [n]: one tape node.
    public static func affineTanh(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
        affineTanh(x, w, b, rule: .exact)
    }

    /// The fused layer recording `rule` (tests pass `.wrongForTesting` for a negative control).
    internal static func affineTanh(_ x: Tensor, _ w: Tensor, _ b: Tensor, rule: FusedRule) -> Tensor {
        let s = affineScalars(x, w, b) { z, count in credo_tanh_inplace(z, count) }
        return record(.affineTanh(rule), [x, w, b], shape: [x.shape[0], w.shape[1]], scalars: s, keepsOutput: true)
    }
}
