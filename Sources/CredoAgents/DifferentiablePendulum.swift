import CredoEnvironments
import CredoTensor

/// `pendulum` through its differentiable step (`Pendulum.differentiableStep`: the environment's
/// dynamics and reward −(θ² + 0.1θ̇² + 0.001u²) on observations [cos θ, sin θ, θ̇]); no state is
/// terminal, as in Pendulum-v1, whose episodes only end by the 200-step time limit.
public struct DifferentiablePendulum: DifferentiableModel {
    public init() {}

    public func step(_ state: Tensor, _ action: Tensor) -> (next: Tensor, reward: Tensor, terminated: Tensor) {
        let (next, reward) = Pendulum.differentiableStep(observation: state, action: action)
        return (next, reward, Tensor.zeros([state.shape[0]]))
    }
}
