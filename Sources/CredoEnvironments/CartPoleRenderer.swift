/// Draws CartPole as Gymnasium's `render()` does: a 600 × 400 px window onto
/// x ∈ [−2.4, 2.4] m (125 px/m), the track through the cart's centre 100 px above the bottom,
/// a 50 × 30 px cart, and a 10 px wide pole of length 2l = 1 m on an axle 7.5 px above the
/// cart's centre.
///
/// With the state `(x, ẋ, θ, θ̇)` the cart part sits at `(x, 0)` and the pole part (a child of
/// the cart) is turned by −θ (θ > 0 leans the pole towards +x, i.e. clockwise).
public struct CartPoleRenderer: Sendable {
    /// Gymnasium's `metadata["render_fps"]`: one step of τ = 0.02 s a frame, real time.
    public static let framesPerSecond = 50.0
    /// Pixels per metre.
    public static let pixelsPerMetre = 125.0

    public init() {}

    public static let viewport = Viewport(minX: -2.4, minY: -0.8, maxX: 2.4, maxY: 2.4, width: 600)

    public func scene(_ state: CartPoleState) -> Scene {
        let px = 1 / Self.pixelsPerMetre
        let cartHalfWidth = 25 * px, cartHalfHeight = 15 * px, axle = 7.5 * px
        let poleHalfWidth = 5 * px, poleLength = 2 * CartPoleDynamics.length
        let pole = Part("pole", shapes: [.rect(Point(-poleHalfWidth, 0), Point(poleHalfWidth, poleLength), .fill(Color(202, 152, 101)))],
                        transform: Transform(translation: Point(0, axle), rotation: -state.theta))
        let hub = Part("axle", shapes: [.circle(center: .zero, radius: poleHalfWidth, .fill(Color(129, 132, 203)))],
                       transform: .translation(0, axle))
        let cart = Part("cart", shapes: [.rect(Point(-cartHalfWidth, -cartHalfHeight), Point(cartHalfWidth, cartHalfHeight), .fill(.black))],
                        transform: .translation(state.x, 0), children: [pole, hub])
        return Scene(viewport: Self.viewport, scenery: [.line(Point(-2.4, 0), Point(2.4, 0), .stroke(.black))], parts: [cart])
    }
}

extension CartPole: Renderable {
    public var renderFPS: Double { CartPoleRenderer.framesPerSecond }
    public func renderScene() -> Scene { CartPoleRenderer().scene(state) }
}

extension ContinuousCartPole: Renderable {
    public var renderFPS: Double { CartPoleRenderer.framesPerSecond }
    public func renderScene() -> Scene { CartPoleRenderer().scene(state) }
}
