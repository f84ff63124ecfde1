import Foundation

/// The lander's rigid body, its two feet and the ground, advanced one frame at a time.
///
/// **Integration.** A frame of `1/fps` = 0.02 s is split into `substeps` equal substeps of length
/// h; in each, contact forces are computed from the current state, then the body takes one
/// semi-implicit Euler step (`RigidBody2D`) under gravity `g = (0, −10)`, the frame's external
/// force (the initial push) and the contact forces. Everything is Double arithmetic in a fixed
/// order, so a run is a deterministic function of the seed.
///
/// **Legs.** Each foot touches the ground through a stiff penalty contact with Coulomb
/// friction, and its leg folds under loads above 45 N (see `LunarLanderLeg`), which makes hard
/// landings crash as Gymnasium's motorised legs do.
///
/// **Ground contact flags.** A leg is "in contact" when its foot is within `contactMargin`
/// (2 cm: Box2D's polygon skin plus edge skin) of the surface after the frame; the hull
/// "touches the ground" (Gymnasium's game over) when a hull vertex comes within the margin or a
/// terrain vertex enters the hull. The hull itself gets no contact force: touching ends the
/// episode.
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
    public var substeps = 8
    /// The legs: index 0 is Gymnasium's `legs[0]` (+x side), index 1 `legs[1]` (−x side).
    public var legs: (LunarLanderLeg, LunarLanderLeg)
    public var contactMargin = 0.02
    public var restLinearSpeed = 0.01, restAngularSpeed = 2 * Double.pi / 180, timeToRest = 0.5

    /// Whether each leg touched the ground at the end of the last frame (index 0: +x side).
    public private(set) var legContact: (Bool, Bool) = (false, false)
    /// Whether the hull touched the ground at the end of the last frame.
    public private(set) var hullContact = false
    /// Seconds the lander has been at rest on both legs.
    public private(set) var restingTime = 0.0

    public init(geometry: LunarLanderGeometry = .standard, terrain: LunarLanderTerrain = LunarLanderTerrain()) {
        self.geometry = geometry
        self.terrain = terrain
        legs = (LunarLanderLeg(restFoot: geometry.feet.0), LunarLanderLeg(restFoot: geometry.feet.1))
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
        legs.0.reset()
        legs.1.reset()
    }

    /// Advances one frame (`1/fps` seconds), then clears the external force and updates the
    /// contact flags and the rest timer.
    public mutating func advanceFrame() {
        let h = 1 / (LunarLanderConstants.fps * Double(substeps))
        let externalForce = body.force, externalTorque = body.torque
        for _ in 0..<substeps {
            body.force = externalForce
            body.torque = externalTorque
            legs.0.applyContact(to: &body, terrain: terrain, dt: h)
            legs.1.applyContact(to: &body, terrain: terrain, dt: h)
            body.integrateVelocity(dt: h, gravity: gravity)
            body.integratePosition(dt: h)
        }
        body.clearForces()
        updateContacts()
    }

    private mutating func updateContacts() {
        let c = cos(body.angle), s = sin(body.angle)
        let foot0 = body.position + legs.0.localFoot.rotated(cos: c, sin: s)
        let foot1 = body.position + legs.1.localFoot.rotated(cos: c, sin: s)
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
