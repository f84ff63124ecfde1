import Foundation

/// A rigid body in the plane, integrated with semi-implicit (symplectic) Euler.
///
/// State: the centre of mass `position` x, the `angle` θ (counter-clockwise, radians), the
/// linear `velocity` v of the centre of mass and the `angularVelocity` ω. External forces F and
/// torques τ accumulate in `force` and `torque` until `clearForces()`. One step of length h is
///
///     v ← v + h (g + F / m),    ω ← ω + h τ / I,
///     x ← x + h v,              θ ← θ + h ω,
///
/// positions use the *updated* velocities (Box2D's order), which conserves energy far better
/// than explicit Euler. An impulse J at a world point p changes the velocities at once:
/// `v ← v + J / m`, `ω ← ω + (p − x) × J / I`.
public struct RigidBody2D: Equatable, Sendable {
    /// Mass m.
    public var mass: Double
    /// Moment of inertia I about the centre of mass.
    public var inertia: Double
    public var position: Vector2D
    public var angle: Double
    public var velocity: Vector2D
    public var angularVelocity: Double
    /// Accumulated force, applied by every `integrateVelocity` call until cleared.
    public var force: Vector2D = .zero
    /// Accumulated torque about the centre of mass.
    public var torque: Double = 0

    public init(mass: Double, inertia: Double, position: Vector2D, angle: Double = 0,
                velocity: Vector2D = .zero, angularVelocity: Double = 0) {
        precondition(mass > 0 && inertia > 0, "a dynamic body needs positive mass and inertia")
        self.mass = mass
        self.inertia = inertia
        self.position = position
        self.angle = angle
        self.velocity = velocity
        self.angularVelocity = angularVelocity
    }

    /// The world position of a point given in the body frame (relative to the centre of mass):
    /// `x + R(θ) r`.
    @inlinable public func worldPoint(_ local: Vector2D) -> Vector2D {
        position + local.rotated(cos: cos(angle), sin: sin(angle))
    }

    /// The velocity of the material point at world position p: `v + ω × (p − x)`.
    @inlinable public func velocity(atWorldPoint p: Vector2D) -> Vector2D {
        velocity + Vector2D.cross(angularVelocity, p - position)
    }

    /// Applies an impulse J at world point p: `v += J/m`, `ω += (p − x) × J / I`.
    @inlinable public mutating func applyLinearImpulse(_ j: Vector2D, at p: Vector2D) {
        velocity += (1 / mass) * j
        angularVelocity += (p - position).cross(j) / inertia
    }

    /// Adds a force F acting at world point p: `F` to the force and `(p − x) × F` to the torque.
    @inlinable public mutating func applyForce(_ f: Vector2D, at p: Vector2D) {
        force += f
        torque += (p - position).cross(f)
    }

    /// Adds a force acting at the centre of mass (no torque).
    @inlinable public mutating func applyForceToCenter(_ f: Vector2D) { force += f }

    /// Velocity half of a semi-implicit Euler step: `v += h (g + F/m)`, `ω += h τ / I`.
    @inlinable public mutating func integrateVelocity(dt h: Double, gravity g: Vector2D) {
        velocity += h * (g + (1 / mass) * force)
        angularVelocity += h * torque / inertia
    }

    /// Position half of a semi-implicit Euler step: `x += h v`, `θ += h ω`.
    @inlinable public mutating func integratePosition(dt h: Double) {
        position += h * velocity
        angle += h * angularVelocity
    }

    /// Zeroes the accumulated force and torque.
    @inlinable public mutating func clearForces() {
        force = .zero
        torque = 0
    }
}
