import Foundation

/// The lander's rigid body, its two feet and the ground, advanced one frame at a time.
///
/// **Integration.** A frame of `1/fps` = 0.02 s is split into `substeps` equal substeps of length
/// h; in each, contact forces are computed from the current state, then the body takes one
/// semi-implicit Euler step (`RigidBody2D`) under gravity `g = (0, −10)`, the frame's external
/// force (the initial push) and the contact forces. Everything is Double arithmetic in a fixed
/// order, so a run is a deterministic function of the seed.
///
/// **Foot contact** (penalty model, per foot). With penetration `δ = −d > 0` below the edge
/// under the foot (unit normal n, tangent t), foot velocity u and the edge's normal and
/// tangential velocity components `u_n = u·n`, `u_t = u·t`:
///
///     normal force    Fₙ = max(0, kₙ δ − cₙ u_n)
///     friction        F_t = −(k_t s + c_t u_t), clamped to |F_t| ≤ μ Fₙ
///
/// where s is the tangential stretch of a spring from the foot to a ground *anchor* set where
/// the foot first touched (stick); when the clamp binds the foot slides and the anchor is
/// dragged so that `k_t |s| = μ Fₙ` (Coulomb friction with true static friction). The force
/// `Fₙ n + F_t t` acts at the foot point. kₙ = 1000 N/m gives a 2.5 cm sink at rest; the spring
/// stands in for Gymnasium's folding legs (a motor of torque 40 N·m on each leg joint).
///
/// **Ground contact flags.** A leg is "in contact" when its foot is within `contactMargin`
/// (1 cm, Box2D's polygon skin) of the surface after the frame; the hull "touches the ground"
/// (Gymnasium's game over) when a hull vertex comes within the margin or a terrain vertex enters
/// the hull. The hull itself gets no contact force: touching ends the episode.
///
/// **Rest** (Box2D's sleep, which ends Gymnasium's episode with +100). After each frame, if both
/// legs are in contact, `|v| < restLinearSpeed` (0.01 m/s) and `|ω| < restAngularSpeed` (2°/s),
/// `restingTime` grows by `1/fps`, otherwise it resets to zero; the lander is at rest once
/// `restingTime ≥ timeToRest` (0.5 s), Box2D's `b2_timeToSleep` with its sleep tolerances.
public struct LunarLanderPhysics: Sendable {
    public let geometry: LunarLanderGeometry
    public var body: RigidBody2D
    public var terrain: LunarLanderTerrain
    public var gravity = Vector2D(0, LunarLanderConstants.gravity)
    /// Substeps per frame.
    public var substeps = 5
    /// Normal stiffness kₙ (N/m) and damping cₙ (N·s/m) of one foot.
    public var normalStiffness = 1000.0, normalDamping = 60.0
    /// Tangential (stick) stiffness k_t and damping c_t of one foot.
    public var tangentStiffness = 1000.0, tangentDamping = 60.0
    /// Coulomb friction coefficient μ: Box2D's mix `√(0.1 · 0.2)` of ground and leg friction.
    public var friction = (0.1 * 0.2).squareRoot()
    public var contactMargin = 0.01
    public var restLinearSpeed = 0.01, restAngularSpeed = 2 * Double.pi / 180, timeToRest = 0.5

    /// Whether each leg touched the ground at the end of the last frame (index 0: +x side).
    public private(set) var legContact: (Bool, Bool) = (false, false)
    /// Whether the hull touched the ground at the end of the last frame.
    public private(set) var hullContact = false
    /// Seconds the lander has been at rest on both legs.
    public private(set) var restingTime = 0.0
    /// Friction anchors of the two feet while they stick (nil when off the ground).
    private var anchors: (Vector2D?, Vector2D?) = (nil, nil)

    public init(geometry: LunarLanderGeometry = .standard, terrain: LunarLanderTerrain = LunarLanderTerrain()) {
        self.geometry = geometry
        self.terrain = terrain
        let m = geometry.massProperties
        body = RigidBody2D(mass: m.mass, inertia: m.inertia, position: .zero)
    }

    /// Whether the lander has come to rest (Box2D's "not awake").
    public var isAtRest: Bool { restingTime >= timeToRest }

    /// The body origin in world coordinates (what Gymnasium's `lander.position` reports).
    public var origin: Vector2D { body.worldPoint(geometry.originOffset) }

    /// Puts the lander's origin at `origin`, level and still, and clears contacts and forces.
    public mutating func place(origin: Vector2D) {
        body.position = origin - geometry.originOffset
        body.angle = 0
        body.velocity = .zero
        body.angularVelocity = 0
        body.clearForces()
        legContact = (false, false)
        hullContact = false
        restingTime = 0
        anchors = (nil, nil)
    }

    /// Advances one frame (`1/fps` seconds), then clears the external force and updates the
    /// contact flags and the rest timer.
    public mutating func advanceFrame() {
        let h = 1 / (LunarLanderConstants.fps * Double(substeps))
        let externalForce = body.force, externalTorque = body.torque
        for _ in 0..<substeps {
            body.force = externalForce
            body.torque = externalTorque
            anchors.0 = applyFootForce(geometry.feet.0, anchor: anchors.0)
            anchors.1 = applyFootForce(geometry.feet.1, anchor: anchors.1)
            body.integrateVelocity(dt: h, gravity: gravity)
            body.integratePosition(dt: h)
        }
        body.clearForces()
        updateContacts()
    }

    /// Adds the penalty normal force and the anchored friction force of one foot; returns the
    /// foot's new friction anchor (nil when off the ground).
    private mutating func applyFootForce(_ localFoot: Vector2D, anchor: Vector2D?) -> Vector2D? {
        let p = body.worldPoint(localFoot)
        let (d, n) = terrain.separation(of: p)
        guard d < 0 else { return nil }
        let t = Vector2D(n.y, -n.x)
        let u = body.velocity(atWorldPoint: p)
        let normalForce = max(0, -normalStiffness * d - normalDamping * u.dot(n))
        var a = anchor ?? p
        let stretch = (p - a).dot(t)
        var tangentForce = -tangentStiffness * stretch - tangentDamping * u.dot(t)
        let limit = friction * normalForce
        if abs(tangentForce) > limit {
            // Slip: drag the anchor so the spring alone carries the Coulomb limit.
            tangentForce = tangentForce > 0 ? limit : -limit
            a = p + (tangentForce / tangentStiffness) * t
        }
        body.applyForce(normalForce * n + tangentForce * t, at: p)
        return a
    }

    private mutating func updateContacts() {
        let c = cos(body.angle), s = sin(body.angle)
        let foot0 = body.position + geometry.feet.0.rotated(cos: c, sin: s)
        let foot1 = body.position + geometry.feet.1.rotated(cos: c, sin: s)
        legContact = (terrain.separation(of: foot0).distance < contactMargin,
                      terrain.separation(of: foot1).distance < contactMargin)
        let hull = geometry.hull
        let position = body.position
        hullContact = withUnsafeTemporaryAllocation(of: Vector2D.self, capacity: hull.count) { world in
            for i in 0..<hull.count { world[i] = position + hull[i].rotated(cos: c, sin: s) }
            return terrain.touches(polygon: UnsafeBufferPointer(world), margin: contactMargin)
        }
        let still = body.velocity.length < restLinearSpeed && abs(body.angularVelocity) < restAngularSpeed
        restingTime = legContact.0 && legContact.1 && still ? restingTime + 1 / LunarLanderConstants.fps : 0
    }
}
