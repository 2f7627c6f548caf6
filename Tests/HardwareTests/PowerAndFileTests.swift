import Foundation
import Testing
@testable import Hardware

@Suite struct PowerModelTests {
    @Test(arguments: DevicePresets.all.map(\.id))
    func calibrationReproducesIdleAndMaximumExactly(id: String) throws {
        let d = try #require(DevicePresets.named(id))
        let m = try PowerModel(device: d)
        let idle = m.power(level: 0, utilization: 0, memoryUtilization: 0, temperature: d.power.leakageReferenceTemperature)
        let peak = m.power(level: d.dvfs.count - 1, utilization: 1, memoryUtilization: 1,
                           temperature: d.thermal.throttleTemperature)
        #expect(abs(idle - d.power.idle) < 1e-9 * d.power.idle)
        #expect(abs(peak - d.power.maximum) < 1e-9 * d.power.maximum)
        #expect(m.idleActivity > 0 && m.idleActivity < 1)
        // Per-die powers add up to the device's.
        let dies = (0..<d.dies).map { _ in m.diePower(level: 3, utilization: 0.6, memoryUtilization: 0.4, temperature: 70) }
        #expect(abs(dies.reduce(0, +) - m.power(level: 3, utilization: 0.6, memoryUtilization: 0.4, temperature: 70)) < 1e-9)
    }

    @Test(arguments: DevicePresets.all.map(\.id))
    func energyOptimalFrequencyLiesBelowTheMaximum(id: String) throws {
        let d = try #require(DevicePresets.named(id))
        let m = try PowerModel(device: d)
        let θ = d.thermal.throttleTemperature - 10
        let level = m.energyOptimalLevel(utilization: 1, memoryUtilization: 0.5, temperature: θ)
        let f = m.energyOptimalFrequency(utilization: 1, memoryUtilization: 0.5, temperature: θ)
        print("\(id): energy-optimal level \(level) (\(d.dvfs[level].frequency / 1e9) GHz), continuous \(f / 1e9) GHz")
        #expect(level < d.dvfs.count - 1)
        #expect(f < d.dvfs.last!.frequency && f > d.dvfs.first!.frequency)
        let top = m.energy(cycles: 1e12, level: d.dvfs.count - 1, memoryUtilization: 0.5, temperature: θ)
        let best = m.energy(cycles: 1e12, level: level, memoryUtilization: 0.5, temperature: θ)
        #expect(best < top)
    }

    @Test(arguments: DevicePresets.all.map(\.id))
    func dynamicPowerGrowsFasterThanLinearlyWithFrequency(id: String) throws {
        let d = try #require(DevicePresets.named(id))
        let m = try PowerModel(device: d)
        // Dynamic power per hertz rises with the level (V² rises): superlinear in f.
        var last = 0.0
        for l in d.dvfs.indices {
            let perHz = m.dynamicPower(level: l, utilization: 1) / d.dvfs[l].frequency
            #expect(perHz > last)
            last = perHz
        }
        let lo = m.dynamicPower(level: 0, utilization: 1), hi = m.dynamicPower(level: d.dvfs.count - 1, utilization: 1)
        #expect(hi / lo > d.dvfs.last!.frequency / d.dvfs.first!.frequency)
    }

    @Test(arguments: DevicePresets.all.map(\.id))
    func leakageRisesWithTemperature(id: String) throws {
        let d = try #require(DevicePresets.named(id))
        let m = try PowerModel(device: d)
        var last = -1.0
        for θ in stride(from: 20.0, through: 110, by: 10) {
            let p = m.leakage(temperature: θ)
            #expect(p > last)
            last = p
        }
        #expect(m.power(level: 2, utilization: 0.5, memoryUtilization: 0, temperature: 90)
                > m.power(level: 2, utilization: 0.5, memoryUtilization: 0, temperature: 50))
    }
}

@Suite struct DeviceFileTests {
    static func write(_ name: String, _ text: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epof-hw-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func yaml(_ d: DeviceSpec) throws -> String { try d.yamlString() }

    @Test func roundTripYAMLAndJSON() throws {
        for d in DevicePresets.all {
            let y = Self.write("\(d.id).yaml", try Self.yaml(d))
            #expect(try DeviceSpec.load(contentsOf: y) == d)
            let j = Self.write("\(d.id).json", String(decoding: try JSONEncoder().encode(d), as: UTF8.self))
            #expect(try DeviceSpec.load(contentsOf: j) == d)
        }
    }

    @Test func missingFieldNamesFieldFileAndLine() throws {
        var text = try Self.yaml(DevicePresets.ascend910B)
        text = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("  spreaderCapacitance:") }.joined(separator: "\n")
        let p = Self.write("missing.yaml", text)
        #expect(throws: DeviceSpecError.self) { try DeviceSpec.load(contentsOf: p) }
        do { _ = try DeviceSpec.load(contentsOf: p) } catch {
            #expect(error.field == "thermal.spreaderCapacitance")
            #expect(error.file == p)
            #expect(error.line != nil)
            #expect(error.description.contains("missing"))
        }
    }

