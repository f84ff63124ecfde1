import CredoTensor
import Foundation

/// The state of the pendulum: angle θ (radians, 0 upright, not wrapped) and angular velocity θ̇.
/// Double, as Gymnasium keeps it in float64.
public struct PendulumState: Equatable, Sendable {
    public var theta: Double
    public var thetaDot: Double

    public init(theta: Double, thetaDot: Double) {
        self.theta = theta
        self.thetaDot = thetaDot
    }
}

/// Gymnasium's Pendulum-v1 without its time limit: swing a pole up and hold it with a torque
/// u ∈ [−2, 2] (the action, clipped to that box). With g = 10, m = l = 1, dt = 0.05:
///
///     cost = angle_normalize(θ)² + 0.1 θ̇² + 0.001 u²,     reward = −cost
///     θ̇′   = clip(θ̇ + (3g/(2l) sin θ + 3/(m l²) u) dt, −8, 8)
///     θ′   = θ + θ̇′ dt
///
/// The observation is [cos θ′, sin θ′, θ̇′] in float32; no state terminates. Reached by name as
/// `"pendulum"`, with `TimeLimit` 200 as `gym.make("Pendulum-v1")`. The reset draws θ uniform in
/// [−π, π) and θ̇ in [−1, 1) from the environment's own stream (not numpy's), so agreement with
/// Gymnasium is from the same start state: then every observation (bit for bit in float32) and
/// reward (float64) is Gymnasium's, including the float32 arithmetic numpy applies to u
/// (`PendulumConformanceTests`).
public struct Pendulum: Environment, Sendable {
    /// Gravity, 10 by default as Gymnasium's `g`.
    public let gravity: Double
    public static let maxSpeed = 8.0
    public static let maxTorque: Float = 2.0
    public static let dt = 0.05
    public static let mass = 1.0
    public static let length = 1.0

    /// The physical state; setting it (to replay a recorded start) starts from that state.
    public var state: PendulumState
    public var rng: RandomGenerator

    public init(gravity: Double = 10.0, seed: UInt64 = 0) {
        self.gravity = gravity
        rng = RandomGenerator(seed: seed)
        state = Self.randomStart(using: &rng)
    }

    /// Box([−1, −1, −8], [1, 1, 8]).
    public var observationSpace: Space { .box(low: [-1, -1, -8], high: [1, 1, 8], shape: [3]) }
    /// Box(−2, 2, [1]).
    public var actionSpace: Space { .box(low: -Self.maxTorque, high: Self.maxTorque, shape: [1]) }

    /// θ uniform in [−π, π), θ̇ in [−1, 1), as Gymnasium's reset (from our stream).
    public static func randomStart(using rng: inout RandomGenerator) -> PendulumState {
        let theta = -Double.pi + 2 * Double.pi * rng.uniformDouble()
        let thetaDot = -1 + 2 * rng.uniformDouble()
        return PendulumState(theta: theta, thetaDot: thetaDot)
    }

    /// Gymnasium's `angle_normalize`: ((x + π) mod 2π) − π, in [−π, π).
    @inlinable
    public static func angleNormalize(_ x: Double) -> Double {
        ClassicControl.floorMod(x + Double.pi, 2 * Double.pi) - Double.pi
    }

    /// One step under torque action `u` (clipped to [−2, 2] in float32, as numpy clips the
    /// float32 action): the next state and the reward of the state stepped from.
    // numpy (NEP 50) computes `0.001 * u**2` and `3.0 / (m l²) * u` in float32, since u is a
    // float32 scalar and the Python constants are weak; the rest is float64.
    @inlinable
    public func step(_ s: PendulumState, action a: Float) -> (next: PendulumState, reward: Double) {
        let u = Swift.min(Swift.max(a, -Self.maxTorque), Self.maxTorque)
        let u2 = ClassicControl.square(u)
        let torqueCost = Float(0.001) * u2
        let costs = ClassicControl.square(Self.angleNormalize(s.theta)) + 0.1 * ClassicControl.square(s.thetaDot)
            + Double(torqueCost)
        let torqueTerm = Float(3.0 / (Self.mass * ClassicControl.square(Self.length))) * u
        var thetaDot = s.thetaDot + (3 * gravity / (2 * Self.length) * sin(s.theta) + Double(torqueTerm)) * Self.dt
        thetaDot = ClassicControl.clip(thetaDot, -Self.maxSpeed, Self.maxSpeed)
        let theta = s.theta + thetaDot * Self.dt
        return (PendulumState(theta: theta, thetaDot: thetaDot), -costs)
    }

    /// [cos θ, sin θ, θ̇] rounded to float32.
    @inlinable
    public static func write(_ s: PendulumState, into observation: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == 3, "a Pendulum observation has 3 scalars, the buffer \(observation.count)")
        observation[0] = Float(cos(s.theta))
        observation[1] = Float(sin(s.theta))
        observation[2] = Float(s.thetaDot)
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = RandomGenerator(seed: seed) }
        state = Self.randomStart(using: &rng)
        Self.write(state, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let (next, reward) = step(state, action: ClassicControl.continuousAction(action, of: "Pendulum"))
        state = next
        Self.write(state, into: observation)
        return StepOutcome(reward: reward, terminated: false, truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
