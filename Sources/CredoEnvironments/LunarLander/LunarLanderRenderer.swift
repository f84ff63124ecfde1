import Foundation

/// Draws LunarLander as Gymnasium's `render()` does: a 600 × 400 px window onto the 20 × 13.3
/// world (30 px per unit), black sky over a white surface, the pad's two flags (poles 50 px
/// high, yellow pennants), and the lander's hull and legs in Gymnasium's colours.
///
/// The lander part sits at the body origin (the point the observation reports) turned by the
/// body angle θ (counter-clockwise). Its children, in its frame: each leg box in its rest pose
/// (turned 0.4 rad outward) raised by its fold; a green dot at each foot while it touches the
/// ground; and a flame for each engine fired by the last step, scaled by its throttle (0 hides
/// it): the main flame under the hull, a side flame at 14 px above the origin on the side the
/// side engine's nozzle is (x = −σ · 15 px for direction σ; see `fireEngines`).
public struct LunarLanderRenderer: Sendable {
    /// Gymnasium's `metadata["render_fps"]` (one step of 1/50 s a frame, real time).
    public static let framesPerSecond = LunarLanderConstants.fps

    public static let viewport = Viewport(minX: 0, minY: 0, maxX: LunarLanderConstants.worldWidth,
                                          maxY: LunarLanderConstants.worldHeight, width: LunarLanderConstants.viewportWidth)

    public init() {}

    public func scene(_ lander: LunarLander) -> Scene {
        typealias C = LunarLanderConstants
        let px = 1 / C.scale
        let physics = lander.physics, terrain = physics.terrain
        // Terrain (white ground under the black sky) and the pad's flags.
        var ground = zip(terrain.xs, terrain.ys).map { Point($0, $1) }
        ground += [Point(C.worldWidth, 0), Point(0, 0)]
        var scenery: [Shape] = [.polygon(ground, .fill(.white))]
        for x in [terrain.padLeft, terrain.padRight] {
            let bottom = C.helipadY, top = bottom + 50 * px
            scenery.append(.line(Point(x, bottom), Point(x, top), .stroke(.white)))
            scenery.append(.polygon([Point(x, top), Point(x, top - 10 * px), Point(x + 25 * px, top - 5 * px)], .fill(Color(204, 204, 0))))
        }

        let bodyColor = Color(128, 102, 230), edgeColor = Color(77, 77, 128)
        let hull = Shape.polygon(C.landerPolygon.map { Point($0.0 * px, $0.1 * px) }, Style(fill: bodyColor, stroke: edgeColor))
        var children: [Part] = []
        let legs = [physics.legs.0, physics.legs.1], contacts = [physics.legContact.0, physics.legContact.1]
        for (index, i) in [-1.0, 1.0].enumerated() {
            // Gymnasium's leg i (index 0: i = −1, on the +x side), in the body-origin frame.
            let angle = -i * C.legRestAngle
            let (c, s) = (cos(angle), sin(angle))
            let anchor = Point(i * C.legAway * px, C.legDown * px)
            let center = Point(-(c * anchor.x - s * anchor.y), -(s * anchor.x + c * anchor.y))
            let hw = C.legHalfWidth * px, hh = C.legHalfHeight * px
            let corners = [Point(-hw, -hh), Point(hw, -hh), Point(hw, hh), Point(-hw, hh)].map {
                Point(center.x + c * $0.x - s * $0.y, center.y + s * $0.x + c * $0.y)
            }
            let foot = corners.min { $0.y < $1.y }!
            let fold = Point(0, legs[index].fold)
            children.append(Part("leg-\(index)", shapes: [.polygon(corners, Style(fill: bodyColor, stroke: edgeColor))],
                                 transform: Transform(translation: fold)))
            children.append(Part("contact-\(index)", shapes: [.circle(center: .zero, radius: 3 * px, .fill(Color(40, 220, 90)))],
                                 transform: Transform(translation: Point(foot.x, foot.y + fold.y), scale: contacts[index] ? 1 : 0)))
        }
        let engines = lander.lastEngines
        let flame = Style(fill: Color(255, 150, 40), stroke: Color(255, 230, 90), strokeWidth: 1.5)
        children.append(Part("main-flame", shapes: [.polygon([Point(-6 * px, 0), Point(6 * px, 0), Point(0, -26 * px)], flame)],
                             transform: Transform(translation: Point(0, -10 * px), scale: engines.main)))
        for (name, sigma) in [("side-flame-left", 1.0), ("side-flame-right", -1.0)] {
            let x = -sigma * 15 * px
            children.append(Part(name, shapes: [.polygon([Point(0, -3 * px), Point(0, 3 * px), Point(-sigma * 14 * px, 0)], flame)],
                                 transform: Transform(translation: Point(x, C.sideEngineHeight * px),
                                                      scale: engines.direction == sigma ? engines.side : 0)))
        }
        let body = Part("lander", shapes: [hull], transform: Transform(translation: Point(physics.origin.x, physics.origin.y),
                                                                       rotation: physics.body.angle), children: children)
        return Scene(viewport: Self.viewport, background: .black, scenery: scenery, parts: [body])
    }
}

extension LunarLander: Renderable {
    public var renderFPS: Double { LunarLanderRenderer.framesPerSecond }
    public func renderScene() -> Scene { LunarLanderRenderer().scene(self) }
}
