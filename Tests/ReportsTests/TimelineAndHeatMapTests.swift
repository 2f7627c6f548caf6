import Foundation
import Testing
@testable import Reports
import ChartTesting

@Suite struct TimelineTests {
    @Test func structure() throws {
        let chart = Samples.timeline()
        let svg = chart.svg()
        Samples.writeIfRequested("timeline", svg)
        let doc = try ChartChecks.check(svg, texts: ["Time (h)", "Carbon intensity (gCO₂/kWh)", "Power (W)",
                                                     "Throughput (tokens/s)", "Temperature (°C)", "Precision profile",
                                                     "DVFS level"],
                                        series: ["grid", "card 0", "card 1", "node", "card 0 max", "card 1 max"])
        #expect(doc.plotAreas.count == 6)
        let overlaps = ChartChecks.overlappingTexts(doc)
        #expect(overlaps.isEmpty, "\(overlaps)")
        // Every category has a legend entry in its track, every segment a band.
        for (panel, cats) in [("4", ["fp16", "fp8", "int8", "int4"]), ("5", ["1200 MHz", "1500 MHz", "1800 MHz"])] {
            let entries = doc.withClass("legend-entry").filter { $0.panel == panel }.compactMap { $0.attributes["data-category"] }
            #expect(entries == cats)
        }
        #expect(doc.withClass("band").count == 6 + 12)
        // Time labels only once (under the bottom row).
        #expect(doc.texts.filter { $0.classes.contains("axis-title-x") }.count == 1)
        #expect(chart.svg() == svg)
    }

    @Test func categoryOrderFixesColoursAndLegendOrder() throws {
        let order = ["ULTRA_HIGH", "BALANCED", "ECO"]
        let segments = [CategorySegment(start: 0, end: 1, category: "ECO"), CategorySegment(start: 1, end: 2, category: "other"),
                        CategorySegment(start: 2, end: 3, category: "ULTRA_HIGH")]
        let chart = TimelineChart(title: "Order", time: AxisLabel("Time", unit: "h"),
                                  rows: [.categories(CategoricalTrack(title: "Precision", segments: segments, categoryOrder: order))])
        let doc = try ChartChecks.check(chart.svg(), texts: ["Precision", "Time (h)"])
        // Listed categories first, in the given order, then the others; absent ones (BALANCED) skipped.
        #expect(doc.withClass("legend-entry").compactMap { $0.attributes["data-category"] } == ["ULTRA_HIGH", "ECO", "other"])
        // Colours by position in the order, whether or not the others appear.
        let fills = Dictionary(doc.withClass("band").map { ($0.attributes["data-category"] ?? "", $0.attributes["fill"] ?? "") },
                               uniquingKeysWith: { a, _ in a })
        #expect(fills == ["ULTRA_HIGH": Palette.categoryColor(0), "ECO": Palette.categoryColor(2), "other": Palette.categoryColor(3)])
    }

    @Test func degenerate() throws {
        let cases: [[TimelineRow]] = [
            [],
            [.values(TimelinePanel(title: "Empty", unit: "W", series: []))],
            [.categories(CategoricalTrack(title: "None", segments: []))],
            [.values(TimelinePanel(title: "One", unit: "W", series: [ChartSeries(name: "p", x: [1], y: [.nan])]))],
            [.categories(CategoricalTrack(title: "Bad", segments: [CategorySegment(start: 3, end: 1, category: "x"),
                                                                   CategorySegment(start: .nan, end: 1, category: "y"),
                                                                   CategorySegment(start: 1, end: 1, category: "z")]))],
        ]
        for rows in cases {
            let svg = TimelineChart(title: "Edge", time: AxisLabel("Time", unit: "h"), rows: rows).svg()
            try ChartChecks.check(svg)
        }
    }
}

@Suite struct HeatMapTests {
    @Test func structure() throws {
        let chart = try Samples.heatMap()
        let svg = chart.svg()
        Samples.writeIfRequested("heatmap", svg)
        let doc = try ChartChecks.check(svg, texts: ["Temperature (°C)", "Card 0 · die 0", "Card 1 · die 1"])
        #expect(doc.withClass("cell").count == 4 * 24)
        let overlaps = ChartChecks.overlappingTexts(doc)
        #expect(overlaps.isEmpty, "\(overlaps)")
        #expect(doc.withClass("cell-label").count == 4 * 24)
        let ticks = doc.texts.filter { $0.classes.contains("tick-label-y") }.map(\.text)
        #expect(ticks.count >= 3 && ticks.allSatisfy { $0.hasSuffix(" °C") }, "\(ticks)")
        // Cells inside the canvas and inside their panel's frame.
        let areas = doc.plotAreas
        for c in doc.withClass("cell") {
            let a = try #require(areas[c.panel ?? ""])
            let x = c.number("x")!, y = c.number("y")!, w = c.number("width")!, h = c.number("height")!
            #expect(x >= a.x0 - 0.01 && x + w <= a.x1 + 0.01 && y >= a.y0 - 0.01 && y + h <= a.y1 + 0.01)
            #expect(x + w <= doc.width && y + h <= doc.height)
        }
        #expect(try Samples.heatMap().svg() == svg)
    }

    @Test func shapeErrorIsAValue() {
        #expect(throws: ReportError.gridShape(title: "d", rows: 2, columns: 3, values: 5)) {
            try HeatMapGrid(title: "d", rows: 2, columns: 3, values: [1, 2, 3, 4, 5])
        }
        #expect(throws: ReportError.self) { try HeatMapGrid(title: "d", rows: -1, columns: -1, values: [1]) }
    }

    @Test func degenerate() throws {
        let grids = [
            try HeatMapGrid(title: "flat", rows: 2, columns: 2, values: [70, 70, 70, 70]),
            try HeatMapGrid(title: "holes", rows: 1, columns: 3, values: [.nan, 60, .infinity]),
            try HeatMapGrid(title: "empty", rows: 0, columns: 0, values: []),
            try HeatMapGrid(title: "wide", rows: 1, columns: 400, values: (0..<400).map(Double.init)),
        ]
        for g in [[], [grids[0]], [grids[1]], [grids[2]], grids] {
            let svg = HeatMapChart(title: "Edge", value: AxisLabel("Temperature", unit: "°C"), grids: g, cellLabels: true).svg()
            let doc = try ChartChecks.check(svg)
            for c in doc.withClass("cell") { #expect(c.number("x")! + c.number("width")! <= doc.width) }
        }
    }
}
