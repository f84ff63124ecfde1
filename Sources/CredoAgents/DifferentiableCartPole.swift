import CredoEnvironments
import CredoTensor

/// Model unrolls of `cartpole-continuous` through its differentiable step
/// (`ContinuousCartPole.differentiableStep`: the environment's own dynamics and smooth reward
/// r(s′) = 1 − ½[(θ′/θ_max)² + (x′/x_max)²] as tensor ops), so returns can be differentiated with
/// respect to states and actions (pathwise gradients, the ĝ of Sobolev training).
public enum DifferentiableCartPole {
    /// One step for states [N, 4] (x, ẋ, θ, θ̇) and actions [N, 1]: the next states [N, 4] and
    /// the rewards [N].
    public static func step(_ state: Tensor, _ action: Tensor) -> (next: Tensor, reward: Tensor) {
        let (next, reward) = ContinuousCartPole.differentiableStep(state: state, action: action)
        return (next, reward)
    }

    /// The discounted model return Σ_{t<H} γ^t r_t of unrolling `actions(s_t, t)` for H
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
