import Testing
@testable import CredoPlot

@Suite struct SVGPlotTests {
    @Test func rendersSeriesLegendAndTicks() {
        var plot = SVGPlot(title: "a < b & c", xLabel: "step", yLabel: "value")
        plot.add("first", points: [(0, 0), (1, 2), (2, 1)])
        plot.add("second", points: [(0, 1), (1, .nan), (2, 3), (3, 2)])
        let svg = plot.render()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("a &lt; b &amp; c"))
        #expect(svg.contains(">first<") && svg.contains(">second<"))
        // The NaN breaks the second series into two polylines: three in all.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func niceTicks() {
        #expect(SVGPlot.niceStep(0.23) == 0.5)
        #expect(SVGPlot.niceStep(1.7) == 2)
        #expect(SVGPlot.niceStep(30) == 50)
        let r = SVGPlot.niceRange([-14.2, -4.1])
        #expect(r.low == -15 && r.high == 0 && r.ticks == [-15, -10, -5, 0])
        let flat = SVGPlot.niceRange([3, 3])
        #expect(flat.low < 3 && flat.high > 3)
    }
}
