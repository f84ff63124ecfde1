import Foundation

/// A point or a vector of a drawing, in world units (y up) unless a doc comment says pixels.
public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public static let zero = Point(0, 0)
}

/// An sRGB colour, written as `#rrggbb`.
public struct Color: Equatable, Sendable {
    public var red: UInt8, green: UInt8, blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let black = Color(0, 0, 0)
    public static let white = Color(255, 255, 255)

    /// `#rrggbb`.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + String([red, green, blue].flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

/// How a shape is painted: its fill, its outline and the outline's width in pixels.
public struct Style: Equatable, Sendable {
    public var fill: Color?
    public var stroke: Color?
    /// The outline's width in pixels (not scaled with the world).
    public var strokeWidth: Double

    public init(fill: Color? = nil, stroke: Color? = nil, strokeWidth: Double = 1) {
        self.fill = fill
        self.stroke = stroke
        self.strokeWidth = strokeWidth
    }

    /// Filled, without an outline.
    public static func fill(_ color: Color) -> Style { Style(fill: color) }
    /// An outline only, `width` pixels wide.
    public static func stroke(_ color: Color, width: Double = 1) -> Style { Style(stroke: color, strokeWidth: width) }
}

/// Where a text sits relative to its anchor point.
public enum TextAnchor: String, Sendable {
    case start, middle, end
}

/// What a renderer draws: a few primitives and groups, in world coordinates (y up), which the
/// `Viewport` maps to pixels (y down) when the SVG is written.
///
/// Lengths are world units except the stroke width and the font size (pixels).
public indirect enum Shape: Equatable, Sendable {
    /// A straight segment.
    case line(Point, Point, Style)
    /// The axis-aligned rectangle with opposite corners `a` and `b`.
    case rect(Point, Point, Style)
    case circle(center: Point, radius: Double, Style)
    /// A closed polygon.
    case polygon([Point], Style)
    /// An open path through the points (never filled).
    case polyline([Point], Style)
    /// A text of `size` pixels, upright, anchored at `at` (the baseline).
    case text(String, at: Point, size: Double, anchor: TextAnchor, color: Color)
    /// Shapes drawn in their own frame, placed by `transform`.
    case group([Shape], Transform)
}

/// Where a part (or a group) sits: `p ↦ translation + R(rotation) · (scale · p)`, with the
/// rotation counter-clockwise in radians (the world's y is up), so a part's own frame is
/// first scaled about its origin, then turned, then moved.
public struct Transform: Equatable, Sendable {
    public var translation: Point
    /// Counter-clockwise, radians.
    public var rotation: Double
    /// Uniform; 0 hides the part.
    public var scale: Double

    public init(translation: Point = .zero, rotation: Double = 0, scale: Double = 1) {
        self.translation = translation
        self.rotation = rotation
        self.scale = scale
    }

    public static let identity = Transform()

    /// Moved by `(x, y)`.
    public static func translation(_ x: Double, _ y: Double) -> Transform { Transform(translation: Point(x, y)) }

    /// The world point of `p`, given in the transformed frame.
    public func apply(_ p: Point) -> Point {
        let c = cos(rotation), s = sin(rotation)
        let x = scale * p.x, y = scale * p.y
        return Point(translation.x + c * x - s * y, translation.y + s * x + c * y)
    }
}
