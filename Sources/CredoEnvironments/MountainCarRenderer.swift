import Foundation

/// Draws both mountain cars as Gymnasium's `render()` does: a 600 × 400 px window onto
/// x ∈ [−1.2, 0.6] (333.3 px per unit) and heights [0, 1.2], the track
///
///     h(x) = 0.45 sin(3x) + 0.55
///
/// as a polyline through 100 evenly spaced points, a flag 50 px high at the goal (0.5 for
/// MountainCar, 0.45 for MountainCarContinuous), and a 40 × 20 px black car with two grey
/// wheels of radius 8 px.
///
/// With the state `(p, v)` the car part sits 10 px (Gymnasium's clearance) above `(p, h(p))`
/// and is turned counter-clockwise by `cos(3p)` radians, the angle Gymnasium uses for the track's
/// slope there (h′(p) = 1.35 cos(3p)).
public struct MountainCarRenderer: Sendable {
    /// Gymnasium's `metadata["render_fps"]` of both mountain cars.
    public static let framesPerSecond = 30.0
    /// Where the flag stands.
    public var goalPosition: Double

    public init(goalPosition: Double) {
        self.goalPosition = goalPosition
    }

    public static let viewport = Viewport(minX: MountainCar.minPosition, minY: 0, maxX: MountainCar.maxPosition, maxY: 1.2,
                                          width: 600)

    /// The track's height at x: 0.45 sin(3x) + 0.55.
    public static func height(_ x: Double) -> Double { sin(3 * x) * 0.45 + 0.55 }

    /// Where the car part is placed and how it is turned for a car at position p.
    public static func carTransform(position p: Double) -> Transform {
        Transform(translation: Point(p, height(p) + 10 / viewport.scale), rotation: cos(3 * p))
    }

    public func scene(_ state: MountainCarState) -> Scene {
        let px = 1 / Self.viewport.scale
        let low = MountainCar.minPosition, high = MountainCar.maxPosition
        let track = (0..<100).map { i -> Point in
            let x = low + (high - low) * Double(i) / 99
            return Point(x, Self.height(x))
        }
        let flagBottom = Self.height(goalPosition), flagTop = flagBottom + 50 * px
        let yellow = Color(204, 204, 0), grey = Color(128, 128, 128)
        let scenery: [Shape] = [
            .polyline(track, .stroke(.black)),
            .line(Point(goalPosition, flagBottom), Point(goalPosition, flagTop), .stroke(.black)),
            .polygon([Point(goalPosition, flagTop), Point(goalPosition, flagTop - 10 * px), Point(goalPosition + 25 * px, flagTop - 5 * px)],
                     .fill(yellow)),
        ]
        let car = Part("car", shapes: [.rect(Point(-20 * px, 0), Point(20 * px, 20 * px), .fill(.black)),
                                       .circle(center: Point(10 * px, 0), radius: 8 * px, .fill(grey)),
                                       .circle(center: Point(-10 * px, 0), radius: 8 * px, .fill(grey))],
                       transform: Self.carTransform(position: state.position))
        return Scene(viewport: Self.viewport, scenery: scenery, parts: [car])
    }
}

extension MountainCar: Renderable {
    public var renderFPS: Double { MountainCarRenderer.framesPerSecond }
    public func renderScene() -> Scene { MountainCarRenderer(goalPosition: Self.goalPosition).scene(state) }
}

extension MountainCarContinuous: Renderable {
    public var renderFPS: Double { MountainCarRenderer.framesPerSecond }
    public func renderScene() -> Scene { MountainCarRenderer(goalPosition: Self.goalPosition).scene(state) }
}
