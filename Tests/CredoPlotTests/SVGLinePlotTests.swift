import Testing
@testable import CredoPlot

@Suite struct SVGLinePlotTests {
    @Test func rendersPanelsSeriesLegendAndTicks() {
        var top = SVGLinePlot.Panel(title: "a < b & c", xLabel: "step", yLabel: "value")
        top.add("first", points: [(0, 0), (1, 2), (2, 1)])
        top.add("second", points: [(0, 1), (1, .nan), (2, 3), (3, 2)])
        let bottom = SVGLinePlot.Panel(title: "empty", xLabel: "step", yLabel: "log variance")
        let svg = SVGLinePlot(panels: [top, bottom]).render()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("a &lt; b &amp; c"))
        #expect(svg.contains(">first<") && svg.contains(">second<"))
        // The NaN breaks the second series into two polylines: three in all.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(svg.contains("no data yet"))
        #expect(svg.contains(SVGLinePlot.palette[0]) && svg.contains(SVGLinePlot.palette[1]))
    }

    @Test func roundTicks() {
        // range 10.1 → raw step 2.02 → the next of 1, 2, 5 × 10ⁿ is 5
        #expect(SVGLinePlot.ticks(-14.2, -4.1) == [-15, -10, -5, 0])
        #expect(SVGLinePlot.ticks(0, 1) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        let flat = SVGLinePlot.ticks(3, 3)
        #expect(flat.first! < 3 && flat.last! > 3)
        #expect(SVGLinePlot.label(12_000) == "12k" && SVGLinePlot.label(1_500_000) == "1.5M" && SVGLinePlot.label(7) == "7")
    }
}
