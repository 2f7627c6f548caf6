import Foundation
import Testing
@testable import Reports
import ChartTesting

@Suite struct LineChartTests {
    /// A Pareto frontier (throughput vs carbon) with presets marked and the chosen point highlighted.
    func pareto() -> LineChart {
        let frontier = (0..<9).map { i -> ChartPoint in
            let c = 1200.0 + 450 * Double(i)
            return ChartPoint(x: c, y: 2.1e6 * (1 - exp(-Double(i + 1) / 3)))
        }
        let presets = ChartSeries(name: "Presets", points: [
            ChartPoint(x: 1650, y: 5.9e5, label: "research"),
            ChartPoint(x: 4350, y: 1.9e6, label: "e-commerce"),
        ], style: .scatter)
        return LineChart(title: "Throughput–carbon frontier <exact> & presets",
                         xAxis: AxisLabel("Carbon", unit: "gCO₂"), yAxis: AxisLabel("Throughput", unit: "requests"),
                         series: [ChartSeries(name: "Frontier", points: frontier), presets],
                         highlights: [ChartHighlight(x: frontier[5].x, y: frontier[5].y, label: "chosen (α = 0.7)")])
    }

    @Test func paretoStructure() throws {
        let svg = pareto().svg()
        Samples.writeIfRequested("pareto", svg)
        let doc = try ChartChecks.check(svg, texts: ["Carbon (gCO₂)", "Throughput (requests)", "research", "e-commerce",
                                                     "chosen (α = 0.7)", "Throughput–carbon frontier <exact> & presets"],
                                        series: ["Frontier", "Presets"])
        #expect(svg.contains("&lt;exact&gt; &amp; presets"))
        #expect(doc.withClass("marker").count == 11)
        #expect(doc.withClass("highlight").count == 1)
        let overlaps = ChartChecks.overlappingTexts(doc)
        #expect(overlaps.isEmpty, "\(overlaps)")
        // SI formatting: millions on the y axis.
        let yTicks = doc.texts.filter { $0.classes.contains("tick-label-y") }.map(\.text)
        #expect(yTicks.contains { $0.hasSuffix("M") }, "\(yTicks)")
        let xTicks = doc.texts.filter { $0.classes.contains("tick-label-x") }.map(\.text)
        #expect(xTicks.count >= 3)
        #expect(xTicks.contains { $0.contains(",") }, "thousands separators: \(xTicks)")
    }

    @Test func deterministic() {
        #expect(pareto().svg() == pareto().svg())
        #expect(Data(pareto().svg().utf8) == Data(pareto().svg().utf8))
    }

    @Test func degenerateInputs() throws {
        let cases: [[ChartSeries]] = [
            [],
            [ChartSeries(name: "empty", points: [])],
            [ChartSeries(name: "one", points: [ChartPoint(x: 3, y: 7)])],
            [ChartSeries(name: "flat", x: [0, 1, 2, 3], y: [5, 5, 5, 5])],
            [ChartSeries(name: "zeros", x: [0, 0, 0], y: [0, 0, 0])],
            [ChartSeries(name: "bad", x: [0, 1, .nan, 3, .infinity, 5, 1e300], y: [1, .nan, 2, -.infinity, 4, 5, 1])],
            [ChartSeries(name: "all bad", x: [.nan, .infinity], y: [1, 2])],
            [ChartSeries(name: "tiny", x: [0, 1e-9, 2e-9], y: [1e-7, 3e-7, 2e-7])],
            [ChartSeries(name: "huge", x: [1e15, 1e15 + 1], y: [-1e12, 4e12])],
        ]
        for series in cases {
            let chart = LineChart(title: "Edge", xAxis: AxisLabel("x", unit: "s"), yAxis: AxisLabel("y", unit: "W"), series: series)
            let svg = chart.svg()
            let doc = try ChartChecks.check(svg, texts: ["x (s)", "y (W)"], series: series.map(\.name))
            let plottable = series.flatMap(\.points).filter(\.isPlottable).count
            #expect(doc.withClass("marker").count == plottable, "\(series.map(\.name))")
            #expect(!svg.contains("NaN") && !svg.contains("inf"), "\(series.map(\.name))")
        }
    }

