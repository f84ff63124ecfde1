import CredoTensor

/// CartPole with a continuous push: the action is a Box([−1], [1]) value a, clipped to the box,
/// and the force on the cart is F = 10 · clip(a, −1, 1) newtons. Same physics
/// (`CartPoleDynamics.step`), start distribution and termination as `CartPole`; reached by name
/// as `"cartpole-continuous"` with a `TimeLimit` of 500 steps. The reward is smooth in the state,
/// r = 1 − ½(θ′/θ_max)² − ½(x′/x_max)² (`reward(_:)`), so that pathwise gradients of the return
/// exist; `differentiableStep(state:action:)` computes the same step and reward as tensor ops.
public struct ContinuousCartPole: Environment, Sendable {
    /// The wrapped discrete CartPole supplies state, stream and termination bookkeeping.
    private var base: CartPole

    public init(seed: UInt64 = 0) { base = CartPole(seed: seed) }

    /// The physical state; setting it starts a fresh episode from that state.
    public var state: CartPoleState {
        get { base.state }
        set { base.state = newValue }
    }
    public var rng: RandomGenerator {
        get { base.rng }
        set { base.rng = newValue }
    }

    public var observationSpace: Space { CartPoleDynamics.observationSpace }
    public var actionSpace: Space { .box(low: -1, high: 1, shape: [1]) }

    /// The force in newtons for action value `a`: 10 · clip(a, −1, 1) (NaN pushes with 0).
    @inlinable
    public static func force(for a: Float) -> Double {
        CartPoleDynamics.forceMagnitude * Double(a.isNaN ? 0 : min(max(a, -1), 1))
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        base.reset(seed: seed, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        guard case .continuous(let a) = action, a.count == 1 else {
            preconditionFailure("ContinuousCartPole takes .continuous([a]), got \(action)")
        }
        var outcome = base.step(force: Self.force(for: a[0]), into: observation)
        if outcome.reward != 0 { outcome.reward = Self.reward(base.state) }   // 0 past termination, as CartPole
        return outcome
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
