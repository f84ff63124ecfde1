/// Mass, centre of mass and rotational inertia of a planar shape of uniform density.
public struct MassProperties: Equatable, Sendable {
    public var mass: Double
    /// Centre of mass in the shape's own frame.
    public var center: Vector2D
    /// Moment of inertia about `center`.
    public var inertia: Double

    public init(mass: Double, center: Vector2D, inertia: Double) {
        self.mass = mass
        self.center = center
        self.inertia = inertia
    }

    /// A simple polygon (vertices in counter-clockwise order) of density ρ, by the triangle fan
    /// from the origin: for each edge (a, b) with `c = a × b`, area `c/2`, first moment
    /// `c (a + b) / 6`, second moment about the origin `c (a·a + a·b + b·b) / 12`; the inertia
    /// about the centroid follows from the parallel-axis theorem `I = I₀ − m |center|²`.
    public static func polygon(_ vertices: [Vector2D], density: Double) -> MassProperties {
        var area = 0.0, first = Vector2D.zero, second = 0.0
        for i in vertices.indices {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            let c = a.cross(b)
            area += c / 2
            first += (c / 6) * (a + b)
            second += c * (a.dot(a) + a.dot(b) + b.dot(b)) / 12
        }
        precondition(area > 0, "polygon vertices must be counter-clockwise with positive area")
        let center = (1 / area) * first
        let mass = density * area
        return MassProperties(mass: mass, center: center,
                              inertia: density * second - mass * center.dot(center))
    }

    /// The union of rigidly joined parts: masses add, the centre is the mass-weighted mean and
    /// each part's inertia moves to the common centre by the parallel-axis theorem `I + m d²`.
    public static func combined(_ parts: [MassProperties]) -> MassProperties {
        let mass = parts.reduce(0) { $0 + $1.mass }
        var center = Vector2D.zero
        for p in parts { center += (p.mass / mass) * p.center }
        var inertia = 0.0
        for p in parts {
            let d = p.center - center
            inertia += p.inertia + p.mass * d.dot(d)
        }
        return MassProperties(mass: mass, center: center, inertia: inertia)
    }
}
