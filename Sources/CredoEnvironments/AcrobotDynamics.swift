import Foundation

/// The state of the acrobot: joint angles θ₁ (of the first link from hanging down) and θ₂ (of the
/// second relative to the first), and their angular velocities. Double, as Gymnasium after the
/// first step (its reset draws float32 values, which `Acrobot` reproduces by rounding).
public struct AcrobotState: Equatable, Sendable {
    public var theta1: Double
    public var theta2: Double
    public var dtheta1: Double
    public var dtheta2: Double

    public init(theta1: Double, theta2: Double, dtheta1: Double, dtheta2: Double) {
        self.theta1 = theta1
        self.theta2 = theta2
        self.dtheta1 = dtheta1
        self.dtheta2 = dtheta2
    }

    public var array: [Double] { [theta1, theta2, dtheta1, dtheta2] }
}

/// The acrobot's equations of motion in the "book" form (Sutton & Barto, 1998) that Gymnasium's
/// `AcrobotEnv` uses by default, with its constants (links of 1 m and 1 kg, centres of mass at
/// 0.5 m, moments of inertia 1, g = 9.8) and its float64 arithmetic grouped as Python groups it:
///
///     d₁ = m₁l_c1² + m₂(l₁² + l_c2² + 2l₁l_c2 cos θ₂) + I₁ + I₂
///     d₂ = m₂(l_c2² + l₁l_c2 cos θ₂) + I₂
///     φ₂ = m₂l_c2 g cos(θ₁ + θ₂ − π/2)
///     φ₁ = −m₂l₁l_c2 θ̇₂² sin θ₂ − 2m₂l₁l_c2 θ̇₂θ̇₁ sin θ₂ + (m₁l_c1 + m₂l₁) g cos(θ₁ − π/2) + φ₂
///     θ̈₂ = (τ + d₂/d₁ φ₁ − m₂l₁l_c2 θ̇₁² sin θ₂ − φ₂) / (m₂l_c2² + I₂ − d₂²/d₁)
///     θ̈₁ = −(d₂θ̈₂ + φ₁)/d₁
///
/// integrated over dt = 0.2 s by one step of Gymnasium's `rk4` (the classical Runge–Kutta step,
/// with the torque carried as a fifth coordinate of zero derivative).
public enum AcrobotDynamics {
    public static let dt = 0.2
    public static let linkLength1 = 1.0
    public static let linkMass1 = 1.0
    public static let linkMass2 = 1.0
    public static let linkCOM1 = 0.5
    public static let linkCOM2 = 0.5
    public static let linkMOI = 1.0
    public static let gravity = 9.8
    public static let maxVel1 = 4 * Double.pi
    public static let maxVel2 = 9 * Double.pi
    /// The torques of actions 0, 1 and 2.
    public static let availableTorque: [Double] = [-1.0, 0.0, 1.0]

    /// How a step integrates: Gymnasium's RK4, or (as a known-wrong variant for tests) one Euler
    /// step.
    public enum Integrator: Sendable { case rk4, euler }

    /// Gymnasium's `_dsdt`: the time derivative of (θ₁, θ₂, θ̇₁, θ̇₂) under torque `a` (the fifth
    /// coordinate of Gymnasium's augmented state, whose derivative is 0, so it stays `a` through
    /// every stage of the integration).
    @inlinable
    public static func derivatives(_ y: SIMD4<Double>, torque a: Double) -> SIMD4<Double> {
        let m1 = linkMass1, m2 = linkMass2, l1 = linkLength1, lc1 = linkCOM1, lc2 = linkCOM2
        let i1 = linkMOI, i2 = linkMOI, g = gravity
        let theta1 = y[0], theta2 = y[1], dtheta1 = y[2], dtheta2 = y[3]
        let sq = ClassicControl.square as (Double) -> Double
        let d1 = m1 * sq(lc1) + m2 * (sq(l1) + sq(lc2) + 2 * l1 * lc2 * cos(theta2)) + i1 + i2
        let d2 = m2 * (sq(lc2) + l1 * lc2 * cos(theta2)) + i2
        let phi2 = m2 * lc2 * g * cos(theta1 + theta2 - Double.pi / 2.0)
        let phi1 = -m2 * l1 * lc2 * sq(dtheta2) * sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin(theta2)
            + (m1 * lc1 + m2 * l1) * g * cos(theta1 - Double.pi / 2)
            + phi2
        let ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * sq(dtheta1) * sin(theta2) - phi2)
            / (m2 * sq(lc2) + i2 - sq(d2) / d1)
        let ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return SIMD4(dtheta1, dtheta2, ddtheta1, ddtheta2)
    }

    /// Gymnasium's `rk4(derivs, y0, [0, dt])`: k₁..k₄ and y₀ + dt/6 (k₁ + 2k₂ + 2k₃ + k₄),
    /// elementwise as numpy evaluates it (no fused multiply-adds).
    @inlinable
    public static func rk4(_ y0: SIMD4<Double>, torque: Double, dt: Double) -> SIMD4<Double> {
        let dt2 = dt / 2.0
        let k1 = derivatives(y0, torque: torque)
        let k2 = derivatives(y0 + dt2 * k1, torque: torque)
        let k3 = derivatives(y0 + dt2 * k2, torque: torque)
        let k4 = derivatives(y0 + dt * k3, torque: torque)
        return y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
    }

    /// Gymnasium's `wrap(x, m, M)`: shifts x by M − m until it lies in [m, M].
    @inlinable
    public static func wrap(_ x: Double, _ m: Double, _ M: Double) -> Double {
        let diff = M - m
        var x = x
        while x > M { x = x - diff }
        while x < m { x = x + diff }
        return x
    }

    /// Gymnasium's `bound(x, m, M)`: Python's min(max(x, m), M).
    @inlinable
    public static func bound(_ x: Double, _ m: Double, _ M: Double) -> Double {
        ClassicControl.pythonMin(ClassicControl.pythonMax(x, m), M)
    }

    /// One step under action 0, 1 or 2 (torque −1, 0, +1; no torque noise): integrate, wrap the
    /// angles into [−π, π], bound the velocities to ±4π and ±9π.
    @inlinable
    public static func step(_ s: AcrobotState, action: Int, integrator: Integrator = .rk4) -> AcrobotState {
        let y0 = SIMD4(s.theta1, s.theta2, s.dtheta1, s.dtheta2), torque = availableTorque[action]
        let ns: SIMD4<Double>
        switch integrator {
        case .rk4: ns = rk4(y0, torque: torque, dt: dt)
        case .euler: ns = y0 + dt * derivatives(y0, torque: torque)
        }
        return AcrobotState(theta1: wrap(ns[0], -Double.pi, Double.pi), theta2: wrap(ns[1], -Double.pi, Double.pi),
                            dtheta1: bound(ns[2], -maxVel1, maxVel1), dtheta2: bound(ns[3], -maxVel2, maxVel2))
    }

    /// Gymnasium's `_terminal`: the tip above the bar by one link length,
    /// −cos θ₁ − cos(θ₂ + θ₁) > 1.
    @inlinable
    public static func isTerminal(_ s: AcrobotState) -> Bool { -cos(s.theta1) - cos(s.theta2 + s.theta1) > 1.0 }
}
