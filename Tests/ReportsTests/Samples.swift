import Foundation
@testable import Reports

/// Representative inputs for each chart type, shared by the tests and the sample writer.
enum Samples {
    static func timeline() -> TimelineChart {
        let hours = (0..<97).map { Double($0) * 0.25 }
        let intensity = hours.map { 420 + 180 * sin($0 / 24 * 2 * .pi) }
        let power = (0..<2).map { card in
            ChartSeries(name: "card \(card)", x: hours, y: hours.map { 220 + 60 * cos($0 / 6 + Double(card)) }, style: .line)
        }
        let throughput = hours.map { 1.8e5 + 6e4 * sin($0 / 5) }
        let temperature = (0..<2).map { card in
            ChartSeries(name: "card \(card) max", x: hours, y: hours.map { 62 + 9 * sin($0 / 7 + Double(card)) }, style: .line)
        }
        let profiles = ["fp16", "fp8", "int8", "fp8", "fp16", "int4"].enumerated().map { i, p in
            CategorySegment(start: Double(i) * 4, end: Double(i + 1) * 4, category: p)
        }
        let dvfs = (0..<12).map { i in
            CategorySegment(start: Double(i) * 2, end: Double(i + 1) * 2, category: "\([1200, 1500, 1800][i % 3]) MHz")
        }
        return TimelineChart(title: "Node over 24 h", time: AxisLabel("Time", unit: "h"), rows: [
            .values(TimelinePanel(title: "Carbon intensity", unit: "gCO₂/kWh",
                                  series: [ChartSeries(name: "grid", x: hours, y: intensity, style: .line)])),
            .values(TimelinePanel(title: "Power", unit: "W", series: power)),
            .values(TimelinePanel(title: "Throughput", unit: "tokens/s",
                                  series: [ChartSeries(name: "node", x: hours, y: throughput, style: .line)])),
            .values(TimelinePanel(title: "Temperature", unit: "°C", series: temperature)),
            .categories(CategoricalTrack(title: "Precision profile", segments: profiles)),
            .categories(CategoricalTrack(title: "DVFS level", segments: dvfs)),
        ])
    }

    static func heatMap(cellLabels: Bool = true) throws -> HeatMapChart {
        var grids: [HeatMapGrid] = []
        for card in 0..<2 {
            for die in 0..<2 {
                let values = (0..<(4 * 6)).map { i -> Double in
                    let r = Double(i / 6), c = Double(i % 6)
                    return 55 + 20 * exp(-((r - 1.5) * (r - 1.5) + (c - 2.5) * (c - 2.5)) / 6) + Double(card * 3 + die)
                }
                grids.append(try HeatMapGrid(title: "Card \(card) · die \(die)", rows: 4, columns: 6, values: values))
            }
        }
        return HeatMapChart(title: "Core temperatures at 14:00", value: AxisLabel("Temperature", unit: "°C"), grids: grids,
                            cellLabels: cellLabels)
    }

    /// Writes every sample to `$REPORTS_SAMPLE_DIR` (for looking at them in a browser), if set.
    static func writeIfRequested(_ name: String, _ svg: String) {
        guard let dir = ProcessInfo.processInfo.environment["REPORTS_SAMPLE_DIR"] else { return }
        try? svg.write(toFile: dir + "/" + name + ".svg", atomically: true, encoding: .utf8)
    }
}

extension Samples {
    /// A small heat map's SVG (falls back to an empty chart if the sample grid were malformed).
    static func heatMapSVG() -> String {
        (try? heatMap(cellLabels: false).svg()) ?? HeatMapChart(title: "", value: AxisLabel("T"), grids: []).svg()
    }
}
