import CredoTensor

/// MountainCarContinuous-v0's step as differentiable tensor operations on observations
/// o = [p, v] (which are the state), in Float32, with the environment's equations:
///
///     v′ = clip(v + 0.0015 clip(a, −1, 1) − 0.0025 cos 3p, −0.07, 0.07)
///     p′ = clip(p + v′, −1.2, 0.6),   v′ ← 0 where p′ = −1.2 and v′ < 0
///     terminated = [p′ ≥ 0.45 and v′ ≥ 0],   r = 100 · terminated − 0.1 a²
///
/// The clips are kept exact (a soft clip would not agree with the environment's step): where one
/// binds, its output is a constant and passes no gradient, which is the environment's own
/// derivative there (a car pinned against the left wall, or at top speed, does not respond to a
/// small change of push). Between the bounds the gradient is that of the smooth dynamics. The
/// goal bonus is a step function of the state, so it has no pathwise gradient: only −0.1a² and
/// a critic's value of the state where an unroll stops (its bootstrap) carry the goal's pull.
extension MountainCarContinuous {
    /// Next observations [B, 2], rewards [B] and terminal masks [B] (constants) for observations
    /// [B, 2] and actions [B, 1].
    public static func differentiableStep(observation: Tensor, action: Tensor)
        -> (nextObservation: Tensor, reward: Tensor, terminated: Tensor) {
        precondition(observation.rank == 2 && observation.shape[1] == 2,
                     "mountain-car observations have shape [B, 2], got \(observation.shape)")
        precondition(action.shape == [observation.shape[0], 1],
                     "mountain-car actions have shape [\(observation.shape[0]), 1], got \(action.shape)")
        let p = observation.sliced(axis: 1, 0..<1).reshaped([-1])
        let v = observation.sliced(axis: 1, 1..<2).reshaped([-1])
        let a = action.reshaped([-1])
        let force = a.clipped(to: Float(minAction)...Float(maxAction))
        let speed = Float(MountainCar.maxSpeed)
        var velocity = (v + Float(power) * force - 0.0025 * (3 * p).cos()).clipped(to: -speed...speed)
        let position = (p + velocity).clipped(to: Float(MountainCar.minPosition)...Float(MountainCar.maxPosition))
        let atWall = Tensor.minimum(position.detached .<= Tensor(Float(MountainCar.minPosition)),
                                    velocity.detached .< Tensor(0))
        velocity = Tensor.where(atWall, Tensor(0), velocity)
        let terminated = Tensor.minimum(position.detached .>= Tensor(Float(goalPosition)),
                                        velocity.detached .>= Tensor(0))
        let reward = 100 * terminated - 0.1 * (a * a)
        return (Tensor.stack([position, velocity]).transposed(), reward, terminated)
    }
}
