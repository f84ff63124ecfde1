/// One moving `Part` through an animation: its shapes' markup once, and the SVG value of its
/// translation, rotation and scale at every frame (its children likewise, in its frame).
struct PartTrack {
    let name: String
    /// The shapes and children (names and shapes, recursively) a frame's part must have to
    /// be drawn by this track.
    let signature: String
    let shapes: String
    /// Whether the translation is a world point (a top-level part) or a vector in the parent's
    /// frame.
    let placed: Bool
    var children: [PartTrack]
    var translations: [String] = [], rotations: [String] = [], scales: [String] = []

    init(_ part: Part, viewport: Viewport, placed: Bool) {
        name = part.name
        signature = Self.signature(part, viewport: viewport)
        shapes = SVGMarkup.shapes(part.shapes, viewport: viewport, placed: false)
        self.placed = placed
        children = part.children.map { PartTrack($0, viewport: viewport, placed: false) }
    }

    static func signature(_ part: Part, viewport: Viewport) -> String {
        SVGMarkup.escape(part.name) + "{" + SVGMarkup.shapes(part.shapes, viewport: viewport, placed: false)
            + part.children.map { signature($0, viewport: viewport) }.joined() + "}"
    }

    /// Records the frame's transforms of `part` (which has this track's signature).
    mutating func record(_ part: Part, viewport: Viewport) {
        let t = part.transform
        translations.append(SVGMarkup.translationValue(placed ? viewport.screen(t.translation) : viewport.screenVector(t.translation)))
        rotations.append(SVGMarkup.rotationValue(t.rotation))
        scales.append(SVGMarkup.scaleValue(t.scale))
        for index in children.indices { children[index].record(part.children[index], viewport: viewport) }
    }

    /// Repeats the previous frame's values (for a frame without this part); `hidden` shrinks
    /// the part to nothing.
    mutating func hold(hidden: Bool) {
        translations.append(translations.last ?? "0 0")
        rotations.append(rotations.last ?? "0")
        scales.append(hidden ? "0" : scales.last ?? "1")
        for index in children.indices { children[index].hold(hidden: false) }
    }

    /// `<g data-part="name">` with one nested group for each of translate, rotate and scale that
    /// is not the identity throughout: a fixed `transform`, or an `animateTransform` of one
    /// value a frame.
    func svg(dur: String) -> String {
        var text = "<g data-part=\"\(SVGMarkup.escape(name))\">", closing = "</g>"
        for (type, values, identity) in [("translate", translations, "0 0"), ("rotate", rotations, "0"), ("scale", scales, "1")] {
            guard let first = values.first else { continue }
            if values.allSatisfy({ $0 == first }) {
                if first != identity { text += "<g transform=\"\(type)(\(first))\">"; closing += "</g>" }
            } else {
                text += "<g><animateTransform attributeName=\"transform\" type=\"\(type)\" calcMode=\"discrete\" values=\""
                    + values.joined(separator: ";") + "\" dur=\"\(dur)\" repeatCount=\"indefinite\"/>"
                closing += "</g>"
            }
        }
        text += shapes
        for child in children { text += child.svg(dur: dur) }
        return text + closing
    }

    /// A part drawn as it is in one frame (no animation).
    static func staticMarkup(_ part: Part, viewport: Viewport, placed: Bool) -> String {
        let t = part.transform
        let attribute = SVGMarkup.transform(translation: placed ? viewport.screen(t.translation) : viewport.screenVector(t.translation),
                                            rotation: t.rotation, scale: t.scale)
        return "<g data-part=\"\(SVGMarkup.escape(part.name))\"" + (attribute.isEmpty ? "" : " transform=\"\(attribute)\"") + ">"
            + SVGMarkup.shapes(part.shapes, viewport: viewport, placed: false)
            + part.children.map { staticMarkup($0, viewport: viewport, placed: false) }.joined() + "</g>"
    }
}