    func expectError(_ d: DeviceSpec, field: String, _ name: String) throws {
        let p = Self.write(name, try Self.yaml(d))
        do {
            _ = try DeviceSpec.load(contentsOf: p)
            Issue.record("expected an error on \(field)")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.file == p)
            // The line points at that field in the file.
            let lines = try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let line = try #require(error.line)
            let leaf = field.split(separator: ".").last.map(String.init)?.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression) ?? field
            #expect(lines[line - 1].contains(leaf) || lines[line - 1].contains("-"), "line \(line): \(lines[line - 1])")
        }
    }

    @Test func validationErrorsNameFieldRuleAndLine() throws {
        var d = DevicePresets.ascend910B
        d.power.idle = -5
        try expectError(d, field: "power.idle", "neg.yaml")
        d = DevicePresets.ascend910B
        d.dvfs[3].frequency = d.dvfs[2].frequency
        try expectError(d, field: "dvfs[3].frequency", "freq.yaml")
        d = DevicePresets.ascend910B
        d.dvfs[4].voltage = 0.5
        try expectError(d, field: "dvfs[4].voltage", "volt.yaml")
        d = DevicePresets.ascend910B
        d.thermal.throttleTemperature = d.thermal.criticalTemperature
        try expectError(d, field: "thermal.throttleTemperature", "thr.yaml")
        d = DevicePresets.ascend910B
        d.thermal.corePowerWeights = [1, 2, 3]
        try expectError(d, field: "thermal.corePowerWeights", "grid.yaml")
        d = DevicePresets.ascend910B
        d.dvfs = Array(d.dvfs.prefix(3))
        try expectError(d, field: "dvfs", "few.yaml")
    }

    @Test func badInputNeverCrashes() throws {
        let cases = [
            ("empty.yaml", ""), ("junk.yaml", "::: [[["), ("list.json", "[1,2,3]"),
            ("wrongtype.yaml", "id: x\ndies: many\n"), ("bad.txt", "id: x"),
            ("trunc.json", "{\"id\": \"x\", \"dies\": "),
        ]
        for (name, text) in cases {
            let p = Self.write(name, text)
            #expect(throws: DeviceSpecError.self) { try DeviceSpec.load(contentsOf: p) }
            #expect(throws: DeviceSpecError.self) { try NodeSpec.load(contentsOf: p) }
        }
        #expect(throws: DeviceSpecError.self) { try DeviceSpec.load(contentsOf: "/nonexistent/dev.yaml") }
        let good = try Self.yaml(DevicePresets.ascend910B)
        let badDies = good.replacingOccurrences(of: "\ndies: 1\n", with: "\ndies: many\n")
        let diesLine = good.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("dies:") }
        do { _ = try DeviceSpec.load(contentsOf: Self.write("wt.yaml", badDies)); Issue.record("expected error") } catch {
            #expect(error.field == "dies")
            #expect(error.line == diesLine.map { $0 + 1 })
        }
    }

    @Test func nodeReferencingAPreset() throws {
        let p = Self.write("node.yaml", "device: ascend-910b\ncards: 8\n")
        let n = try NodeSpec.load(contentsOf: p)
        #expect(n.cards == 8 && n.device == DevicePresets.ascend910B && n.host == .typical)
        let bad = Self.write("node-bad.yaml", "device: ascend-999\ncards: 8\n")
        do { _ = try NodeSpec.load(contentsOf: bad); Issue.record("expected error") } catch {
            #expect(error.field == "device" && error.line == 1 && error.rule.contains("ascend-910b"))
        }
        let zero = Self.write("node-zero.json", "{\"device\": \"nvidia-h100-sxm\", \"cards\": 0}")
        do { _ = try NodeSpec.load(contentsOf: zero); Issue.record("expected error") } catch {
            #expect(error.field == "cards")
        }
        var full = "device:\n"
        for line in try Self.yaml(DevicePresets.a100SXM).split(separator: "\n") { full += "  \(line)\n" }
        full += "cards: 4\nhost: {cpuCores: 64, cpuThroughput: 4.0e12, ddrCapacity: 5.0e11, ddrBandwidth: 3.0e11}\n"
        let n2 = try NodeSpec.load(contentsOf: Self.write("node-full.yaml", full))
        #expect(n2.device == DevicePresets.a100SXM && n2.cards == 4 && n2.host.cpuCores == 64)
    }
}

