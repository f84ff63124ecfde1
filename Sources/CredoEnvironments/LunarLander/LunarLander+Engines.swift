import Foundation

extension LunarLander {
    /// Engine throttles for an action: `main` ∈ {0} ∪ [0.5, 1], `side` ∈ {0} ∪ [0.5, 1] and the
    /// side engine's `direction` (−1 left engine, +1 right engine, 0 none).
    ///
    /// Discrete: 2 → main 1; 1 → side 1, direction −1; 3 → side 1, direction +1.
    /// Continuous, after clipping a to [−1, 1]² (NaN counts as 0):
    ///
    ///     main = a₀ > 0 ? (a₀ + 1)/2 : 0
    ///     side = |a₁| > 0.5 ? |a₁| : 0,   direction = sign(a₁)
    public static func enginePowers(continuous a: [Float]) -> (main: Double, side: Double, direction: Double) {
        precondition(a.count == 2, "a continuous lunar lander action has 2 components, got \(a.count)")
        func clip(_ x: Float) -> Double { x.isNaN ? 0 : Double(min(max(x, -1), 1)) }
        let a0 = clip(a[0]), a1 = clip(a[1])
        let main = a0 > 0 ? (a0 + 1) / 2 : 0
        let side = abs(a1) > 0.5 ? abs(a1) : 0
        return (main, side, side > 0 ? (a1 > 0 ? 1 : -1) : 0)
    }

    /// Engine throttles for a discrete action 0…3 (see `enginePowers(continuous:)`).
    public static func enginePowers(discrete a: Int) -> (main: Double, side: Double, direction: Double) {
        precondition((0..<4).contains(a), "a discrete lunar lander action is in 0..<4, got \(a)")
        switch a {
        case 1: return (0, 1, -1)
        case 2: return (1, 0, 0)
        case 3: return (0, 1, 1)
        default: return (0, 0, 0)
        }
    }

    func enginePowers(_ action: Action) -> (main: Double, side: Double, direction: Double) {
        switch (action, continuous) {
        case (.discrete(let a), false): return Self.enginePowers(discrete: a)
        case (.continuous(let a), true): return Self.enginePowers(continuous: a)
        default: preconditionFailure("action \(action) does not belong to \(actionSpace)")
        }
    }

    /// Applies the engines' impulses for one frame, exactly as Gymnasium does. With the lander
    /// origin o, angle θ, `tip = (sin θ, cos θ)`, `side = (−cos θ, sin θ)` and dispersion
    /// `d₀, d₁ ~ U(−1, 1)/scale`:
    ///
    /// - main engine, throttle m, `ℓ = mainEngineYLocation/scale + 2 d₀`:
    ///   offset `(ox, oy) = (tipₓ ℓ + sideₓ d₁, −tip_y ℓ − side_y d₁)`,
    ///   impulse `−13 m (ox, oy)` at `o + (ox, oy)`;
    /// - side engine, throttle s, direction σ, `κ = 3 d₁ + σ sideEngineAway/scale`:
    ///   offset `(ox, oy) = (tipₓ d₀ + sideₓ κ, −tip_y d₀ − side_y κ)`,
    ///   impulse `−0.6 s (ox, oy)` at `o + (ox − 17 tipₓ/scale, oy + sideEngineHeight tip_y/scale)`.
    ///
    /// About 1.7 N·s per frame for the main engine (thrust ≈ 1.75 × weight) and 0.24 N·s for a
    /// side engine, which mostly turns the lander.
    mutating func fireEngines(main: Double, side: Double, direction: Double, dispersion: (Double, Double)) {
        typealias C = LunarLanderConstants
        let (d0, d1) = dispersion
        let angle = physics.body.angle
        let tip = Vector2D(sin(angle), cos(angle))
        let across = Vector2D(-tip.y, tip.x)
        let o = physics.origin
        if main > 0 {
            let l = C.mainEngineYLocation / C.scale + 2 * d0
            let offset = Vector2D(tip.x * l + across.x * d1, -tip.y * l - across.y * d1)
            physics.body.applyLinearImpulse((-C.mainEnginePower * main) * offset, at: o + offset)
        }
        if side > 0 {
            let k = 3 * d1 + direction * C.sideEngineAway / C.scale
            let offset = Vector2D(tip.x * d0 + across.x * k, -tip.y * d0 - across.y * k)
            let at = o + Vector2D(offset.x - tip.x * 17 / C.scale, offset.y + tip.y * C.sideEngineHeight / C.scale)
            physics.body.applyLinearImpulse((-C.sideEnginePower * side) * offset, at: at)
        }
    }
}
