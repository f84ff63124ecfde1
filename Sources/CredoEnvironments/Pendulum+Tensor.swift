import CredoTensor
import Foundation

/// Pendulum-v1's step as differentiable tensor operations on observations, for pathwise
/// gradients and Sobolev targets (Weber et al., 2019, sections 4.3–4.4). It works on what the
/// agent sees, o = [cos θ, sin θ, θ̇], in Float32, with the environment's equations:
///
///     u   = clip(a, −2, 2)
///     r   = −(θ² + 0.1 θ̇² + 0.001 u²),   θ = atan2(sin θ, cos θ) ∈ (−π, π]
///     θ̇′  = clip(θ̇ + (3g/2 sin θ + 3u) dt, −8, 8),   δ = θ̇′ dt
///     o′  = [cos θ cos δ − sin θ sin δ,  sin θ cos δ + cos θ sin δ,  θ̇′]
///
/// The angle addition θ′ = θ + δ is written as a rotation of (cos θ, sin θ), so the next
/// observation needs no angle and is smooth to every order. The reward needs θ itself:
/// CredoTensor has no atan2, so θ is its value θ₀ = atan2(s₀, c₀) plus the first-order term
/// (c₀ Δs − s₀ Δc)/(c₀² + s₀²), which gives the exact value and the exact gradient
/// ∂θ/∂(c, s) = (−s, c)/(c² + s²) (not atan2's second derivatives). The clips pass no gradient
/// where they bind, as the environment's own derivative there is zero. θ² is continuous across
/// θ = ±π, where its gradient changes sign (the pendulum hanging straight down).
extension Pendulum {
    /// Next observations [B, 3] and rewards [B] for observations [B, 3] and torques [B, 1].
    public static func differentiableStep(observation: Tensor, action: Tensor, gravity: Double = 10)
        -> (nextObservation: Tensor, reward: Tensor) {
        precondition(observation.rank == 2 && observation.shape[1] == 3,
                     "pendulum observations have shape [B, 3], got \(observation.shape)")
        precondition(action.shape == [observation.shape[0], 1],
                     "pendulum actions have shape [\(observation.shape[0]), 1], got \(action.shape)")
        let c = observation.sliced(axis: 1, 0..<1).reshaped([-1])
        let s = observation.sliced(axis: 1, 1..<2).reshaped([-1])
        let thetaDot = observation.sliced(axis: 1, 2..<3).reshaped([-1])
        let u = action.clipped(to: -maxTorque...maxTorque).reshaped([-1])
        let theta = angle(cos: c, sin: s)
        let reward = -(theta * theta + 0.1 * (thetaDot * thetaDot) + 0.001 * (u * u))
        let newThetaDot = (thetaDot + (Float(3 * gravity / (2 * length)) * s + Float(3 / (mass * length * length)) * u)
            * Float(dt)).clipped(to: Float(-maxSpeed)...Float(maxSpeed))
        let delta = newThetaDot * Float(dt)
        let cd = delta.cos(), sd = delta.sin()
        let next = Tensor.stack([c * cd - s * sd, s * cd + c * sd, newThetaDot]).transposed()
        return (next, reward)
    }

    /// atan2(s, c) in value, with its exact first derivatives (see above).
    static func angle(cos c: Tensor, sin s: Tensor) -> Tensor {
        let c0 = c.detached, s0 = s.detached
        let theta0 = Tensor(shape: c.shape, scalars: zip(s0.scalars, c0.scalars).map { Foundation.atan2($0, $1) })
        return theta0 + (c0 * (s - s0) - s0 * (c - c0)) / (c0 * c0 + s0 * s0)
    }
}
