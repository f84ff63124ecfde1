/// The SVG text of shapes: world coordinates mapped by a `Viewport` and rounded to what a
/// screen shows (0.1 px; angles to 0.01°, scales to 0.01).
enum SVGMarkup {
    /// `value` rounded to `decimals` places, without trailing zeros or a negative zero:
    /// `number(12.34, 1) == "12.3"`, `number(-0.04, 1) == "0"`, `number(3, 1) == "3"`.
    static func number(_ value: Double, _ decimals: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        var power = 1.0
        for _ in 0..<decimals { power *= 10 }
        let scaled = (value * power).rounded()
        guard scaled != 0 else { return "0" }
        guard abs(scaled) < 1e15 else { return String(Int64(clamping: Int64(value.rounded()))) }
        let units = Int64(abs(scaled)), whole = units / Int64(power), fraction = units % Int64(power)
        var text = (scaled < 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: decimals - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// `text` with `&`, `<`, `>` and `"` escaped for an attribute or element content.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A point as `x,y` pixels.
    static func pair(_ p: Point) -> String { number(p.x) + "," + number(p.y) }

    static func style(_ style: Style) -> String {
        var text = " fill=\"" + (style.fill?.hex ?? "none") + "\""
        if let stroke = style.stroke {
            text += " stroke=\"" + stroke.hex + "\""
            if style.strokeWidth != 1 { text += " stroke-width=\"" + number(style.strokeWidth, 2) + "\"" }
        }
        return text
    }

    /// A transform as SVG's `translate(…) rotate(…) scale(…)`, leaving out what is the
    /// identity; `translation` already in pixels.
    static func transform(translation: Point, rotation: Double, scale: Double) -> String {
        var parts: [String] = []
        let t = translationValue(translation), r = rotationValue(rotation), s = scaleValue(scale)
        if t != "0 0" { parts.append("translate(" + t + ")") }
        if r != "0" { parts.append("rotate(" + r + ")") }
        if s != "1" { parts.append("scale(" + s + ")") }
        return parts.joined(separator: " ")
    }

    /// `x y` pixels, as `animateTransform type="translate"` takes it.
    static func translationValue(_ pixels: Point) -> String { number(pixels.x) + " " + number(pixels.y) }
    /// SVG degrees (clockwise on screen) of a counter-clockwise world angle in radians.
    static func rotationValue(_ radians: Double) -> String { number(-radians * 180 / Double.pi, 2) }
    static func scaleValue(_ scale: Double) -> String { number(scale, 2) }

    /// The markup of `shapes`. With `placed`, coordinates are world points mapped by
    /// `viewport.screen`; otherwise they are vectors in a part's frame (`viewport.screenVector`).
    static func shapes(_ shapes: [Shape], viewport: Viewport, placed: Bool) -> String {
        var text = ""
        for shape in shapes { text += markup(shape, viewport: viewport, placed: placed) }
        return text
    }

    static func markup(_ shape: Shape, viewport: Viewport, placed: Bool) -> String {
        let map = { (p: Point) in placed ? viewport.screen(p) : viewport.screenVector(p) }
        switch shape {
        case .line(let a, let b, let style):
            let p = map(a), q = map(b)
            return "<line x1=\"\(number(p.x))\" y1=\"\(number(p.y))\" x2=\"\(number(q.x))\" y2=\"\(number(q.y))\""
                + self.style(style) + "/>"
        case .rect(let a, let b, let style):
            let p = map(a), q = map(b)
            return "<rect x=\"\(number(min(p.x, q.x)))\" y=\"\(number(min(p.y, q.y)))\" width=\"\(number(abs(q.x - p.x)))\""
                + " height=\"\(number(abs(q.y - p.y)))\"" + self.style(style) + "/>"
        case .circle(let center, let radius, let style):
            let c = map(center)
            return "<circle cx=\"\(number(c.x))\" cy=\"\(number(c.y))\" r=\"\(number(radius * viewport.scale))\"" + self.style(style) + "/>"
        case .polygon(let points, let style):
            return "<polygon points=\"" + points.map { pair(map($0)) }.joined(separator: " ") + "\"" + self.style(style) + "/>"
        case .polyline(let points, var style):
            style.fill = nil
            return "<polyline points=\"" + points.map { pair(map($0)) }.joined(separator: " ") + "\"" + self.style(style) + "/>"
        case .text(let string, let at, let size, let anchor, let color):
            let p = map(at)
            return "<text x=\"\(number(p.x))\" y=\"\(number(p.y))\" font-size=\"\(number(size))\""
                + (anchor == .start ? "" : " text-anchor=\"\(anchor.rawValue)\"") + " fill=\"\(color.hex)\">" + escape(string) + "</text>"
        case .group(let shapes, let transform):
            let attribute = self.transform(translation: map(transform.translation), rotation: transform.rotation, scale: transform.scale)
            return (attribute.isEmpty ? "<g>" : "<g transform=\"\(attribute)\">")
                + self.shapes(shapes, viewport: viewport, placed: false) + "</g>"
        }
    }
}
