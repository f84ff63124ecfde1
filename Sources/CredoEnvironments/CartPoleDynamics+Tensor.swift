import CredoTensor

/// The cart-pole dynamics as differentiable tensor operations, line by line the same equations as
/// `CartPoleDynamics.step` (in Float32 rather than Double), for a batch of states. Autodiff then
/// gives ∂s′/∂s and ∂s′/∂F, which pathwise policy gradients and Sobolev-trained gradient-critics
/// need (Weber et al., 2019, sections 4.3 and 4.4).
extension CartPoleDynamics {
    /// One Euler step for states of shape [B, 4] (x, ẋ, θ, θ̇) under forces of shape [B] (newtons);
    /// returns the next states, [B, 4].
    public static func step(_ state: Tensor, force: Tensor) -> Tensor {
        precondition(state.rank == 2 && state.shape[1] == 4, "cart-pole states have shape [B, 4], got \(state.shape)")
        precondition(force.shape == [state.shape[0]], "forces have shape [\(state.shape[0])], got \(force.shape)")
        let x = state.sliced(axis: 1, 0..<1).reshaped([-1]), xDot = state.sliced(axis: 1, 1..<2).reshaped([-1])
        let theta = state.sliced(axis: 1, 2..<3).reshaped([-1]), thetaDot = state.sliced(axis: 1, 3..<4).reshaped([-1])
        let cosTheta = theta.cos(), sinTheta = theta.sin()
        let temp = (force + Float(poleMassLength) * (thetaDot * thetaDot) * sinTheta) / Float(totalMass)
        let thetaAcc = (Float(gravity) * sinTheta - cosTheta * temp)
            / (Float(length) * (Float(4.0 / 3.0) - Float(massPole) * (cosTheta * cosTheta) / Float(totalMass)))
        let xAcc = temp - Float(poleMassLength) * thetaAcc * cosTheta / Float(totalMass)
        let tau = Float(tau)
        return Tensor.stack([x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc])
            .transposed()
    }
}

extension ContinuousCartPole {
    /// The reward for arriving in state s′: r = 1 − ½(θ′/θ_max)² − ½(x′/x_max)², in [0, 1]
    /// inside the limits. Unlike the discrete CartPole's constant 1 per step, it is smooth in the
    /// state, so the return has a pathwise gradient.
    @inlinable
    public static func reward(_ s: CartPoleState) -> Double {
        let a = s.theta / CartPoleDynamics.thetaThreshold, b = s.x / CartPoleDynamics.xThreshold
        return 1 - 0.5 * a * a - 0.5 * b * b
    }

    /// The differentiable step: states [B, 4] and actions [B, 1] in [−1, 1] (clipped, force
    /// 10·a N) to next states [B, 4] and rewards [B], as `step(_:)` computes them one at a time.
    public static func differentiableStep(state: Tensor, action: Tensor) -> (nextState: Tensor, reward: Tensor) {
        let force = action.clipped(to: -1...1).reshaped([-1]) * Float(CartPoleDynamics.forceMagnitude)
        let next = CartPoleDynamics.step(state, force: force)
        let a = next.sliced(axis: 1, 2..<3).reshaped([-1]) / Float(CartPoleDynamics.thetaThreshold)
        let b = next.sliced(axis: 1, 0..<1).reshaped([-1]) / Float(CartPoleDynamics.xThreshold)
        return (next, 1 - 0.5 * a * a - 0.5 * b * b)
    }
}
