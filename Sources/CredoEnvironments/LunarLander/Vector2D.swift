/// A vector in the plane, in Double: the small value type the 2D rigid-body code computes with.
///
/// A plain struct rather than `SIMD2<Double>`, so that unoptimised (debug) builds stay fast
/// enough for the physics tests.
public struct Vector2D: Equatable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }

    public static let zero = Vector2D(0, 0)

    @inlinable public static func + (a: Vector2D, b: Vector2D) -> Vector2D { Vector2D(a.x + b.x, a.y + b.y) }
    @inlinable public static func - (a: Vector2D, b: Vector2D) -> Vector2D { Vector2D(a.x - b.x, a.y - b.y) }
    @inlinable public static prefix func - (a: Vector2D) -> Vector2D { Vector2D(-a.x, -a.y) }
    @inlinable public static func * (s: Double, a: Vector2D) -> Vector2D { Vector2D(s * a.x, s * a.y) }
    @inlinable public static func += (a: inout Vector2D, b: Vector2D) { a.x += b.x; a.y += b.y }

    /// The dot product `a·b = aₓbₓ + a_yb_y`.
    @inlinable public func dot(_ b: Vector2D) -> Double { x * b.x + y * b.y }
    /// The scalar cross product `a×b = aₓb_y − a_ybₓ` (the z component of the 3D cross product).
    @inlinable public func cross(_ b: Vector2D) -> Double { x * b.y - y * b.x }
    /// `ω × r` for a scalar angular velocity ω: the vector `(−ω r_y, ω rₓ)`.
    @inlinable public static func cross(_ w: Double, _ r: Vector2D) -> Vector2D { Vector2D(-w * r.y, w * r.x) }
    /// The Euclidean length.
    @inlinable public var length: Double { (x * x + y * y).squareRoot() }
    /// This vector rotated counter-clockwise by the angle whose cosine and sine are given.
    @inlinable public func rotated(cos c: Double, sin s: Double) -> Vector2D {
        Vector2D(c * x - s * y, s * x + c * y)
    }

    public var description: String { "(\(x), \(y))" }
}
