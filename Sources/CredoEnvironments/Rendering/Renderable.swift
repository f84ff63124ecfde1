/// An environment that draws itself: its current state as a `Scene`, and the speed at which an
/// episode plays back. `rl-eval --record` accepts exactly the environments that conform
/// (through `TimeLimit`, the normalising wrappers and `AnyEnvironment`).
///
/// Keep the drawing in a small renderer beside the environment, a function of the state:
///
///     struct Hallway: Environment { var position = 0; let length = 8; ... }
///
///     extension Hallway: Renderable {
///         var renderFPS: Double { 4 }
///         func renderScene() -> Scene {
///             let cells = (0..<length).map { i in
///                 Shape.rect(Point(Double(i) - 0.45, -0.45), Point(Double(i) + 0.45, 0.45), .stroke(.black))
///             }
///             let agent = Part("agent", shapes: [.circle(center: .zero, radius: 0.3, .fill(Color(200, 40, 40)))],
///                              transform: .translation(Double(position), 0))
///             return Scene(viewport: Viewport(minX: -0.5, minY: -0.5, maxX: Double(length) - 0.5, maxY: 0.5, width: 480),
///                          scenery: cells, parts: [agent])
///         }
///     }
///
/// (docs/recording.md; a test runs it.)
/// A renderer must not change the environment or draw from its random stream.
public protocol Renderable {
    /// Frames a second of real time at which a recorded episode plays (Gymnasium's
    /// `metadata["render_fps"]`: one environment step a frame).
    var renderFPS: Double { get }
    /// The current state as shapes.
    func renderScene() -> Scene
}

extension TimeLimit: Renderable where Inner: Renderable {
    public var renderFPS: Double { inner.renderFPS }
    public func renderScene() -> Scene { inner.renderScene() }
}

extension NormalizeObservation: Renderable where Inner: Renderable {
    public var renderFPS: Double { inner.renderFPS }
    public func renderScene() -> Scene { inner.renderScene() }
}

extension NormalizeReward: Renderable where Inner: Renderable {
    public var renderFPS: Double { inner.renderFPS }
    public func renderScene() -> Scene { inner.renderScene() }
}

/// `environment` as a `Renderable`, looking inside `AnyEnvironment`; nil when it does not draw
/// itself.
public func renderable(_ environment: any Environment) -> (any Renderable)? {
    if let erased = environment as? AnyEnvironment { return renderable(erased.base) }
    return environment as? any Renderable
}
