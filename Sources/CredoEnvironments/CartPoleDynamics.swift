import CredoTensor
import Foundation

/// The state of the cart-pole system: cart position and velocity, pole angle (radians from
/// upright) and angular velocity. Kept in Double, as Gymnasium keeps it in float64.
public struct CartPoleState: Equatable, Sendable {
    public var x: Double
    public var xDot: Double
    public var theta: Double
    public var thetaDot: Double

    public init(x: Double, xDot: Double, theta: Double, thetaDot: Double) {
        self.x = x
        self.xDot = xDot
        self.theta = theta
        self.thetaDot = thetaDot
    }

    /// The state as `[x, xDot, theta, thetaDot]`.
    public var array: [Double] { [x, xDot, theta, thetaDot] }
}

/// The cart-pole equations of motion of Barto, Sutton and Anderson (1983), with the constants and
/// the exact float64 arithmetic of Gymnasium's `CartPoleEnv` (Euler integration).
///
/// With total mass M = m_c + m_p, half pole length l, force F:
///
///     temp   = (F + m_p l θ̇² sin θ) / M
///     θ̈      = (g sin θ − cos θ · temp) / (l (4/3 − m_p cos² θ / M))
///     ẍ      = temp − m_p l θ̈ cos θ / M
///     x ← x + τ ẋ,  ẋ ← ẋ + τ ẍ,  θ ← θ + τ θ̇,  θ̇ ← θ̇ + τ θ̈
///
/// A pure function of (state, force) so that a differentiable tensor version can mirror it line
/// by line.
public enum CartPoleDynamics {
    public static let gravity = 9.8
    public static let massCart = 1.0
    public static let massPole = 0.1
    public static let totalMass = massPole + massCart
    /// Half the pole's length.
    public static let length = 0.5
    public static let poleMassLength = massPole * length
    /// The force of one push of the discrete CartPole, in newtons.
    public static let forceMagnitude = 10.0
    /// Seconds between state updates.
    public static let tau = 0.02
    /// 12 degrees, written as Gymnasium writes it: 12 · 2π / 360.
    public static let thetaThreshold = 12 * 2 * Double.pi / 360
    public static let xThreshold = 2.4

    /// One Euler step of length `tau` under a horizontal `force` on the cart.
    // The grouping of every product follows Gymnasium's Python expression left to right, so the
    // float64 results agree bit for bit.
    @inlinable
    public static func step(_ s: CartPoleState, force: Double) -> CartPoleState {
        let cosTheta = cos(s.theta)
        let sinTheta = sin(s.theta)
        let temp = (force + poleMassLength * (s.thetaDot * s.thetaDot) * sinTheta) / totalMass
        let thetaAcc = (gravity * sinTheta - cosTheta * temp)
            / (length * (4.0 / 3.0 - massPole * (cosTheta * cosTheta) / totalMass))
        let xAcc = temp - poleMassLength * thetaAcc * cosTheta / totalMass
        return CartPoleState(x: s.x + tau * s.xDot,
                             xDot: s.xDot + tau * xAcc,
                             theta: s.theta + tau * s.thetaDot,
                             thetaDot: s.thetaDot + tau * thetaAcc)
    }

    /// Whether the cart left the track (|x| > 2.4) or the pole fell past 12 degrees.
    @inlinable
    public static func isTerminal(_ s: CartPoleState) -> Bool {
        s.x < -xThreshold || s.x > xThreshold || s.theta < -thetaThreshold || s.theta > thetaThreshold
    }

    /// Gymnasium's observation space: Box(−high, high) with
    /// high = [2 · 2.4, ∞, 2 · 12°, ∞] in float32.
    public static let observationSpace: Space = {
        let high: [Float] = [Float(xThreshold * 2), .infinity, Float(thetaThreshold * 2), .infinity]
        return .box(low: high.map { -$0 }, high: high, shape: [4])
    }()

    /// A start state with every coordinate uniform in [−0.05, 0.05), as Gymnasium's reset draws
    /// (from our stream, so not numpy's numbers).
    @inlinable
    public static func randomStart(using rng: inout RandomGenerator) -> CartPoleState {
        func draw() -> Double { -0.05 + 0.1 * rng.uniformDouble() }
        let x = draw(), xDot = draw(), theta = draw(), thetaDot = draw()
        return CartPoleState(x: x, xDot: xDot, theta: theta, thetaDot: thetaDot)
    }

    /// Writes the state as a float32 observation (each coordinate rounded to nearest, as numpy's
    /// `astype(float32)`).
    @inlinable
    public static func write(_ s: CartPoleState, into observation: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == 4, "a CartPole observation has 4 scalars, the buffer \(observation.count)")
        observation[0] = Float(s.x)
        observation[1] = Float(s.xDot)
        observation[2] = Float(s.theta)
        observation[3] = Float(s.thetaDot)
    }
}
