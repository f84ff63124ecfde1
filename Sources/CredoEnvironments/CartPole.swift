import CredoTensor

/// Gymnasium's CartPole-v1 without its time limit: push the cart left (action 0) or right
/// (action 1) with 10 N and keep the pole within 12 degrees of upright and the cart within
/// 2.4 m of the centre.
///
/// Reward 1 on every step, the terminal one included; a step after termination (which Gymnasium
/// calls undefined behaviour) gives reward 0, as Gymnasium's does. The observation is the float64
/// state rounded to float32. Reached by name as `"cartpole"`, which adds `TimeLimit` at 500 steps
/// exactly like `gym.make("CartPole-v1")`; observations then agree with Gymnasium's bit for bit
/// from the same start state (see `CartPoleConformanceTests`).
public struct CartPole: Environment, Sendable {
    /// The physical state. Setting it (to replay a recorded start, say) starts a fresh episode
    /// from that state.
    public var state: CartPoleState {
        get { physicalState }
        set { physicalState = newValue; _stepsBeyondTerminated = nil }
    }
    @usableFromInline var physicalState: CartPoleState
    /// nil while the episode runs; counts the steps taken after termination.
    public var stepsBeyondTerminated: Int? { _stepsBeyondTerminated }
    @usableFromInline var _stepsBeyondTerminated: Int?
    public var rng: RandomGenerator

    public init(seed: UInt64 = 0) {
        rng = RandomGenerator(seed: seed)
        physicalState = CartPoleDynamics.randomStart(using: &rng)
    }

    public var observationSpace: Space { CartPoleDynamics.observationSpace }
    public var actionSpace: Space { .discrete(2) }

    @inlinable
    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { rng = RandomGenerator(seed: seed) }
        state = CartPoleDynamics.randomStart(using: &rng)
        CartPoleDynamics.write(physicalState, into: observation)
    }

    @inlinable
    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        guard case .discrete(let push) = action, push == 0 || push == 1 else {
            preconditionFailure("CartPole takes .discrete(0) or .discrete(1), got \(action)")
        }
        let force = push == 1 ? CartPoleDynamics.forceMagnitude : -CartPoleDynamics.forceMagnitude
        return step(force: force, into: observation)
    }

    /// One step under `force` newtons. Reward 1 until and including the step that terminates,
    /// 0 after it.
    @inlinable
    mutating func step(force: Double, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        physicalState = CartPoleDynamics.step(physicalState, force: force)
        CartPoleDynamics.write(physicalState, into: observation)
        let terminated = CartPoleDynamics.isTerminal(physicalState)
        var reward = 1.0
        if terminated {
            if let beyond = _stepsBeyondTerminated {
                _stepsBeyondTerminated = beyond + 1
                reward = 0
            } else {
                _stepsBeyondTerminated = 0
            }
        }
        return StepOutcome(reward: reward, terminated: terminated, truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
