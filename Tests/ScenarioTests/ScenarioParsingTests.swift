import Carbon
import Hardware
import Foundation
import Planner
import Scenario
import Solvers
import Testing
import Workloads

@Suite("Scenario files: every field")
struct ScenarioParsingTests {
    static let full = """
    name: full
    description: every field
    node:
      device: ascend-910b
      cards: 2
    workload:
      model: llama-2-7b
      promptTokens: 256
      outputTokens: 64
    arrivals:
      interactive:
        rate: 120/min
        amplitude: 0.5
        peakHour: 14
      deferrable:
        rate: 0.5
        deadline: 2h
      elastic:
        rate: 1
    carbon:
      region: sichuan
      peakHours: [9, 21]
    forecaster: persistence
    preset:
      inherits: research
      name: research-fast
      alpha: 0.4
      beta: 0.6
      latencySLO: 2 s
      cardPowerCap: 0.25 kW
      nodePowerCap: 450 W
      accuracyLossCeiling: 1.5 pp
      thermalLimit: 80 °C
    epoch: 15m
    horizon: 6
    start: 2023-06-01T00:00:00+08:00
    timezone: "+08:00"
    solver: glpk
    initialTemperature: 50
    """

    @Test func everyFieldIsRead() throws {
        let s = try Scenario.parse(yaml: Self.full, path: "full.yaml")
        #expect(s.name == "full")
        #expect(s.summary == "every field")
        #expect(s.node.cards == 2 && s.node.device.id == "ascend-910b")
        #expect(s.workload == .language(.llama2_7B, LLMRequestShape(promptTokens: 256, outputTokens: 64)))
        #expect(s.arrivals[.interactive] == .diurnal(DiurnalPattern(meanRate: 2, amplitude: 0.5, peakHour: 14)))
        #expect(s.arrivals[.deferrable] == .diurnal(DiurnalPattern(meanRate: 0.5)))
        #expect(s.arrivals[.elastic] == .diurnal(DiurnalPattern(meanRate: 1)))
        #expect(s.deferrableDeadline == 7200)
        guard case .region(let table) = s.carbon else { Issue.record("region expected"); return }
        #expect(table.peakIntensity == 210 && table.offPeakIntensity == 180)
        #expect(table.peak.start == 9 * 3600 && table.peak.end == 21 * 3600)
        #expect(s.forecaster == .persistence)
        #expect(s.epochLength == 900 && s.horizon == 6)
        #expect(s.start == 1_685_548_800)  // 2023-05-31T16:00:00Z
        #expect(s.utcOffset == 8 * 3600)
        #expect(s.solver == .glpk)
        #expect(s.initialTemperature == 50)
        let p = try s.resolvePreset()
        #expect(p == SLAPreset(name: "research-fast", alpha: 0.4, beta: 0.6, latencySLO: 2, cardPowerCap: 250, nodePowerCap: 450,
                               accuracyLossCeiling: 1.5, thermalLimit: 80))

        let input = try s.planningRequest()
        let r = input.request
        #expect(r.cards == 2 && r.epochLength == 900 && r.horizon == 6 && r.epochStart == s.start)
        #expect(r.deferrableDeadline == 6)  // 2 h = 8 epochs, capped at the horizon
        #expect(r.temperatures == [50, 50])
        #expect(r.arrivals[.deferrable] == Array(repeating: 450, count: 6))
        #expect(r.arrivals[.elastic] == Array(repeating: 900, count: 6))
        // Local 08:00–09:30 (+08:00) from 00:00 local? start is local midnight: sin-integral of the diurnal rate.
        let rate = DiurnalPattern(meanRate: 2, amplitude: 0.5, peakHour: 14)
        #expect(abs(r.arrivals[.interactive]![0] - rate.expectedCount(from: s.start, to: s.start + 900, utcOffset: 8 * 3600)) < 1e-9)
        // Persistence: every epoch equals the epoch before the start (off-peak at local 23:45).
        #expect(r.carbonForecast == Array(repeating: 180, count: 6))
        #expect(input.actualCarbon == Array(repeating: 180, count: 6))
    }

    @Test func diurnalCountsIntegrateTheRate() {
        let r = DiurnalPattern(meanRate: 3, amplitude: 0.7, peakHour: 6)
        // A whole day holds exactly mean × 86400.
        #expect(abs(r.expectedCount(from: 1e9, to: 1e9 + 86_400, utcOffset: 3600) - 3 * 86_400) < 1e-6)
        // Numerical integral over one hour.
        var sum = 0.0
        let a = 1_700_000_000.0
        for k in 0..<3600 { sum += r.rate(at: a + Double(k) + 0.5, utcOffset: 3600) }
        #expect(abs(r.expectedCount(from: a, to: a + 3600, utcOffset: 3600) - sum) < 1e-3)
        // Peak above trough.
        let peak = r.rate(at: 1_700_000_000 - 1_700_000_000.truncatingRemainder(dividingBy: 86_400) + 5 * 3600, utcOffset: 3600)
        #expect(abs(peak - 3 * 1.7) < 1e-9)
    }

    @Test func csvCarbonWithForecastColumnAndArrivalTrace() throws {
        let dir = try TestPaths.temporaryFolder()
        var csv = "time,intensity (kg/MWh),forecast\n"
        var rates = "time,rps\n"
        for h in 0..<48 {
            let t = String(format: "2023-01-01T%02d:00:00Z", h % 24).replacingOccurrences(of: "01T", with: h < 24 ? "01T" : "02T")
            csv += "\(t),\(100 + h),\(110 + h)\n"
            rates += "\(t),\(h < 24 ? 1 : 2)\n"
        }
        try TestPaths.write(csv, "grid.csv", in: dir)
        try TestPaths.write(rates, "rates.csv", in: dir)
        let path = try TestPaths.write("""
        node: {device: nvidia-h100-sxm, cards: 1}
        workload: {model: sdxl, steps: 4, width: 512, height: 512, guidance: false}
        arrivals:
          interactive:
            trace: rates.csv
            timestampColumn: time
            rateColumn: rps
        carbon:
          csv: grid.csv
          timestampColumn: time
          intensityColumn: intensity
          forecastColumn: forecast
        forecaster: column
        preset: ecommerce
        epoch: 30m
        horizon: 4
        start: 2023-01-01T23:00:00Z
        """, "s.yaml", in: dir)
        let s = try Scenario.load(contentsOf: path)
        #expect(s.workload == .diffusion(.sdxl, ImageRequestShape(steps: 4, width: 512, height: 512, guidance: false)))
        #expect(s.utcOffset == 0)
        let input = try s.planningRequest()
        #expect(input.request.carbonForecast == [133, 133, 134, 134])
        #expect(input.actualCarbon == [123, 123, 124, 124])
        #expect(input.request.arrivals[.interactive] == [1800, 1800, 3600, 3600])
        #expect(input.request.arrivals[.deferrable] == [0, 0, 0, 0])
        #expect(input.request.preset == .ecommerce)
        #expect(input.temperatureSource.contains("idle"))
        #expect(input.request.temperatures[0] > s.node.device.thermal.ambient)
    }

    @Test func dayAgoForecastUsesYesterday() throws {
        let s = try Scenario.parse(yaml: Self.full.replacingOccurrences(of: "forecaster: persistence", with: "forecaster: day-ago"),
                                   path: "full.yaml")
        let input = try s.planningRequest()
        // Periodic table: day-ago is exact.
        #expect(input.request.carbonForecast == input.actualCarbon)
    }

    @Test func presetAndEpochOverrides() throws {
        let s = try Scenario.parse(yaml: Self.full, path: "full.yaml")
        let input = try s.planningRequest(presetOverride: "ecommerce", epochLength: 1800)
        // The scenario's overrides still apply on top of the new base.
        #expect(input.preset.alpha == 0.4 && input.preset.name == "ecommerce")
        #expect(input.request.epochLength == 1800)
        #expect(input.request.arrivals[.deferrable] == Array(repeating: 900, count: 6))
        #expect(throws: ScenarioError.self) { try s.planningRequest(presetOverride: "ecomerce") }
    }
}

