import Foundation

/// The lander's shape and mass in its own frame, derived from `LunarLanderConstants`.
///
/// The lander is one rigid body: the hull polygon (density 5) with its two legs as rigid
/// extensions (boxes of density 1). Gymnasium joins each leg to the hull with a motorised
/// revolute joint that, in flight, holds the leg at its joint limit, 0.4 rad outward; we freeze
/// the legs in that pose. Each leg touches the ground through one *foot point*, the leg box's
/// lowest corner in that pose, whose compliance is modelled by the contact spring
/// (see `LunarLanderPhysics`) in place of the folding leg.
///
/// All points here are relative to the combined centre of mass, which sits `originOffset`
/// away from Gymnasium's body origin (the observation reports the origin, not the centre).
public struct LunarLanderGeometry: Sendable {
    /// Mass, centre (relative to the body origin) and inertia of hull plus both legs.
    public let massProperties: MassProperties
    /// Hull vertices, counter-clockwise, relative to the centre of mass.
    public let hull: [Vector2D]
    /// The two foot points relative to the centre of mass: index 0 is Gymnasium's `legs[0]`
    /// (on the +x side), index 1 is `legs[1]` (on the −x side).
    public let feet: (Vector2D, Vector2D)
    /// The body origin relative to the centre of mass (`−massProperties.center`).
    public let originOffset: Vector2D

    /// The geometry of Gymnasium's lander.
    public static let standard = LunarLanderGeometry()

    private init() {
        typealias C = LunarLanderConstants
        let s = C.scale
        let hullAtOrigin = C.landerPolygon.map { Vector2D($0.0 / s, $0.1 / s) }
        let hullMass = MassProperties.polygon(hullAtOrigin, density: C.hullDensity)
        let hw = C.legHalfWidth / s, hh = C.legHalfHeight / s
        let legMass = C.legDensity * 4 * hw * hh
        let legInertia = legMass * (4 * hw * hw + 4 * hh * hh) / 12

        // Gymnasium's joint glues the leg point (i·legAway, legDown)/scale (leg frame) to the
        // body origin, with the leg turned by −i·legRestAngle for i = −1 (legs[0]), +1 (legs[1]).
        var legParts: [MassProperties] = []
        var footPoints: [Vector2D] = []
        for i in [-1.0, 1.0] {
            let a = -i * C.legRestAngle
            let (c, sn) = (cos(a), sin(a))
            let anchor = Vector2D(i * C.legAway / s, C.legDown / s)
            let center = -anchor.rotated(cos: c, sin: sn)
            legParts.append(MassProperties(mass: legMass, center: center, inertia: legInertia))
            // The lowest of the leg box's four corners in this pose.
            var lowest = Vector2D(0, .infinity)
            for corner in [Vector2D(hw, -hh), Vector2D(-hw, -hh), Vector2D(hw, hh), Vector2D(-hw, hh)] {
                let p = center + corner.rotated(cos: c, sin: sn)
                if p.y < lowest.y { lowest = p }
            }
            footPoints.append(lowest)
        }
        let total = MassProperties.combined([hullMass] + legParts)
        massProperties = total
        hull = hullAtOrigin.map { $0 - total.center }
        feet = (footPoints[0] - total.center, footPoints[1] - total.center)
        originOffset = -total.center
    }
}