@Suite struct ThermalMapTests {
    @Test func asciiAndJSON() throws {
        let d = DevicePresets.ascend910C
        var m = try DieThermalModel(device: d, tick: 0.1)
        for _ in 0..<100 { m.step(power: 300) }
        let map = ThermalMap(time: 10, models: [[m, m]])
        let text = map.ascii()
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("[DIE 0] ["))
        #expect(lines[1].hasPrefix("[DIE 1] ["))
        #expect(lines[0].components(separatedBy: "°C]").count - 1 == 24)
        #expect(lines[0].components(separatedBy: " | ").count == 4)
        let decoded = try JSONDecoder().decode(ThermalMap.self, from: try map.json())
        #expect(decoded == map)
        let two = ThermalMap(time: 0, models: [[m], [m]])
        #expect(two.ascii().split(separator: "\n")[1].hasPrefix("[CARD 1] [DIE 0] "))
        print(text)
    }
}

@Suite struct PredictorTests {
    @Test func onlineRCPredictorMeetsTheOneSecondTarget() throws {
        let d = DevicePresets.ascend910B
        let r = try TemperaturePredictor.evaluate(device: d, seed: 1, duration: 3600)
        print("predictor MAE (K) at \(r.horizons) s: \(r.meanAbsoluteError), max \(r.maximumAbsoluteError)")
        #expect(r.meanAbsoluteError[1] <= 0.5)
        #expect(r.meanAbsoluteError[0] <= r.meanAbsoluteError[1] && r.meanAbsoluteError[1] <= r.meanAbsoluteError[2])
        let noisy = try TemperaturePredictor.evaluate(device: d, seed: 1, duration: 3600, sensorNoise: 0.5, observerGain: 0.1)
        print("with 0.5 K sensor noise, observer gain 0.1: MAE \(noisy.meanAbsoluteError)")
        #expect(noisy.meanAbsoluteError[1] <= 0.5)
        // Deterministic.
        #expect(try TemperaturePredictor.evaluate(device: d, seed: 1, duration: 600) ==
                TemperaturePredictor.evaluate(device: d, seed: 1, duration: 600))
    }

    /// Regression: half an hour at constant power carries no information about the dynamics;
    /// forgetting used to wind the RLS covariance up until the identified model went unstable
    /// and a 5 s prediction read millions of °C (seen in a closed loop on a mostly idle node).
    @Test func predictionsStayPhysicalAfterLongConstantSpells() throws {
        let d = DevicePresets.ascend910B
        var plant = try DieThermalModel(device: d, tick: 0.1)
        var p = TemperaturePredictor(device: d, tick: 0.1)
        let dies = Double(max(d.dies, 1))
        let idle = d.power.idle / dies, busy = d.power.maximum / dies
        // Rise per watt bound: the hottest core's steady rise at full power, plus margin.
        let ceiling = plant.steadyStateMaxCoreTemperature(power: busy) + 5
        var worst = -Double.infinity
        func run(_ power: Double, seconds: Double) {
            for _ in 0..<Int(seconds / 0.1) {
                plant.step(power: power)
                p.observe(temperature: plant.maxCoreTemperature, power: power)
                let predicted = p.predict(plannedPower: busy, horizon: 5)
                worst = max(worst, predicted)
                #expect(predicted.isFinite)
            }
        }
        // A mostly idle node with short bursts, as a lightly loaded card runs.
        for _ in 0..<4 {
            run(idle, seconds: 1800)
            for _ in 0..<20 { run(busy, seconds: 0.1); run(idle, seconds: 11.9) }
        }
        #expect(worst <= ceiling, "worst 5 s prediction \(worst) °C, physical ceiling \(ceiling) °C")
    }

    @Test func predictorIsSafeBeforeIdentification() throws {
        var p = TemperaturePredictor(device: DevicePresets.h100SXM, tick: 0.1)
        #expect(p.predict(plannedPower: 500, horizon: 1) == DevicePresets.h100SXM.thermal.ambient)
        p.observe(temperature: 50, power: 300)
        // Before identification: the spec's lumped RC model from the reading — warmer under
        // more power, never beyond its steady state.
        let nominal = try #require(p.nominal)
        let ahead = p.predict(plannedPower: 500, horizon: 1)
        #expect(ahead > 50 && ahead < DevicePresets.h100SXM.thermal.ambient + nominal.resistance * 500)
        #expect(p.predict(plannedPower: 500, horizon: 0) == 50)
        p.observe(temperature: .nan, power: 3)
        #expect(p.samples == 1)
        // Without a nominal model: persistence.
        var bare = TemperaturePredictor(tick: 0.1, ambient: 30)
        bare.observe(temperature: 50, power: 300)
        #expect(bare.predict(plannedPower: 500, horizon: 1) == 50)
    }
}
