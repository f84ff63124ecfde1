import CredoTensor

/// The moon's surface: a piecewise-linear height field over the viewport, drawn as Gymnasium
/// draws it.
///
/// With `n = chunks` (11) and viewport `W × H` (world units), vertex `i` sits at
/// `xᵢ = i W / (n − 1)`. Raw heights `hᵢ ~ U(0, H/2)` for `i = 0…n` are drawn from the
/// environment's generator; the five around the centre are set to the pad height `H/4`; each
/// vertex height is the smoothed `yᵢ = 0.33 (h_{i−1} + hᵢ + h_{i+1})` (with `h_{−1} = h_n`, as
/// Python's negative index gives). So the pad between the flags at `x₄ = 8` and `x₆ = 12` is
/// flat at `0.99 · H/4`.
public struct LunarLanderTerrain: Equatable, Sendable {
    /// Vertex x coordinates (fixed).
    public private(set) var xs: [Double]
    /// Vertex heights.
    public private(set) var ys: [Double]
    /// Unit upward normal of each edge i (from vertex i to i + 1), as (nₓ, n_y) pairs.
    private var normals: [Vector2D]
    /// x of the left and right flag (the landing pad's ends).
    public let padLeft: Double, padRight: Double

    /// A flat terrain at the pad height; `generate(using:)` makes a random one.
    public init() {
        typealias C = LunarLanderConstants
        let n = C.chunks
        xs = (0..<n).map { C.worldWidth / Double(n - 1) * Double($0) }
        ys = Array(repeating: 0.99 * C.helipadY, count: n)
        normals = Array(repeating: Vector2D(0, 1), count: n - 1)
        padLeft = xs[n / 2 - 1]
        padRight = xs[n / 2 + 1]
    }

    /// Redraws the heights from `rng` in place (no allocation): 12 uniform draws.
    public mutating func generate(using rng: inout RandomGenerator) {
        typealias C = LunarLanderConstants
        let n = C.chunks
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n + 1) { h in
            for i in 0...n { h[i] = rng.uniformDouble() * C.worldHeight / 2 }
            for i in (n / 2 - 2)...(n / 2 + 2) { h[i] = C.helipadY }
            for i in 0..<n {
                let previous = i == 0 ? h[n] : h[i - 1]
                ys[i] = 0.33 * (previous + h[i] + h[i + 1])
            }
        }
        updateNormals()
    }

    /// Sets the vertex heights directly (for tests and custom maps).
    public mutating func setHeights(_ heights: [Double]) {
        precondition(heights.count == xs.count, "need \(xs.count) heights, got \(heights.count)")
        ys = heights
        updateNormals()
    }

    private mutating func updateNormals() {
        for i in 0..<(xs.count - 1) {
            let dx = xs[i + 1] - xs[i], dy = ys[i + 1] - ys[i]
            let inv = 1 / (dx * dx + dy * dy).squareRoot()
            normals[i] = Vector2D(-dy * inv, dx * inv)
        }
    }

    /// The edge under x (end edges extend beyond the viewport).
    func edgeIndex(_ x: Double) -> Int {
        let i = Int((x / xs[1]).rounded(.down))
        return min(max(i, 0), xs.count - 2)
    }

    /// The terrain height at x, by linear interpolation on the edge under x.
    public func height(at x: Double) -> Double {
        let i = edgeIndex(x)
        let t = (x - xs[i]) / (xs[i + 1] - xs[i])
        return ys[i] + t * (ys[i + 1] - ys[i])
    }

    /// Signed distance of p above the line of the edge under it, `d = (p − vᵢ)·nᵢ`, and that
    /// edge's unit normal nᵢ: d < 0 means p is below the surface by `−d`.
    public func separation(of p: Vector2D) -> (distance: Double, normal: Vector2D) {
        let i = edgeIndex(p.x)
        let n = normals[i]
        return ((p.x - xs[i]) * n.x + (p.y - ys[i]) * n.y, n)
    }

    /// Whether a convex polygon (world vertices, counter-clockwise) comes within `margin` of
    /// the surface: one of its vertices lies within `margin` above the surface (or below it),
    /// or a terrain vertex lies inside the polygon.
    public func touches(polygon: UnsafeBufferPointer<Vector2D>, margin: Double) -> Bool {
        var minX = Double.infinity, maxX = -Double.infinity
        for v in polygon {
            if separation(of: v).distance < margin { return true }
            minX = min(minX, v.x); maxX = max(maxX, v.x)
        }
        for k in xs.indices where xs[k] >= minX && xs[k] <= maxX {
            let q = Vector2D(xs[k], ys[k])
            var inside = true
            for i in 0..<polygon.count {
                let a = polygon[i], b = polygon[(i + 1) % polygon.count]
                if (b - a).cross(q - a) < 0 { inside = false; break }
            }
            if inside { return true }
        }
        return false
    }
}