    @Test func unusableStyleIsClamped() throws {
        let style = ChartStyle(width: .nan, height: -5, fontSize: .infinity, titleSize: 0)
        #expect(style.width == 800 && style.height == 150 && style.fontSize == 12 && style.titleSize == 8)
        let svg = LineChart(title: "t", xAxis: AxisLabel("x"), yAxis: AxisLabel("y"),
                            series: [ChartSeries(name: "s", x: [1, 2], y: [3, 4])], style: style).svg()
        try ChartChecks.check(svg, series: ["s"])
        #expect(!svg.contains("NaN"))
    }

    @Test func brokenLineAtNaN() throws {
        let s = ChartSeries(name: "gappy", x: [0, 1, 2, 3, 4], y: [1, 2, .nan, 3, 4], style: .line)
        let svg = LineChart(title: "Gap", xAxis: AxisLabel("t"), yAxis: AxisLabel("v"), series: [s]).svg()
        let doc = try ChartChecks.check(svg, series: ["gappy"])
        let d = doc.withClass("series-line").first?.attributes["d"] ?? ""
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(SVGDocument.vertices(d).count == 4)
    }

    @Test func narrowCanvasLargeNumbersAndManySeries() throws {
        let series = (0..<25).map { k in
            ChartSeries(name: "card \(k) with a rather long descriptive name", x: (0..<50).map { Double($0) * 1234.5 + 98_765 },
                        y: (0..<50).map { Double($0 * k) * 10_001.3 })
        }
        let chart = LineChart(title: "Many", xAxis: AxisLabel("Work", unit: "tokens"), yAxis: AxisLabel("Energy", unit: "J"),
                              series: series, style: ChartStyle(width: 400, height: 300))
        try ChartChecks.check(chart.svg(), texts: ["Work (tokens)", "Energy (J)"], series: series.map(\.name))
    }

    @Test func crowdedPointLabelsDoNotOverlap() throws {
        let pts = [ChartPoint(x: 1, y: 1, label: "alpha"), ChartPoint(x: 1.02, y: 1.01, label: "beta"),
                   ChartPoint(x: 1.04, y: 1.0, label: "gamma"), ChartPoint(x: 5, y: 5, label: "right edge label")]
        let svg = LineChart(title: "Crowded", xAxis: AxisLabel("x"), yAxis: AxisLabel("y"),
                            series: [ChartSeries(name: "s", points: pts, style: .scatter)]).svg()
        let doc = try ChartChecks.check(svg, texts: ["alpha", "beta", "gamma", "right edge label"], series: ["s"])
        let overlaps = ChartChecks.overlappingTexts(doc)
        #expect(overlaps.isEmpty, "\(overlaps)")
        // Labels stay inside the plot area.
        let area = try #require(doc.plotAreas["0"])
        for t in doc.texts where t.classes.contains("point-label") {
            #expect(t.x0 >= area.x0 - 0.01 && t.x1 <= area.x1 + 0.01 && t.y0 >= area.y0 - 0.01 && t.y1 <= area.y1 + 0.01, "\(t)")
        }
    }

    @Test func sweepChart() throws {
        let caps = [150.0, 200, 250, 300, 350]
        let chart = SweepChart(title: "Throughput vs power cap", parameter: AxisLabel("Power cap", unit: "W"),
                               metric: AxisLabel("Throughput", unit: "tokens/s"),
                               series: [ChartSeries(name: "fp16", x: caps, y: [800, 1400, 1800, 1950, 2000], style: .line),
                                        ChartSeries(name: "int8", x: caps, y: [1200, 2100, 2600, 2800, 2850], style: .line)],
                               current: 300)
        Samples.writeIfRequested("sweep", chart.svg())
        let doc = try ChartChecks.check(chart.svg(), texts: ["Power cap (W)", "Throughput (tokens/s)", "current"],
                                        series: ["fp16", "int8"])
        #expect(doc.withClass("marker").count == 10)
        #expect(doc.withClass("reference-line").count == 1)
        let overlaps = ChartChecks.overlappingTexts(doc)
        #expect(overlaps.isEmpty, "\(overlaps)")
    }
}
