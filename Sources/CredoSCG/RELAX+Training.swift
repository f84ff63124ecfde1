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
/// The one implementation of RELAX's variance step: the agents' control variates
/// (`ActorCritic`), the discrete VAE's REBAR/RELAX and the toy problems all take it.
///
/// - Parameters:
///   - surrogate: `scg.surrogateLoss()`, with θ and φ on the tape.
///   - parameters: θ.
///   - controlVariateParameters: φ.
///   - varianceParameterCount: the variance minimised is that of the first this many of θ's
///     estimates (the encoder's, in a VAE whose decoder's estimate c_φ cannot change); all by default.
public func relaxVarianceGradients(of surrogate: Tensor, parameters: [Tensor], controlVariateParameters: [Tensor],
                                   varianceParameterCount: Int? = nil) -> RelaxVarianceGradients {
    let g = gradients(of: surrogate, wrt: parameters, createGraph: true)
    let loss = g.prefix(varianceParameterCount ?? g.count).reduce(Tensor(0)) { $0 + $1.squared().sum() }
    let dPhi = gradients(of: loss, wrt: controlVariateParameters)
    return RelaxVarianceGradients(estimate: g.map(\.detached), varianceLoss: loss.scalar, controlVariateGradients: dPhi)
}
