import CredoTensor

/// The global norm ‖g‖ = √(Σ_i ‖g_i‖²) over a list of gradients, accumulated in Double.
public func globalNorm(_ gradients: [Tensor]) -> Float {
    var s = 0.0
    for g in gradients { for v in g.scalars { s += Double(v) * Double(v) } }
    return Float(s.squareRoot())
}

/// Scales all gradients by min(1, maxNorm / ‖g‖) so their global norm is at most `maxNorm`
/// (Pascanu et al., 2013; PyTorch's `clip_grad_norm_`). Returns the clipped gradients and the
/// norm before clipping.
public func clipByGlobalNorm(_ gradients: [Tensor], maxNorm: Float) -> (gradients: [Tensor], norm: Float) {
    precondition(maxNorm > 0, "maxNorm must be positive, got \(maxNorm)")
    let norm = globalNorm(gradients)
    guard norm > maxNorm, norm.isFinite else { return (gradients, norm) }
    let scale = maxNorm / norm
    return (gradients.map { Tensor(shape: $0.shape, scalars: $0.scalars.map { $0 * scale }) }, norm)
}
