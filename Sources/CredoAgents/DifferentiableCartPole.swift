import CredoEnvironments
import CredoTensor

/// The dynamics of `cartpole-continuous` (`CartPoleDynamics.step` with F = 10 · clip(a, −1, 1))
/// as differentiable tensor ops on a batch, so returns can be differentiated with respect to
/// states and actions (pathwise gradients, the ĝ of Sobolev training). Line for line the Euler
/// step of Barto, Sutton and Anderson (1983) as Gymnasium writes it, in Float32:
///
///     temp = (F + m_p l θ̇² sin θ) / M
///     θ̈    = (g sin θ − cos θ · temp) / (l (4/3 − m_p cos² θ / M))
///     ẍ    = temp − m_p l θ̈ cos θ / M
///     x' = x + τ ẋ,  ẋ' = ẋ + τ ẍ,  θ' = θ + τ θ̇,  θ̇' = θ̇ + τ θ̈
///
/// The environment pays 1 per step until the pole passes 12° or the cart 2.4 m, a reward with
/// no useful derivative. The model's reward is its smooth surrogate, 1 at the centre, 0.5 at
/// either threshold alone and negative beyond:
///
///     r(s') = 1 − ½ [(θ'/θ_max)² + (x'/x_max)²].
public enum DifferentiableCartPole {
    /// One step for states [N, 4] (x, ẋ, θ, θ̇) and actions [N, 1]: the next states [N, 4] and
    /// the surrogate rewards [N].
    public static func step(_ state: Tensor, _ action: Tensor) -> (next: Tensor, reward: Tensor) {
        typealias D = CartPoleDynamics
        let column = { (i: Int) in state.sliced(axis: 1, i..<(i + 1)) }
        let (x, xDot, theta, thetaDot) = (column(0), column(1), column(2), column(3))
        let force = action.clipped(to: -1...1) * Float(D.forceMagnitude)
        let cosTheta = theta.cos(), sinTheta = theta.sin()
        let temp = (force + Float(D.poleMassLength) * (thetaDot * thetaDot) * sinTheta) / Float(D.totalMass)
        let thetaAcc = (Float(D.gravity) * sinTheta - cosTheta * temp)
            / (Float(D.length) * (Float(4.0 / 3.0) - Float(D.massPole) * (cosTheta * cosTheta) / Float(D.totalMass)))
        let xAcc = temp - Float(D.poleMassLength) * thetaAcc * cosTheta / Float(D.totalMass)
        let tau = Float(D.tau)
        let nx = x + tau * xDot, nTheta = theta + tau * thetaDot
        let next = Tensor.concat([nx, xDot + tau * xAcc, nTheta, thetaDot + tau * thetaAcc], axis: 1)
        let reward = 1 - ((nTheta / Float(D.thetaThreshold)).squared() + (nx / Float(D.xThreshold)).squared()) * 0.5
        return (next, reward.reshaped([state.shape[0]]))
    }

    /// The discounted surrogate return Σ_{t<H} γ^t r_t of unrolling `actions(s_t, t)` for H
    /// steps from `start` [N, 4]; differentiable through every step. Returns [N].
    public static func unroll(from start: Tensor, horizon: Int, gamma: Float,
                              actions: (Tensor, Int) -> Tensor) -> Tensor {
        var state = start
        var total = Tensor.zeros([start.shape[0]])
        var discount: Float = 1
        for t in 0..<horizon {
            let (next, reward) = step(state, actions(state, t))
            total = total + reward * discount
            discount *= gamma
            state = next
        }
        return total
    }
}
