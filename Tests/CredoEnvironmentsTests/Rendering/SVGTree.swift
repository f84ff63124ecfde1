import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element parsed with Foundation's `XMLParser` (FoundationXML on Linux): what the
/// rendering tests read an SVG through, instead of matching strings.
final class SVGElement {
    let name: String
    let attributes: [String: String]
    var children: [SVGElement] = []
    var text = ""
    weak var parent: SVGElement?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This element and all below it, depth first.
    var descendants: [SVGElement] { [self] + children.flatMap(\.descendants) }

    /// The first element below (or this one) with `attribute == value`.
    func first(_ attribute: String, _ value: String) -> SVGElement? {
        descendants.first { $0.attributes[attribute] == value }
    }

    /// The `animateTransform` of `type` directly inside this part's nested groups (not inside
    /// a child part), or nil when that component is fixed.
    func animation(_ type: String) -> SVGElement? {
        var element: SVGElement? = self
        while let current = element {
            if let animation = current.children.first(where: { $0.name == "animateTransform" && $0.attributes["type"] == type }) {
                return animation
            }
            element = current.children.first { $0.name == "g" && $0.attributes["data-part"] == nil }
        }
        return nil
    }

    /// The values of this part's `type` component, one per frame: the animation's values, or a
    /// fixed transform's value repeated `frames` times.
    func values(_ type: String, frames: Int) -> [[Double]] {
        if let animation = animation(type) {
            return animation.attributes["values", default: ""].split(separator: ";").map(SVGElement.numbers)
        }
        var element: SVGElement? = self
        while let current = element {
            if let transform = current.attributes["transform"], transform.hasPrefix(type + "(") {
                return Array(repeating: SVGElement.numbers(transform.dropFirst(type.count + 1).dropLast()), count: frames)
            }
            element = current.children.first { $0.name == "g" && $0.attributes["data-part"] == nil }
        }
        return Array(repeating: type == "translate" ? [0, 0] : type == "rotate" ? [0] : [1], count: frames)
    }

    static func numbers<S: StringProtocol>(_ text: S) -> [Double] {
        text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
    }
}

/// Parses `text`; throws when it is not well-formed XML.
func parseSVG(_ text: String) throws -> SVGElement {
    final class Builder: NSObject, XMLParserDelegate {
        var root: SVGElement?
        var current: SVGElement?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = SVGElement(name: name, attributes: attributes)
            element.parent = current
            current?.children.append(element)
            if root == nil { root = element }
            current = element
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            current = current?.parent
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current?.text += string }
    }
    struct NotWellFormed: Error { var reason: String }
    let parser = XMLParser(data: Data(text.utf8))
    let builder = Builder()
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
        throw NotWellFormed(reason: parser.parserError.map { "\($0)" } ?? "no root element")
    }
    return root
}

/// The SMIL subset `AnimatedSVG` writes, evaluated at frame `frame` of `frames`: whether a
/// run group (`visibility` animated with discrete `keyTimes`) is visible then.
func isVisible(_ element: SVGElement, frame: Int, frames: Int) -> Bool {
    guard let animate = element.children.first(where: { $0.name == "animate" && $0.attributes["attributeName"] == "visibility" }) else {
        return element.attributes["visibility"] != "hidden"
    }
    let values = animate.attributes["values", default: ""].split(separator: ";").map(String.init)
    let keyTimes = animate.attributes["keyTimes", default: ""].split(separator: ";").compactMap { Double($0) }
    // The middle of the frame, as a fraction of the duration.
    let t = (Double(frame) + 0.5) / Double(frames)
    let index = keyTimes.lastIndex { $0 <= t } ?? 0
    return values[index] == "visible"
}
