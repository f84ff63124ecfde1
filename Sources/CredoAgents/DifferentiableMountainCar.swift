import CredoEnvironments
import CredoTensor

/// `mountaincar-continuous` through its differentiable step
/// (`MountainCarContinuous.differentiableStep`: the environment's dynamics with its clips kept
/// exact, the reward 100·[goal] − 0.1a², terminal at the flag, p ≥ 0.45 and v ≥ 0).
public struct DifferentiableMountainCar: DifferentiableModel {
    public init() {}

    public func step(_ state: Tensor, _ action: Tensor) -> (next: Tensor, reward: Tensor, terminated: Tensor) {
        let (next, reward, terminated) = MountainCarContinuous.differentiableStep(observation: state, action: action)
        return (next, reward, terminated)
    }
}
