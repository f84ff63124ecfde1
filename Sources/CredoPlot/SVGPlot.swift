import Foundation

/// A dependency-free line plot written as SVG: several named series on shared axes, with "nice"
/// ticks (1, 2 or 5 × 10ⁿ), a title, axis labels and a legend. Non-finite points are skipped
/// (they break a line).
///
///     var plot = SVGPlot(title: "p(b = 1)", xLabel: "step", yLabel: "probability")
///     plot.add("RELAX", points: zip(steps, p).map { ($0, $1) })
///     try plot.write(to: "relax-toy.svg")
public struct SVGPlot: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String?
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var width: Double
    public var height: Double
    public private(set) var series: [Series] = []

    /// Colours for series without one (the Tableau 10 palette).
    public static let palette = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1",
                                 "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"]

    public init(title: String, xLabel: String, yLabel: String, width: Double = 640, height: Double = 400) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    public mutating func add(_ name: String, points: [(x: Double, y: Double)], color: String? = nil) {
        series.append(Series(name: name, points: points, color: color))
    }

    /// Margins: left (tick labels), right (legend), top (title), bottom (x label).
    let margin = (left: 70.0, right: 150.0, top: 36.0, bottom: 50.0)

    /// The SVG document.
    public func render() -> String {
        let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let xs = Self.niceRange(finite.map(\.x)), ys = Self.niceRange(finite.map(\.y))
        let plotW = width - margin.left - margin.right, plotH = height - margin.top - margin.bottom
        func px(_ x: Double) -> Double { margin.left + (x - xs.low) / (xs.high - xs.low) * plotW }
        func py(_ y: Double) -> Double { margin.top + (1 - (y - ys.low) / (ys.high - ys.low)) * plotH }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" \
        viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(margin.left + plotW / 2))" y="22" text-anchor="middle" font-size="15">\(Self.escape(title))</text>

        """
        for t in xs.ticks {
            svg += "<line x1=\"\(f(px(t)))\" y1=\"\(f(margin.top))\" x2=\"\(f(px(t)))\" y2=\"\(f(margin.top + plotH))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(margin.top + plotH + 16))\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        for t in ys.ticks {
            svg += "<line x1=\"\(f(margin.left))\" y1=\"\(f(py(t)))\" x2=\"\(f(margin.left + plotW))\" y2=\"\(f(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(f(margin.left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
        }
        svg += "<rect x=\"\(f(margin.left))\" y=\"\(f(margin.top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(f(margin.left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        let cy = margin.top + plotH / 2
        svg += "<text x=\"16\" y=\"\(f(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(cy)))\">\(Self.escape(yLabel))</text>\n"
        for (i, s) in series.enumerated() {
            let color = s.color ?? Self.palette[i % Self.palette.count]
            var segments: [[String]] = [[]]
            for p in s.points {
                if p.x.isFinite && p.y.isFinite { segments[segments.count - 1].append("\(f(px(p.x))),\(f(py(p.y)))") }
                else if !segments[segments.count - 1].isEmpty { segments.append([]) }
            }
            for seg in segments where !seg.isEmpty {
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(seg.joined(separator: " "))\"/>\n"
            }
            let ly = margin.top + 14 + Double(i) * 18, lx = margin.left + plotW + 12
            svg += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 20))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(f(lx + 26))\" y=\"\(f(ly))\">\(Self.escape(s.name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Writes the SVG document to `path`.
    public func write(to path: String) throws {
        try render().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// An axis range widened to tick multiples, and its ticks (about 5 of them).
    static func niceRange(_ values: [Double]) -> (low: Double, high: Double, ticks: [Double]) {
        var low = values.min() ?? 0, high = values.max() ?? 1
        if low == high { low -= 0.5 * max(abs(low), 1); high += 0.5 * max(abs(high), 1) }
        let step = niceStep((high - low) / 5)
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        let n = Int(((high - low) / step).rounded())
        return (low, high, (0...n).map { low + Double($0) * step })
    }

    /// The smallest 1, 2 or 5 × 10ⁿ at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * (1 - 1e-9) { return m * magnitude }
        return 10 * magnitude
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        if abs(v) >= 1e5 || abs(v) < 1e-3 { return String(format: "%.1e", v) }
        return String(format: "%g", (v * 1e6).rounded() / 1e6)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
