/// The window of the world a scene shows and its size on screen: the world rectangle
/// `[minX, maxX] × [minY, maxY]` (y up) becomes `width × height` pixels (y down) at one
/// uniform scale `s = width / (maxX − minX)` pixels per world unit:
///
///     screen(x, y) = (s (x − minX), s (maxY − y)),   height = s (maxY − minY).
///
/// A vector (a part's shape in its own frame) maps without the offset: `(s x, −s y)`. The
/// y flip turns a counter-clockwise world rotation θ into SVG's `rotate(−θ°)`.
public struct Viewport: Equatable, Sendable {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double
    /// Width in pixels.
    public var width: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double, width: Double) {
        precondition(maxX > minX && maxY > minY && width > 0, "a viewport needs a non-empty world window and a positive width")
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
        self.width = width
    }

    /// Pixels per world unit.
    public var scale: Double { width / (maxX - minX) }
    /// Height in pixels.
    public var height: Double { (maxY - minY) * scale }

    /// The pixel position of a world point.
    public func screen(_ p: Point) -> Point { Point(scale * (p.x - minX), scale * (maxY - p.y)) }

    /// The pixel vector of a world vector (no offset).
    public func screenVector(_ v: Point) -> Point { Point(scale * v.x, -scale * v.y) }

    /// The world point at a pixel position (the inverse of `screen`).
    public func world(_ pixel: Point) -> Point { Point(minX + pixel.x / scale, maxY - pixel.y / scale) }
}