@Suite("Scenario files: referenced files")
struct ScenarioFileReferenceTests {
    @Test func deviceFileRelativeToTheScenario() throws {
        let dir = try TestPaths.temporaryFolder()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("devices"), withIntermediateDirectories: true)
        var device = DevicePresets.h100SXM
        device.id = "my-card"
        try TestPaths.write(try device.yamlString(), "devices/my-card.yaml", in: dir)
        let path = try TestPaths.write(ScenarioErrorTests.base.replacingOccurrences(of: "device: ascend-910b", with: "device: devices/my-card.yaml"),
                                       "s.yaml", in: dir)
        let s = try Scenario.load(contentsOf: path)
        #expect(s.node.device.id == "my-card")
        #expect(s.nodeSource.hasSuffix("devices/my-card.yaml"))
        try s.planningRequest().request.validate()
    }

    @Test func arrivalTraceErrorsNameTheTraceLine() throws {
        let dir = try TestPaths.temporaryFolder()
        try TestPaths.write("time,rps\n2023-06-01T00:00:00Z,1\n2023-06-01T01:00:00Z,-4\n", "rates.csv", in: dir)
        let yaml = ScenarioErrorTests.base.replacingOccurrences(of: "    rate: 0.1\n    amplitude: 0.5\n    peakHour: 20",
                                                                 with: "    trace: rates.csv\n    rateColumn: rps")
        let path = try TestPaths.write(yaml, "s.yaml", in: dir)
        do { _ = try Scenario.load(contentsOf: path); Issue.record("no error") } catch {
            #expect(error.file?.hasSuffix("rates.csv") == true && error.line == 3 && error.field == "rps", "\(error)")
        }
        let missing = try TestPaths.write(yaml.replacingOccurrences(of: "trace: rates.csv", with: "trace: nope.csv"), "m.yaml", in: dir)
        do { _ = try Scenario.load(contentsOf: missing); Issue.record("no error") } catch {
            #expect(error.field == "arrivals.interactive.trace" && error.line == 12, "\(error)")
        }
    }

    @Test func traceTooShortForTheHorizonIsAnError() throws {
        let dir = try TestPaths.temporaryFolder()
        try TestPaths.write("time,ci\n2023-06-01T00:00:00Z,300\n2023-06-01T01:00:00Z,310\n", "c.csv", in: dir)
        let yaml = ScenarioErrorTests.base.replacingOccurrences(of: "  region: sichuan", with: "  csv: c.csv\n  intensityColumn: ci")
            .replacingOccurrences(of: "start: 2023-06-01T00:00:00+08:00", with: "start: 2023-06-01T01:00:00Z")
        let s = try Scenario.load(contentsOf: try TestPaths.write(yaml, "s.yaml", in: dir))
        do { _ = try s.planningRequest(); Issue.record("no error") } catch {
            #expect(error.field == "carbon.csv" && error.line == 19 && error.rule.contains("covers"), "\(error)")
        }
    }
}
