import Carbon
import Foundation
import Scenario
import Testing

/// Scenario files naming a JSON carbon feed and the seasonal-ridge forecaster.
@Suite struct CarbonFeedScenarioTests {
    static func scenario(carbon: String, forecaster: String = "oracle", start: String = "2023-07-15T06:00:00Z") -> String {
        """
        node: {device: nvidia-h100-sxm, cards: 1}
        workload: {model: sdxl, steps: 4, width: 512, height: 512, guidance: false}
        arrivals:
          interactive: {rate: 1}
        carbon:
        \(carbon)
        forecaster: \(forecaster)
        preset: ecommerce
        epoch: 1h
        horizon: 4
        start: \(start)
        """
    }

    /// A WattTime v3 /historical response, hourly, `days` days from 2023-07-01 (values made up).
    static func wattTime(days: Int) -> String {
        var points: [String] = []
        for h in 0..<(days * 24) {
            let t = 1_688_169_600 + h * 3600
            let value = 900 + 200 * sin(Double(h % 24) / 24 * 2 * Double.pi)
            points.append("{\"point_time\": \"\(Timestamps.iso(Double(t)))\", \"value\": \(value)}")
        }
        return "{\"data\": [\(points.joined(separator: ","))], \"meta\": {\"signal_type\": \"co2_moer\", \"units\": \"lbs_co2_per_mwh\", \"region\": \"CAISO_NORTH\"}}"
    }

    @Test func wattTimeFeedIsMarginalInGramsPerKWh() throws {
        let dir = try TestPaths.temporaryFolder()
        _ = try TestPaths.write(Self.wattTime(days: 20), "moer.json", in: dir)
        let path = try TestPaths.write(Self.scenario(carbon: "  json: moer.json\n  format: watttime"), "s.yaml", in: dir)
        let s = try Scenario.load(contentsOf: path)
        guard case .csv(let c) = s.carbon else { Issue.record("expected a file source"); return }
        #expect(c.format == .wattTime && c.signal == .marginal)
        #expect(s.carbon.summary.contains("marginal intensity") && s.carbon.summary.contains("0.45359237"))
        let input = try s.planningRequest()
        // 06:00 UTC: 900 + 200·sin(π/2) = 1100 lbs/MWh.
        #expect(abs(input.request.carbonForecast[0] - 1100 * 0.453_592_37) < 1e-6)
    }

    @Test func seasonalRidgeIsSelectableAndNeedsFiveWeeks() throws {
        let dir = try TestPaths.temporaryFolder()
        _ = try TestPaths.write(Self.wattTime(days: 40), "moer.json", in: dir)
        let carbon = "  json: moer.json\n  format: watttime"
        let ok = try TestPaths.write(Self.scenario(carbon: carbon, forecaster: "seasonal-ridge", start: "2023-08-08T06:00:00Z"), "ok.yaml", in: dir)
        let s = try Scenario.load(contentsOf: ok)
        #expect(s.forecaster == .seasonalRidge)
        let input = try s.planningRequest()
        // A periodic feed: the fitted forecast is within a fraction of a gram of the actual.
        for (f, a) in zip(input.request.carbonForecast, input.actualCarbon) { #expect(abs(f - a) < 1) }
        // Two weeks into the feed there are not the 35 days of history the forecaster is given.
        let early = try TestPaths.write(Self.scenario(carbon: carbon, forecaster: "seasonal-ridge", start: "2023-07-14T06:00:00Z"), "early.yaml", in: dir)
        #expect(throws: ScenarioError.self) { try Scenario.load(contentsOf: early).planningRequest() }
        let failure = Result(catching: { () throws(ScenarioError) in try Scenario.load(contentsOf: early).planningRequest() })
        if case .failure(let e) = failure {
            #expect(e.field == "carbon.json" && e.rule.contains("covers"), "\(e)")
        }
    }

    @Test func badFeedKeysAreExplained() throws {
        let dir = try TestPaths.temporaryFolder()
        _ = try TestPaths.write(Self.wattTime(days: 2), "moer.json", in: dir)
        _ = try TestPaths.write("[{\"location\": \"eastus\", \"time\": \"2023-07-01T00:00:00Z\", \"rating\": 70}]", "sdk.json", in: dir)
        let cases: [(String, String)] = [
            ("  json: moer.json", "format"),
            ("  json: moer.json\n  format: electricitymaps", "allowed: watttime"),
            ("  json: moer.json\n  format: watttime\n  intensityColumn: x", "applies to a CSV trace"),
            ("  json: moer.json\n  format: watttime\n  signal: average", "$.meta.signal_type says marginal"),
            ("  json: sdk.json\n  format: carbon-aware-sdk", "marginal or average"),
            ("  json: moer.json\n  format: watttime\n  signal: consequential", "unknown signal"),
            ("  json: moer.json\n  csv: x.csv\n  format: watttime", "either 'csv' or 'json'"),
        ]
        for (carbon, expected) in cases {
            let path = try TestPaths.write(Self.scenario(carbon: carbon), "bad.yaml", in: dir)
            switch Result(catching: { () throws(ScenarioError) in try Scenario.load(contentsOf: path) }) {
            case .success: Issue.record("accepted: \(carbon)")
            case .failure(let e):
                #expect("\(e)".contains(expected), "\(e)")
                #expect(e.file?.hasSuffix("bad.yaml") == true && e.line != nil, "\(e)")
            }
        }
        let sdk = try TestPaths.write(Self.scenario(carbon: "  json: sdk.json\n  format: carbon-aware-sdk\n  signal: marginal"), "sdk.yaml", in: dir)
        guard case .csv(let c) = try Scenario.load(contentsOf: sdk).carbon else { Issue.record("file source expected"); return }
        #expect(c.signal == .marginal && c.series.intensities == [70])
    }
}
