import CredoTensor
import Foundation

/// The state of a mountain car: position (m, in [−1.2, 0.6]) and velocity (in [−0.07, 0.07]).
/// Double, as Gymnasium keeps it in float64 (MountainCarContinuous rounds it to float32 after
/// each step, which `MountainCarContinuous` reproduces).
public struct MountainCarState: Equatable, Sendable {
    public var position: Double
    public var velocity: Double

    public init(position: Double, velocity: Double) {
        self.position = position
        self.velocity = velocity
    }
}

/// Gymnasium's MountainCar-v0 without its time limit (Moore, 1990): an underpowered car in a
/// valley, pushed left (0), not at all (1) or right (2). With force 0.001 and gravity 0.0025:
///
///     v′ = clip(v + (a − 1) · 0.001 − 0.0025 cos(3p), −0.07, 0.07)
///     p′ = clip(p + v′, −1.2, 0.6),   v′ ← 0 if p′ = −1.2 and v′ < 0
///
/// Reward −1 on every step; terminated once p′ ≥ 0.5 and v′ ≥ 0. The observation is [p′, v′] in
/// float32. Reached by name as `"mountaincar"`, with `TimeLimit` 200 as
/// `gym.make("MountainCar-v0")`. The reset draws p uniform in [−0.6, −0.4) and v = 0 from the
/// environment's own stream; from the same start state the episode is Gymnasium's bit for bit.
public struct MountainCar: Environment, Sendable {
    public static let minPosition = -1.2
    public static let maxPosition = 0.6
    public static let maxSpeed = 0.07
    public static let goalPosition = 0.5
    public static let force = 0.001
    public static let gravity = 0.0025

    /// The physical state; setting it (to replay a recorded start) starts from that state.
    public var state: MountainCarState
    public var rng: RandomGenerator

    public init(seed: UInt64 = 0) {
        rng = RandomGenerator(seed: seed)
        state = Self.randomStart(using: &rng)
    }

    /// Box([−1.2, −0.07], [0.6, 0.07]) in float32, for both mountain cars.
    public static let observationSpace: Space =
        .box(low: [Float(minPosition), Float(-maxSpeed)], high: [Float(maxPosition), Float(maxSpeed)], shape: [2])

    public var observationSpace: Space { Self.observationSpace }
    public var actionSpace: Space { .discrete(3) }

    /// Position uniform in [−0.6, −0.4), velocity 0, as both mountain cars' reset (from our stream).
    public static func randomStart(using rng: inout RandomGenerator) -> MountainCarState {
        MountainCarState(position: -0.6 + 0.2 * rng.uniformDouble(), velocity: 0)
    }

    /// One step under push `action` ∈ {0, 1, 2}, in Gymnasium's float64 arithmetic.
    @inlinable
    public static func step(_ s: MountainCarState, action: Int) -> MountainCarState {
        var velocity = s.velocity + (Double(action - 1) * force + cos(3 * s.position) * -gravity)
        velocity = ClassicControl.clip(velocity, -maxSpeed, maxSpeed)
        var position = s.position + velocity
        position = ClassicControl.clip(position, minPosition, maxPosition)
        if position == minPosition && velocity < 0 { velocity = 0 }
        return MountainCarState(position: position, velocity: velocity)
    }

    /// Whether the car reached the flag: p ≥ 0.5 and v ≥ 0.
    @inlinable
    public static func isTerminal(_ s: MountainCarState) -> Bool { s.position >= goalPosition && s.velocity >= 0 }

    /// [p, v] rounded to float32.
    @inlinable
    public static func write(_ s: MountainCarState, into observation: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == 2, "a MountainCar observation has 2 scalars, the buffer \(observation.count)")
        observation[0] = Float(s.position)
        observation[1] = Float(s.velocity)
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = RandomGenerator(seed: seed) }
        state = Self.randomStart(using: &rng)
        Self.write(state, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        state = Self.step(state, action: ClassicControl.threeWayAction(action, of: "MountainCar"))
        Self.write(state, into: observation)
        return StepOutcome(reward: -1, terminated: Self.isTerminal(state), truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
