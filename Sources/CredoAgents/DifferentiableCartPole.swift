import CredoEnvironments
import CredoTensor

/// A differentiable model of an environment's dynamics: the step, the reward and the
/// termination test as tensor ops, so returns can be differentiated with respect to states and
/// actions (pathwise gradients, the ĝ of Sobolev training).
public protocol DifferentiableModel: Sendable {
    /// One step for states [N, o] and actions [N, d]: next states [N, o], rewards [N], and 1
    /// where the next state is terminal (a constant), [N].
    func step(_ state: Tensor, _ action: Tensor) -> (next: Tensor, reward: Tensor, terminated: Tensor)
}

extension DifferentiableModel {
    /// The model return of unrolling `actions(s_t, t)` for H steps from `start` [N, o]:
    ///
    ///     R̂ = Σ_{t<H} γ^t alive_t r_t + γ^H alive_H V(s_H),
    ///
    /// where alive_t is 0 once an earlier step terminated (no reward after termination) and
    /// `bootstrap` (V of the state the unroll stops in, differentiable in that state) values what
    /// the horizon cuts off. Differentiable through every step. Returns [N].
    public func unroll(from start: Tensor, horizon: Int, gamma: Float, bootstrap: ((Tensor) -> Tensor)? = nil,
                       actions: (Tensor, Int) -> Tensor) -> Tensor {
        var state = start
        var alive = Tensor.ones([start.shape[0]])
        var total = Tensor.zeros([start.shape[0]])
        var discount: Float = 1
        for t in 0..<horizon {
            let (next, reward, terminated) = step(state, actions(state, t))
            total = total + reward * alive * discount
            alive = alive * (1 - terminated)
            discount *= gamma
            state = next
        }
        if let bootstrap { total = total + bootstrap(state) * alive * discount }
        return total
    }
}

/// `cartpole-continuous` through its differentiable step (`ContinuousCartPole.differentiableStep`:
/// the environment's own dynamics and smooth reward r(s′) = 1 − ½[(θ′/θ_max)² + (x′/x_max)²]),
/// terminal where |x′| > 2.4 or |θ′| > 12°, as the environment is.
public struct DifferentiableCartPole: DifferentiableModel {
    public init() {}

    public func step(_ state: Tensor, _ action: Tensor) -> (next: Tensor, reward: Tensor, terminated: Tensor) {
        let (next, reward) = ContinuousCartPole.differentiableStep(state: state, action: action)
        let x = next.sliced(axis: 1, 0..<1).reshaped([-1]).detached
        let theta = next.sliced(axis: 1, 2..<3).reshaped([-1]).detached
        let out = x.abs() .> Tensor(Float(CartPoleDynamics.xThreshold))
        let fallen = theta.abs() .> Tensor(Float(CartPoleDynamics.thetaThreshold))
        return (next, reward, Tensor.maximum(out, fallen))
    }
}

/// The differentiable models by environment name.
public enum DifferentiableModels {
    public static let byEnvironment: [String: any DifferentiableModel] = [
        "cartpole-continuous": DifferentiableCartPole(),
        "pendulum": DifferentiablePendulum(),
        "mountaincar-continuous": DifferentiableMountainCar(),
    ]

    public static func model(for environment: String) -> (any DifferentiableModel)? { byEnvironment[environment] }

    public static var environments: [String] { byEnvironment.keys.sorted() }
}
