/// One landing leg: a rigid strut ending in a foot point, which *folds* under a load above
/// `foldForce`, and the foot's contact with the ground.
///
/// **Why folding.** Gymnasium's leg is a small body on a revolute joint whose motor (at most
/// 40 N·m) holds it against its outer limit. A foot load `F` with lever arm `r ≈ 0.89` about the
/// joint folds the leg when `F r > 40 N·m`, so a hard landing folds the legs and the hull hits
/// the ground (a crash), while a gentle one holds. We keep that behaviour with a massless slider
/// in the leg: the foot sits `fold` (q ≥ 0) above its rest point along the body's up axis.
///
/// **Per substep** (h), with the foot's penetration `δ = −d > 0` below the ground edge (unit
/// normal n, tangent t) and foot velocity u:
///
///     spring        E = kₙ δ                              (stiff penalty contact)
///     fold          if E > F_fold:  q ← min(q + (E − F_fold)/kₙ, q_max),  E ← F_fold
///                   else:           q ← max(q − v_ext h, 0)   (the motor re-extends the leg)
///     normal force  Fₙ = clip(E − cₙ u·n, 0, F_fold)
///     friction      F_t = −(k_t s + c_t u·t),  clamped to |F_t| ≤ μ Fₙ
///
/// Folding dissipates `F_fold Δq`, as the motor does. s is the stretch of a tangential spring
/// from the foot to a ground *anchor* set where the foot touched down (static friction); when
/// the clamp binds the foot slips and the anchor is dragged so that `k_t |s| = μ Fₙ` (Coulomb).
/// The contact force `Fₙ n + F_t t` acts at the foot.
public struct LunarLanderLeg: Sendable {
    /// The foot's rest point relative to the centre of mass.
    public let restFoot: Vector2D
    /// Current fold q (world units, along the body's up axis).
    public private(set) var fold = 0.0
    /// Friction anchor while the foot is on the ground.
    private var anchor: Vector2D?

    /// Normal contact stiffness kₙ (N/m) and damping cₙ (N·s/m).
    public var normalStiffness = 5000.0, normalDamping = 100.0
    /// Tangential (stick) stiffness k_t and damping c_t.
    public var tangentStiffness = 5000.0, tangentDamping = 100.0
    /// Coulomb friction μ: Box2D's mix `√(0.1 · 0.2)` of the ground's and the leg's friction.
    public var friction = (0.1 * 0.2).squareRoot()
    /// Foot load that folds the leg: motor torque 40 N·m over the lever arm 0.89 m.
    public var foldForce = 45.0
    /// Re-extension speed: motor speed 0.3 rad/s times the lever arm.
    public var extensionSpeed = 0.27
    /// Fold at the joint's inner limit (the leg turns 0.5 rad, lifting the foot ≈ 0.5).
    public var maxFold = 0.5

    public init(restFoot: Vector2D) { self.restFoot = restFoot }

    /// The foot point relative to the centre of mass, in the body frame.
    public var localFoot: Vector2D { Vector2D(restFoot.x, restFoot.y + fold) }

    /// Straightens the leg and lifts the foot off the ground.
    public mutating func reset() {
        fold = 0
        anchor = nil
    }

    /// Applies this foot's contact force to `body` for one substep of length h and updates the
    /// fold and the friction anchor.
    public mutating func applyContact(to body: inout RigidBody2D, terrain: LunarLanderTerrain, dt h: Double) {
        let p = body.worldPoint(localFoot)
        let (d, n) = terrain.separation(of: p)
        guard d < 0 else {
            anchor = nil
            fold = max(fold - extensionSpeed * h, 0)
            return
        }
        let t = Vector2D(n.y, -n.x)
        let u = body.velocity(atWorldPoint: p)
        var elastic = -normalStiffness * d
        if elastic > foldForce {
            // The slider gives way until the spring carries exactly the fold force.
            fold = min(fold + (elastic - foldForce) / normalStiffness, maxFold)
            elastic = foldForce
        } else {
            fold = max(fold - extensionSpeed * h, 0)
        }
        let normalForce = min(max(0, elastic - normalDamping * u.dot(n)), foldForce)
        var a = anchor ?? p
        var tangentForce = -tangentStiffness * (p - a).dot(t) - tangentDamping * u.dot(t)
        let limit = friction * normalForce
        if abs(tangentForce) > limit {
            tangentForce = tangentForce > 0 ? limit : -limit
            a = p + (tangentForce / tangentStiffness) * t
        }
        anchor = a
        body.applyForce(normalForce * n + tangentForce * t, at: p)
    }
}
