import CredoTensor
import Foundation

/// Gymnasium's MountainCarContinuous-v0 without its time limit: the mountain car pushed by a
/// continuous force a ∈ [−1, 1] (the action, clipped as Gymnasium clips it:
/// force = min(max(a, −1), 1)). With power 0.0015:
///
///     v′ = clip(v + force · 0.0015 − 0.0025 cos(3p), −0.07, 0.07)
///     p′ = clip(p + v′, −1.2, 0.6),   v′ ← 0 if p′ = −1.2 and v′ < 0
///     r  = 100 · [terminated] − 0.1 a²       (a unclipped)
///
/// terminated once p′ ≥ 0.45 and v′ ≥ 0. Reached by name as `"mountaincar-continuous"`, with
/// `TimeLimit` 999 as `gym.make("MountainCarContinuous-v0")`.
///
/// Gymnasium stores the state as float32 after every step (but float64 after reset), and numpy 2
/// then computes much of the next step in float32 (NEP 50: a float32 with a Python float stays
/// float32, comparisons included), the rest in float64. `step(_:action:float32State:)` follows
/// each value's numpy type (`NumpyScalar`), so from the same start state the episode is
/// Gymnasium's bit for bit.
public struct MountainCarContinuous: Environment, Sendable {
    public static let minAction = -1.0
    public static let maxAction = 1.0
    public static let power = 0.0015
    public static let goalPosition = 0.45

    /// The physical state; setting it (to replay a recorded start) starts from that float64
    /// state, as after Gymnasium's reset.
    public var state: MountainCarState {
        get { physicalState }
        set { physicalState = newValue; storedAsFloat32 = false }
    }
    @usableFromInline var physicalState: MountainCarState
    /// Whether Gymnasium would hold the state as float32 (after a step) rather than float64
    /// (after reset).
    public private(set) var storedAsFloat32 = false
    public var rng: RandomGenerator

    public init(seed: UInt64 = 0) {
        rng = RandomGenerator(seed: seed)
        physicalState = MountainCar.randomStart(using: &rng)
    }

    public var observationSpace: Space { MountainCar.observationSpace }
    /// Box(−1, 1, [1]).
    public var actionSpace: Space { .box(low: -1, high: 1, shape: [1]) }

    /// One step under action value `a`: the next state (float32 values, as Gymnasium stores it),
    /// the reward and whether the car reached the flag. `float32State` tells whether `s` is held
    /// in float32 (every step but the first after reset). Line by line Gymnasium's `step`, each
    /// value with the numpy type it has there (`NumpyScalar`).
    @inlinable
    public static func step(_ s: MountainCarState, action a: Float, float32State: Bool)
        -> (next: MountainCarState, reward: Double, terminated: Bool) {
        typealias N = NumpyScalar
        let stored: N.Kind = float32State ? .float32 : .float64
        var position = N(s.position, stored), velocity = N(s.velocity, stored)
        let action = N.float32(a)
        // force = min(max(action[0], min_action), max_action): the action or a Python-float bound.
        var force = action
        if N.python(minAction) > force { force = .python(minAction) }
        if N.python(maxAction) < force { force = .python(maxAction) }
        // velocity += force * power - 0.0025 * math.cos(3 * position)
        let slope = 0.0025 * cos((N.python(3) * position).value)
        velocity = velocity + (force * .python(power) - .python(slope))
        if velocity > .python(MountainCar.maxSpeed) { velocity = .python(MountainCar.maxSpeed) }
        if velocity < .python(-MountainCar.maxSpeed) { velocity = .python(-MountainCar.maxSpeed) }
        position = position + velocity
        if position > .python(MountainCar.maxPosition) { position = .python(MountainCar.maxPosition) }
        if position < .python(MountainCar.minPosition) { position = .python(MountainCar.minPosition) }
        if position .== .python(MountainCar.minPosition) && velocity < .python(0) { velocity = .python(0) }
        let terminated = position >= .python(goalPosition) && velocity >= .python(0)
        var reward = terminated ? 100.0 : 0.0
        reward -= Foundation.pow(Double(a), 2) * 0.1
        let next = MountainCarState(position: Double(Float(position.value)), velocity: Double(Float(velocity.value)))
        return (next, reward, terminated)
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = RandomGenerator(seed: seed) }
        state = MountainCar.randomStart(using: &rng)
        MountainCar.write(physicalState, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let a = ClassicControl.continuousAction(action, of: "MountainCarContinuous")
        let (next, reward, terminated) = Self.step(physicalState, action: a, float32State: storedAsFloat32)
        physicalState = next
        storedAsFloat32 = true
        MountainCar.write(physicalState, into: observation)
        return StepOutcome(reward: reward, terminated: terminated, truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
