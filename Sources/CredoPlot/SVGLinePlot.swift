import Foundation

/// A dependency-free SVG writer for line plots: panels stacked vertically, each with its own
/// y axis, ticks at round numbers, a title and a legend. Enough for learning curves; nothing more.
///
///     let panel = SVGLinePlot.Panel(title: "Return", xLabel: "steps", yLabel: "return",
///                                   series: [.init(name: "episode", points: points, color: "#1f77b4")])
///     let svg = SVGLinePlot(panels: [panel]).render()
///
/// Non-finite points break a line rather than bend it to infinity.
public struct SVGLinePlot: Sendable {
    /// One line; without a colour it takes the next one of `palette`.
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String?
        public var width: Double
        public var opacity: Double

        public init(name: String, points: [(x: Double, y: Double)], color: String? = nil, width: Double = 1.5,
                    opacity: Double = 1) {
            self.name = name
            self.points = points
            self.color = color
            self.width = width
            self.opacity = opacity
        }
    }

    /// One plot area with its axes.
    public struct Panel: Sendable {
        public var title: String
        public var xLabel: String
        public var yLabel: String
        public var series: [Series]

        public init(title: String, xLabel: String, yLabel: String, series: [Series] = []) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.series = series
        }

        /// Adds a line.
        public mutating func add(_ name: String, points: [(x: Double, y: Double)], color: String? = nil) {
            series.append(Series(name: name, points: points, color: color))
        }
    }

    /// Colours for series that name none (Tableau 10).
    public static let palette = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1",
                                 "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"]

    public var panels: [Panel]
    public var width: Double
    public var panelHeight: Double
    private let margin = (left: 70.0, right: 20.0, top: 34.0, bottom: 46.0)

    public init(panels: [Panel], width: Double = 760, panelHeight: Double = 280) {
        self.panels = panels
        self.width = width
        self.panelHeight = panelHeight
    }

    /// Writes the SVG document to `path`.
    public func write(to path: String) throws {
        try render().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The whole SVG document.
    public func render() -> String {
        let height = panelHeight * Double(max(panels.count, 1))
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>

        """
        for (index, panel) in panels.enumerated() {
            svg += render(panel, top: Double(index) * panelHeight)
        }
        return svg + "</svg>\n"
    }

    private func render(_ panel: Panel, top: Double) -> String {
        let left = margin.left, right = width - margin.right
        let plotTop = top + margin.top, plotBottom = top + panelHeight - margin.bottom
        let all = panel.series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        // The x axis spans the data exactly (ticks inside it); the y axis rounds out to ticks.
        let xLow = all.map(\.x).min() ?? 0, xHigh = max(all.map(\.x).max() ?? 1, xLow + 1e-9)
        let xs = Self.ticks(xLow, xHigh).filter { $0 >= xLow - 1e-9 && $0 <= xHigh + 1e-9 }
        let ys = Self.ticks(all.map(\.y).min() ?? 0, all.map(\.y).max() ?? 1)
        let sx = { (x: Double) in left + (x - xLow) / (xHigh - xLow) * (right - left) }
        let sy = { (y: Double) in plotBottom - (y - ys.first!) / (ys.last! - ys.first!) * (plotBottom - plotTop) }
        var out = "<g>\n<text x=\"\(f(left))\" y=\"\(f(top + 20))\" font-size=\"14\" font-weight=\"bold\">\(Self.escape(panel.title))</text>\n"
        for y in ys {
            out += "<line x1=\"\(f(left))\" x2=\"\(f(right))\" y1=\"\(f(sy(y)))\" y2=\"\(f(sy(y)))\" stroke=\"#e0e0e0\"/>"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(sy(y) + 4))\" text-anchor=\"end\">\(Self.label(y))</text>\n"
        }
        for x in xs {
            out += "<line x1=\"\(f(sx(x)))\" x2=\"\(f(sx(x)))\" y1=\"\(f(plotBottom))\" y2=\"\(f(plotBottom + 4))\" stroke=\"black\"/>"
            out += "<text x=\"\(f(sx(x)))\" y=\"\(f(plotBottom + 16))\" text-anchor=\"middle\">\(Self.label(x))</text>\n"
        }
        out += "<rect x=\"\(f(left))\" y=\"\(f(plotTop))\" width=\"\(f(right - left))\" height=\"\(f(plotBottom - plotTop))\" fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(plotBottom + 34))\" text-anchor=\"middle\">\(Self.escape(panel.xLabel))</text>\n"
        out += "<text transform=\"translate(\(f(left - 52)),\(f((plotTop + plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(panel.yLabel))</text>\n"
        for (index, series) in panel.series.enumerated() {
            let color = series.color ?? Self.palette[index % Self.palette.count]
            for run in Self.finiteRuns(series.points) {
                let path = run.map { "\(f(sx($0.x))),\(f(sy($0.y)))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(series.width))\" stroke-opacity=\"\(f(series.opacity))\" points=\"\(path)\"/>\n"
            }
            // The legend sits in the top right corner, wide enough for the longest name
            // (about 6.2 px a character at font size 11); a series without a name (a band's
            // edge) has no entry.
            guard !series.name.isEmpty else { continue }
            let entry = panel.series[..<index].count { !$0.name.isEmpty }
            let legendY = plotTop + 14 + Double(entry) * 14
            let legendX = right - 36 - 6.2 * Double(panel.series.map(\.name.count).max() ?? 0)
            out += "<line x1=\"\(f(legendX))\" x2=\"\(f(legendX + 20))\" y1=\"\(f(legendY - 4))\" y2=\"\(f(legendY - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            out += "<text x=\"\(f(legendX + 25))\" y=\"\(f(legendY))\">\(Self.escape(series.name))</text>\n"
        }
        if all.isEmpty {
            out += "<text x=\"\(f((left + right) / 2))\" y=\"\(f((plotTop + plotBottom) / 2))\" text-anchor=\"middle\" fill=\"#888\">no data yet</text>\n"
        }
        return out + "</g>\n"
    }

    /// The maximal runs of finite points, each drawn as its own line.
    static func finiteRuns(_ points: [(x: Double, y: Double)]) -> [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for p in points {
            if p.x.isFinite && p.y.isFinite { runs[runs.count - 1].append(p) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten, about
    /// five of them; the first and last bound the axis.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        var low = low, high = high
        if !(high > low) { low -= 1; high += 1 }
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(low / step) * step, last = ceil(high / step) * step
        return stride(from: first, through: last + step / 2, by: step).map { $0 }
    }

    /// A tick label: integers plainly, large values as 12k or 1.5M, small ones with 3 digits.
    static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return trim(value / 1_000_000) + "M" }
        if magnitude >= 10_000 { return trim(value / 1_000) + "k" }
        if value == value.rounded() { return String(Int(value)) }
        return String(format: "%.3g", value)
    }

    private static func trim(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Coordinates with two decimals, enough for a screen and short files.
    private func f(_ value: Double) -> String { String(format: "%.2f", value) }
}
