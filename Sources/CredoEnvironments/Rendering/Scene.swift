/// One moving piece of a scene: shapes in the part's own frame, placed by `transform`, with
/// the parts that ride on it (a lander's legs and flames) in `children`, placed in this part's
/// frame.
///
/// Across the frames of an animation a part keeps its name, shapes and children; only the
/// transforms change, and the SVG stores just those, one value a frame. (A part whose shapes do
/// change is still drawn right, as a fresh drawing for the frames where it differs.)
public struct Part: Equatable, Sendable {
    /// Names the part in the SVG (`data-part`); unique among its siblings.
    public var name: String
    public var shapes: [Shape]
    public var transform: Transform
    public var children: [Part]

    public init(_ name: String, shapes: [Shape], transform: Transform = .identity, children: [Part] = []) {
        self.name = name
        self.shapes = shapes
        self.transform = transform
        self.children = children
    }
}

/// What a `Renderable` environment looks like in its current state.
///
/// - `scenery`: what stays put for an episode (a track, the terrain, flags): written once for
///   as long as it stays the same.
/// - `parts`: what moves (a cart, a pole, a lander): written once, with one transform a frame.
/// - `overlay`: anything else that changes (numbers, bars): written for each run of frames in
///   which it stays the same.
///
/// Everything is in world coordinates; `viewport` maps them to pixels.
public struct Scene: Equatable, Sendable {
    public var viewport: Viewport
    public var background: Color
    public var scenery: [Shape]
    public var parts: [Part]
    public var overlay: [Shape]

    public init(viewport: Viewport, background: Color = .white, scenery: [Shape] = [], parts: [Part] = [],
                overlay: [Shape] = []) {
        self.viewport = viewport
        self.background = background
        self.scenery = scenery
        self.parts = parts
        self.overlay = overlay
    }

    /// The part called `name` at the top level or below (depth first), for tests and tools.
    public func part(named name: String) -> Part? {
        func search(_ parts: [Part]) -> Part? {
            for part in parts {
                if part.name == name { return part }
                if let found = search(part.children) { return found }
            }
            return nil
        }
        return search(parts)
    }
}
