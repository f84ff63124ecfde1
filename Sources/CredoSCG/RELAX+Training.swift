import CredoTensor

/// One step of the RELAX paper's Algorithm 1 for a surrogate built with RELAX, REBAR or LAX
/// nodes: the gradient estimate and the gradient of its variance with respect to the
/// control-variate parameters.
public struct RelaxVarianceGradients {
    /// ĝ = ∇_θ SL, one tensor per parameter of θ (constants).
    public var estimate: [Tensor]
    /// Σ ĝ², the single-sample estimate of E[ĝ²] (= Var ĝ + ‖E ĝ‖², and E ĝ does not depend
    /// on φ when the estimator is unbiased).
    public var varianceLoss: Float
    /// ∇_φ Σ ĝ², one tensor per control-variate parameter (constants).
    public var controlVariateGradients: [Tensor]
}

/// Double backpropagation through the surrogate (Grathwohl et al., 2018, Algorithm 1):
///
///     ĝ = ∇_θ SL               (recorded: createGraph)
///     ∇_φ Var(ĝ) = ∇_φ E[ĝ²] ≈ ∇_φ Σ_i ĝ_i²,
///
/// since ∇_φ E[ĝ]² = 0 for an unbiased ĝ. Descend along `estimate` for θ and along
/// `controlVariateGradients` for φ (temperature and scale for REBAR).
///
/// - Parameters:
///   - surrogate: `scg.surrogateLoss()`, with θ and φ on the tape.
///   - parameters: θ.
///   - controlVariateParameters: φ.
public func relaxVarianceGradients(of surrogate: Tensor, parameters: [Tensor],
                                   controlVariateParameters: [Tensor]) -> RelaxVarianceGradients {
    let g = gradients(of: surrogate, wrt: parameters, createGraph: true)
    let loss = g.reduce(Tensor(0)) { $0 + $1.squared().sum() }
    let dPhi = gradients(of: loss, wrt: controlVariateParameters)
    return RelaxVarianceGradients(estimate: g.map(\.detached), varianceLoss: loss.scalar, controlVariateGradients: dPhi)
}
