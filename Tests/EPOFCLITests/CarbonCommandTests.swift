import Foundation
import Testing

@Suite("epof carbon, end to end")
struct CarbonCommandTests {
    /// 40 days of an hourly CSV in the Electricity Maps export's shape (values made up: a daily
    /// wave on a slowly drifting level).
    static func csv() -> String {
        var out = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)\n"
        for h in 0..<(40 * 24) {
            let t = 1_672_531_200 + h * 3600
            let level = 300 + 50 * sin(Double(h) / 24 / 9)
            let v = level + 80 * sin(Double(h % 24) / 24 * 2 * Double.pi)
            out += "\(t),DE,\(String(format: "%.2f", v))\n"
        }
        return out
    }

    @Test func csvEvaluationPrintsSignalUnitAndEveryForecaster() throws {
        let path = EPOFProcess.temporaryPath("csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.csv().write(toFile: path, atomically: true, encoding: .utf8)
        let r = try EPOFProcess.run(["carbon", path, "--evaluate"])
        #expect(r.status == 0, "\(r.stderr)")
        for expected in ["average intensity", "gCO₂eq/kWh (column header) = gCO2/kWh", "960", "persistence", "day-ago", "seasonal-ridge",
                         "horizon 24 epochs of 3600 s"] {
            #expect(r.stdout.contains(expected), "\(expected) missing in\n\(r.stdout)")
        }
    }

    @Test func wattTimeFeedIsMarginalAndBadFieldsExit2() throws {
        let path = EPOFProcess.temporaryPath("json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        {"data": [{"point_time": "2023-07-15T00:00:00+00:00", "value": 1000}, {"point_time": "2023-07-15T00:05:00+00:00", "value": 900}],
         "meta": {"signal_type": "co2_moer", "units": "lbs_co2_per_mwh", "region": "CAISO_NORTH"}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let ok = try EPOFProcess.run(["carbon", path, "--format", "watttime"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("marginal intensity") && ok.stdout.contains("× 0.45359237 → gCO2/kWh") && ok.stdout.contains("CAISO_NORTH"),
                "\(ok.stdout)")
        #expect(ok.stdout.contains("min 408.23 mean 430.91 max 453.59"), "\(ok.stdout)")
        try "{\"data\": [{\"point_time\": \"2023-07-15T00:00:00Z\"}], \"meta\": {\"units\": \"lbs_co2_per_mwh\"}}"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try EPOFProcess.run(["carbon", path, "--format", "watttime"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\(path): $.data[0].value is missing"), "\(bad.stderr)")
        let noFormat = try EPOFProcess.run(["carbon", path])
        #expect(noFormat.status == 64, "\(noFormat.stderr)")
    }
}
