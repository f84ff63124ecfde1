import CredoTensor
import Foundation

/// Gymnasium's Acrobot-v1 without its time limit (Sutton, 1996): a two-link chain hanging from a
/// bar, actuated at the middle joint with torque −1, 0 or +1 (actions 0, 1, 2), to swing the tip
/// above the bar by one link length (−cos θ₁ − cos(θ₁ + θ₂) > 1).
///
/// Reward −1 on every step that does not terminate, 0 on the one that does. The observation is
/// [cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂] in float32, within
/// Box([−1, −1, −1, −1, −4π, −9π], [1, 1, 1, 1, 4π, 9π]). Dynamics, RK4 integration, wrapping
/// and bounds are `AcrobotDynamics` (the "book" form, no torque noise, as Gymnasium's default).
/// Reached by name as `"acrobot"`, with `TimeLimit` 500 as `gym.make("Acrobot-v1")`.
///
/// The reset draws the four coordinates uniform in [−0.1, 0.1) from the environment's own
/// stream and rounds them to float32, as Gymnasium's reset does (`.astype(np.float32)`). From the
/// same start state every step's observation is Gymnasium's bit for bit. The reset observation
/// itself can differ in the last bit: Gymnasium takes cos and sin of the float32 start state with
/// numpy's float32 SIMD routines, Credo in float64 rounded to float32 (within one ulp).
public struct Acrobot: Environment, Sendable {
    /// The physical state; setting it (to replay a recorded start) starts from that state.
    public var state: AcrobotState
    public var rng: RandomGenerator
    /// RK4 as Gymnasium; `.euler` only as a known-wrong variant for tests.
    public var integrator: AcrobotDynamics.Integrator = .rk4

    public init(seed: UInt64 = 0) {
        rng = RandomGenerator(seed: seed)
        state = Self.randomStart(using: &rng)
    }

    public static let observationSpace: Space = {
        let high: [Float] = [1, 1, 1, 1, Float(AcrobotDynamics.maxVel1), Float(AcrobotDynamics.maxVel2)]
        return .box(low: high.map { -$0 }, high: high, shape: [6])
    }()

    public var observationSpace: Space { Self.observationSpace }
    public var actionSpace: Space { .discrete(3) }

    /// Each coordinate uniform in [−0.1, 0.1), rounded to float32 (from our stream).
    public static func randomStart(using rng: inout RandomGenerator) -> AcrobotState {
        func draw() -> Double { Double(Float(-0.1 + 0.2 * rng.uniformDouble())) }
        let theta1 = draw(), theta2 = draw(), dtheta1 = draw(), dtheta2 = draw()
        return AcrobotState(theta1: theta1, theta2: theta2, dtheta1: dtheta1, dtheta2: dtheta2)
    }

    /// [cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂] rounded to float32.
    @inlinable
    public static func write(_ s: AcrobotState, into observation: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == 6, "an Acrobot observation has 6 scalars, the buffer \(observation.count)")
        observation[0] = Float(cos(s.theta1))
        observation[1] = Float(sin(s.theta1))
        observation[2] = Float(cos(s.theta2))
        observation[3] = Float(sin(s.theta2))
        observation[4] = Float(s.dtheta1)
        observation[5] = Float(s.dtheta2)
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = RandomGenerator(seed: seed) }
        state = Self.randomStart(using: &rng)
        Self.write(state, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let a = ClassicControl.threeWayAction(action, of: "Acrobot")
        state = AcrobotDynamics.step(state, action: a, integrator: integrator)
        Self.write(state, into: observation)
        let terminated = AcrobotDynamics.isTerminal(state)
        return StepOutcome(reward: terminated ? 0 : -1, terminated: terminated, truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
