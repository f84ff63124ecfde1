import CredoNN
import CredoTensor

/// A gradient-critic trained by Sobolev regression (Weber et al. 2019, sections 4.3 and 4.4;
/// Czarnecki et al., 2017): an action-value critic Q_φ(s, a) fitted to both the value and the
/// action-gradient of a return estimate R̂(s, a),
///
///     L(φ) = mean_t α (Q_φ(s_t, a_t) − R̂_t)² + β ‖∂Q_φ/∂a (s_t, a_t) − ĝ_t‖²,
///
/// where ĝ_t = ∂R̂/∂a_t is the pathwise gradient of the return through differentiable dynamics
/// (`DifferentiableCartPole`). The policy then follows the critic's action-gradient:
/// ∇_θ E[Q(s, a_θ(ε, s))] = E[∂Q/∂a · ∂a_θ/∂θ]. With β = 0 this is a plain value-trained
/// action-value critic; β > 0 supervises the very quantity the policy update uses.
public struct SobolevCritic: Module {
    public var q: ActionValueCritic
    public var alpha: Float
    public var beta: Float

    public init(observationSize: Int, actionSize: Int, hiddenSizes: [Int] = [64, 64], activation: Activation = .tanh,
                alpha: Float, beta: Float, using rng: inout RandomGenerator) {
        q = ActionValueCritic(observationSize: observationSize, actionSize: actionSize, hiddenSizes: hiddenSizes,
                              activation: activation, using: &rng)
        self.alpha = alpha
        self.beta = beta
    }

    /// The Sobolev loss around an existing action-value critic.
    public init(q: ActionValueCritic, alpha: Float, beta: Float) {
        self.q = q
        self.alpha = alpha
        self.beta = beta
    }

    /// Q_φ(s, a), [N].
    public func callAsFunction(_ observations: Tensor, _ actions: Tensor) -> Tensor { q(observations, actions) }

    /// The Sobolev loss for targets R̂ [N] and ĝ [N, d]; differentiable with respect to φ
    /// (∂Q/∂a is taken with `createGraph`, so the loss on it reaches φ by double backprop).
    /// Returns the loss and its value and gradient parts.
    public func loss(observations: Tensor, actions: Tensor, returns: Tensor, actionGradients: Tensor)
        -> (total: Tensor, value: Float, gradient: Float) {
        let a = actions.detached.requiringGradient()
        let values = q(observations, a)
        let valueError = (values - stopGradient(returns)).squared().mean()
        var total = valueError * alpha
        var gradientError = Tensor(0)
        if beta > 0 {
            let dQda = gradient(of: values.sum(), wrt: a, createGraph: true)
            gradientError = (dQda - stopGradient(actionGradients)).squared().sum(axis: -1).mean()
            total = total + gradientError * beta
        }
        return (total, valueError.scalar, gradientError.scalar)
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        q.visitParameters(visit)
    }
}
