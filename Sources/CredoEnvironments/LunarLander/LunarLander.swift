import CredoTensor
import Foundation

/// Gymnasium's `LunarLander-v3` (`lunarlander`, and with `continuous: true`
/// `lunarlander-continuous`) on Credo's own deterministic 2D rigid-body simulation
/// (`LunarLanderPhysics`; no Box2D).
///
/// **Observation** (8 floats; W, H viewport in world units, `(x, y)` the body origin,
/// `y_pad = H/4 + legDown/scale`):
///
///     ((x − W/2) / (W/2), (y − y_pad) / (H/2), vₓ (W/2)/fps, v_y (H/2)/fps,
///      θ, 20 ω / fps, leg0 contact, leg1 contact)
///
/// **Actions.** Discrete: 0 nothing, 1 fire the left orientation engine, 2 the main engine,
/// 3 the right orientation engine. Continuous, `a ∈ [−1, 1]²` (clipped): main throttle off for
/// `a₀ ≤ 0`, else `(a₀ + 1)/2` ∈ (50%, 100%]; lateral off for `|a₁| ≤ 0.5`, else fires the
/// right (`a₁ > 0`) or left engine at throttle `|a₁|`. See `LunarLander+Engines.swift`.
///
/// **Reward.** With `s` the observation, the shaping potential is
///
///     Φ(s) = −100 √(s₀² + s₁²) − 100 √(s₂² + s₃²) − 100 |s₄| + 10 s₆ + 10 s₇
///
/// and a step earns `Φ(s′) − Φ(s) − 0.30 · mainThrottle − 0.03 · sideThrottle`. The episode
/// *terminates* with reward −100 when the hull touches the ground or `|s₀| ≥ 1` (left the
/// screen), and with reward +100 when the lander comes to rest (both legs down, `|v| < 0.01`,
/// `|ω| < 2°/s` for 0.5 s: Box2D's sleep). It is *truncated* after `maxEpisodeSteps` (1000)
/// steps. The task counts as solved at a mean return of 200.
///
/// **Randomness**, all from `rng`: 12 terrain heights and the initial push (a force uniform in
/// ±1000 N per axis on the first frame) at reset, two engine-dispersion draws every step.
public struct LunarLander: Environment, Sendable {
    /// Whether actions are 2 throttles (`Box(-1, 1, [2])`) rather than `Discrete(4)`.
    public let continuous: Bool
    /// Steps after which an episode is truncated (Gymnasium's `TimeLimit` of 1000).
    public var maxEpisodeSteps: Int
    public let observationSpace: Space
    public let actionSpace: Space
    public var rng: RandomGenerator
    /// The simulation: body, terrain, contacts.
    public internal(set) var physics = LunarLanderPhysics()
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0
    /// The latest observation (reused buffer; `step` returns it).
    public private(set) var observation = [Float](repeating: 0, count: 8)
    /// The shaping potential Φ of the latest observation.
    public private(set) var shaping = 0.0
    /// The engine throttles of the latest step (see `enginePowers`), for drawing its flames.
    public private(set) var lastEngines: (main: Double, side: Double, direction: Double) = (0, 0, 0)

    /// Makes the environment; call `reset(seed:)` before stepping.
    public init(continuous: Bool = false, maxEpisodeSteps: Int = 1000, seed: UInt64 = 0) {
        precondition(maxEpisodeSteps > 0, "maxEpisodeSteps must be positive")
        self.continuous = continuous
        self.maxEpisodeSteps = maxEpisodeSteps
        rng = RandomGenerator(seed: seed)
        let twoPi = Float(2 * Double.pi)
        observationSpace = .box(low: [-2.5, -2.5, -10, -10, -twoPi, -10, 0, 0],
                                high: [2.5, 2.5, 10, 10, twoPi, 10, 1, 1], shape: [8])
        actionSpace = continuous ? .box(low: -1, high: 1, shape: [2]) : .discrete(4)
    }

    /// Draws a new terrain and initial push, then takes Gymnasium's silent first no-op step
    /// (not counted in `elapsedSteps`) and returns its observation.
    public mutating func reset(seed: UInt64?) -> [Float] {
        typealias C = LunarLanderConstants
        if let seed { rng = RandomGenerator(seed: seed) }
        physics.terrain.generate(using: &rng)
        physics.place(origin: Vector2D(C.worldWidth / 2, C.worldHeight))
        let push = Vector2D((2 * rng.uniformDouble() - 1) * C.initialRandom,
                            (2 * rng.uniformDouble() - 1) * C.initialRandom)
        physics.body.applyForceToCenter(push)
        _ = advance(main: 0, side: 0, direction: 0)
        shaping = Self.shaping(observation)
        elapsedSteps = 0
        return observation
    }

    public mutating func step(_ action: Action) -> StepResult {
        let (main, side, direction) = enginePowers(action)
        let (reward, terminated) = advance(main: main, side: side, direction: direction)
        elapsedSteps += 1
        return StepResult(observation: observation, reward: reward, terminated: terminated,
                          truncated: !terminated && elapsedSteps >= maxEpisodeSteps)
    }

    /// Fires the engines, simulates one frame and scores it: returns the reward and whether the
    /// episode terminated.
    mutating func advance(main: Double, side: Double, direction: Double) -> (Double, Bool) {
        let d0 = (2 * rng.uniformDouble() - 1) / LunarLanderConstants.scale
        let d1 = (2 * rng.uniformDouble() - 1) / LunarLanderConstants.scale
        lastEngines = (main, side, direction)
        fireEngines(main: main, side: side, direction: direction, dispersion: (d0, d1))
        physics.advanceFrame()
        writeObservation()
        let newShaping = Self.shaping(observation)
        var reward = newShaping - shaping - 0.30 * main - 0.03 * side
        shaping = newShaping
        var terminated = false
        if physics.hullContact || abs(observation[0]) >= 1 {
            terminated = true
            reward = -100
        }
        if physics.isAtRest {
            terminated = true
            reward = 100
        }
        return (reward, terminated)
    }

    /// Fills `observation` from the physics state (see the type's documentation).
    private mutating func writeObservation() {
        typealias C = LunarLanderConstants
        let halfW = C.worldWidth / 2, halfH = C.worldHeight / 2
        let o = physics.origin
        let v = physics.body.velocity
        observation[0] = Float((o.x - halfW) / halfW)
        observation[1] = Float((o.y - (C.helipadY + C.legDown / C.scale)) / halfH)
        observation[2] = Float(v.x * halfW / C.fps)
        observation[3] = Float(v.y * halfH / C.fps)
        observation[4] = Float(physics.body.angle)
        observation[5] = Float(20 * physics.body.angularVelocity / C.fps)
        observation[6] = physics.legContact.0 ? 1 : 0
        observation[7] = physics.legContact.1 ? 1 : 0
    }

    /// The shaping potential `Φ(s) = −100‖(s₀, s₁)‖ − 100‖(s₂, s₃)‖ − 100|s₄| + 10 s₆ + 10 s₇`.
    public static func shaping(_ s: [Float]) -> Double {
        let x = Double(s[0]), y = Double(s[1]), vx = Double(s[2]), vy = Double(s[3])
        return -100 * (x * x + y * y).squareRoot() - 100 * (vx * vx + vy * vy).squareRoot()
            - 100 * abs(Double(s[4])) + 10 * Double(s[6]) + 10 * Double(s[7])
    }
}
