import Foundation

/// Draws Acrobot as Gymnasium's `render()` does: a 500 × 500 px window onto [−2.2, 2.2]²
/// (bound = l₁ + l₂ + 0.2, 113.6 px per metre) centred on the pivot, the goal line at height 1
/// (the tip must rise above it), two links 0.2 wide (cyan, `(0, 204, 204)`) and a yellow joint
/// of radius 0.1 at the start of each.
///
/// With θ₁ measured from hanging straight down and θ₂ relative to the first link, Gymnasium puts
/// the elbow at `p₁ = l₁ (sin θ₁, −cos θ₁)` and the tip at
/// `p₂ = p₁ + l₂ (sin(θ₁ + θ₂), −cos(θ₁ + θ₂))`: link 1 is the x axis turned by θ₁ − π/2, link 2
/// (a child part, at `(l₁, 0)` in link 1's frame) turned by a further θ₂.
public struct AcrobotRenderer: Sendable {
    /// Gymnasium's `metadata["render_fps"]`.
    public static let framesPerSecond = 15.0
    /// Gymnasium's `LINK_LENGTH_1`, `LINK_LENGTH_2` (m).
    public static let link1Length = AcrobotDynamics.linkLength1
    public static let link2Length = 1.0
    /// Half the window's side: l₁ + l₂ + 0.2.
    public static let bound = link1Length + link2Length + 0.2

    public init() {}

    public static let viewport = Viewport(minX: -bound, minY: -bound, maxX: bound, maxY: bound, width: 500)

    /// The elbow p₁ and the tip p₂ in world coordinates, as Gymnasium computes them.
    public static func joints(_ state: AcrobotState) -> (elbow: Point, tip: Point) {
        let elbow = Point(link1Length * sin(state.theta1), -link1Length * cos(state.theta1))
        let angle = state.theta1 + state.theta2
        return (elbow, Point(elbow.x + link2Length * sin(angle), elbow.y - link2Length * cos(angle)))
    }

    public func scene(_ state: AcrobotState) -> Scene {
        let cyan = Color(0, 204, 204), yellow = Color(204, 204, 0), halfWidth = 0.1
        func shapes(_ length: Double) -> [Shape] {
            [.rect(Point(0, -halfWidth), Point(length, halfWidth), .fill(cyan)),
             .circle(center: .zero, radius: halfWidth, .fill(yellow))]
        }
        let link2 = Part("link2", shapes: shapes(Self.link2Length),
                         transform: Transform(translation: Point(Self.link1Length, 0), rotation: state.theta2))
        let link1 = Part("link1", shapes: shapes(Self.link1Length),
                         transform: Transform(rotation: state.theta1 - Double.pi / 2), children: [link2])
        let goal = Shape.line(Point(-Self.bound, 1), Point(Self.bound, 1), .stroke(.black))
        return Scene(viewport: Self.viewport, scenery: [goal], parts: [link1])
    }
}

extension Acrobot: Renderable {
    public var renderFPS: Double { AcrobotRenderer.framesPerSecond }
    public func renderScene() -> Scene { AcrobotRenderer().scene(state) }
}
