import Carbon
import Foundation
import Scenario
import Testing

@Suite("Generated German-grid-like carbon trace")
struct GeneratedTraceTests {
    static let path = TestPaths.problems.appendingPathComponent("data/DE_2023_hourly-GENERATED.csv").path

    @Test func generatorIsDeterministicAndLabelled() {
        let a = GeneratedCarbonTrace.germanyLikeCSV(days: 7), b = GeneratedCarbonTrace.germanyLikeCSV(days: 7)
        #expect(a == b)
        #expect(a.hasPrefix("# GENERATED DATA — NOT MEASURED"))
    }

    /// The committed file is exactly what the generator writes (set EPOF_REGENERATE_TRACE=1 to rewrite it).
    @Test func committedFileMatchesTheGenerator() throws {
        let text = GeneratedCarbonTrace.germanyLikeCSV()
        if ProcessInfo.processInfo.environment["EPOF_REGENERATE_TRACE"] == "1" {
            try text.write(toFile: Self.path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(committed == text)
    }

    @Test func shapeIsGermanGridLike() throws {
        let series = try CarbonCSV.read(contentsOf: Self.path,
                                        options: .init(timestampColumn: "Datetime (UTC)", intensityColumn: "Carbon Intensity gCO₂eq/kWh (direct)"))
        #expect(series.intensities.count == 8760)
        let mean = series.intensities.reduce(0, +) / 8760
        #expect(mean > 330 && mean < 430, "mean \(mean)")
        #expect(series.intensities.min()! >= 100 && series.intensities.max()! <= 750)
        // Summer midday below summer evening on average (solar dip), and winter above summer.
        func average(_ days: ClosedRange<Int>, _ hours: ClosedRange<Int>) -> Double {
            var s = 0.0, n = 0.0
            for d in days { for h in hours { s += series.intensities[d * 24 + h]; n += 1 } }
            return s / n
        }
        #expect(average(160...220, 10...13) + 60 < average(160...220, 18...20))
        #expect(average(0...40, 0...23) > average(160...220, 0...23) + 60)
        // Sundays lower than Wednesdays (2023-01-01 was a Sunday).
        let sundays = (0..<52).map { average(($0 * 7)...($0 * 7), 0...23) }.reduce(0, +) / 52
        let wednesdays = (0..<52).map { average(($0 * 7 + 3)...($0 * 7 + 3), 0...23) }.reduce(0, +) / 52
        #expect(sundays + 25 < wednesdays, "sundays \(sundays) wednesdays \(wednesdays)")
    }
}
