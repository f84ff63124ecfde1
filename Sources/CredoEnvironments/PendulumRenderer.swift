/// Draws Pendulum as Gymnasium's `render()` does: a 500 × 500 px window onto
/// [−2.2, 2.2]² (113.6 px per metre) centred on the pivot, a rod of length l = 1 and width 0.2
/// (red, `(204, 77, 77)`) with a round end of radius 0.1 at each end, and the black axle of
/// radius 0.05 on top.
///
/// With the state `(θ, θ̇)` the rod part is turned counter-clockwise by θ from upright, so θ = 0
/// points up and the rod's free end is at `l (−sin θ, cos θ)`, as Gymnasium's rod
/// (`rotate_rad(θ + π/2)` of the x axis). Gymnasium also draws an arrow sized by the last
/// torque; `Pendulum` keeps no last torque, so none is drawn here.
public struct PendulumRenderer: Sendable {
    /// Gymnasium's `metadata["render_fps"]`.
    public static let framesPerSecond = 30.0
    /// Half the window's side, in metres (Gymnasium's `bound`).
    public static let bound = 2.2

    public init() {}

    public static let viewport = Viewport(minX: -bound, minY: -bound, maxX: bound, maxY: bound, width: 500)

    /// The free end of the rod in world coordinates: `l (−sin θ, cos θ)`.
    public static func rodEnd(_ state: PendulumState) -> Point {
        Transform(rotation: state.theta).apply(Point(0, Pendulum.length))
    }

    public func scene(_ state: PendulumState) -> Scene {
        let red = Color(204, 77, 77), halfWidth = 0.1, length = Pendulum.length
        let rod = Part("rod", shapes: [.rect(Point(-halfWidth, 0), Point(halfWidth, length), .fill(red)),
                                       .circle(center: .zero, radius: halfWidth, .fill(red)),
                                       .circle(center: Point(0, length), radius: halfWidth, .fill(red))],
                       transform: Transform(rotation: state.theta))
        let axle = Part("axle", shapes: [.circle(center: .zero, radius: 0.05, .fill(.black))])
        return Scene(viewport: Self.viewport, parts: [rod, axle])
    }
}

extension Pendulum: Renderable {
    public var renderFPS: Double { PendulumRenderer.framesPerSecond }
    public func renderScene() -> Scene { PendulumRenderer().scene(state) }
}
