import Foundation
import Testing
@testable import Hardware

@Suite struct ThermalModelTests {
    @Test(arguments: DevicePresets.all.map(\.id))
    func presetThermalBehaviour(id: String) throws {
        let d = try #require(DevicePresets.named(id))
        let model = try DieThermalModel(device: d, tick: 0.1)
        let perDie = d.power.maximum / Double(d.dies)
        let idle = d.power.idle / Double(d.dies)
        let hotMax = model.steadyStateMaxCoreTemperature(power: perDie)
        let idleMax = model.steadyStateMaxCoreTemperature(power: idle)
        print("\(id): tau=\(model.timeConstants.first!)…\(model.timeConstants.last!) s, max-load steady \(hotMax) °C, idle steady \(idleMax) °C, lumped R=\(model.lumped.resistance) C=\(model.lumped.capacitance)")
        #expect(hotMax > d.thermal.throttleTemperature, "an unmanaged max-load run must throttle")
        #expect(idleMax - d.thermal.ambient >= 5 && idleMax - d.thermal.ambient <= 20)
        #expect(model.smallestTimeConstant > 0.15)
        #expect(model.timeConstants.last! > 5 && model.timeConstants.last! < 120)
    }

    @Test func exactStepMatchesSteadyStateAndIsStable() throws {
        let d = DevicePresets.ascend910B
        var m = try DieThermalModel(device: d, tick: 0.1)
        m.reset(to: d.thermal.ambient)
        for _ in 0..<20_000 { m.step(power: 300) }  // 2000 s ≫ slowest τ
        let ss = m.steadyStateCoreTemperatures(power: 300)
        for (a, b) in zip(m.coreTemperatures, ss) { #expect(abs(a - b) < 1e-6) }
        #expect(abs(m.maxCoreTemperature - m.steadyStateMaxCoreTemperature(power: 300)) < 1e-6)
        #expect(m.spreaderTemperature < m.maxCoreTemperature)
        // Centre cores run hotter than corner cores under uniform power.
        #expect(m.coreTemperature(0) < m.maxCoreTemperature)
    }

    @Test func perCoreStepAgreesWithFloorplanStep() throws {
        let d = DevicePresets.ascend910B
        var a = try DieThermalModel(device: d, tick: 0.1)
        var b = a
        let per = [Double](repeating: 250.0 / 24, count: 24)
        for k in 0..<500 {
            let p = k % 50 < 25 ? 250.0 : 80.0
            a.step(power: p)
            let scaled = per.map { $0 * p / 250 }
            scaled.withUnsafeBufferPointer { b.step(corePowers: $0) }
        }
        for (x, y) in zip(a.coreTemperatures, b.coreTemperatures) { #expect(abs(x - y) < 1e-9) }
    }

    @Test func tickLongerThanSmallestTimeConstantIsRejected() throws {
        let d = DevicePresets.ascend910B
        let ok = try DieThermalModel(device: d, tick: 0.1)
        let tooLong = ok.smallestTimeConstant * 1.5
        #expect(throws: DeviceSpecError.self) { try DieThermalModel(device: d, tick: tooLong) }
        do {
            _ = try DieThermalModel(device: d, tick: tooLong)
        } catch {
            #expect(error.field == "tick")
            #expect(error.rule.contains("time constant"))
        }
        #expect(throws: DeviceSpecError.self) { try DieThermalModel(device: d, tick: -1) }
    }

    @Test func lumpedModelReproducesSteadyStateAndTracksStepResponse() throws {
        let d = DevicePresets.ascend910B
        var m = try DieThermalModel(device: d, tick: 0.1)
        let (r, c) = m.lumped
        let aCoef = exp(-0.1 / (r * c))
        var lumped = d.thermal.ambient
        var maxErr = 0.0
        for _ in 0..<3000 {
            m.step(power: 300)
            lumped = aCoef * lumped + (1 - aCoef) * (d.thermal.ambient + r * 300)
            maxErr = max(maxErr, abs(lumped - m.maxCoreTemperature))
        }
        #expect(abs(lumped - m.maxCoreTemperature) < 0.5)
        #expect(maxErr < 15)
    }

    @Test func throttleStepsDownRecoversAndCountsEvents() {
        let d = DevicePresets.ascend910B
        var t = HardwareThrottle(device: d)
        let top = d.dvfs.count - 1
        #expect(t.update(maxCoreTemperature: 60, requestedLevel: top) == top)
        #expect(t.update(maxCoreTemperature: 91, requestedLevel: top) == top - 1)
        #expect(t.update(maxCoreTemperature: 92, requestedLevel: top) == top - 2)
        #expect(t.events == 1)
        // In the hysteresis band: hold.
        #expect(t.update(maxCoreTemperature: 88, requestedLevel: top) == top - 2)
        // Below: recover one level per period.
        #expect(t.update(maxCoreTemperature: 80, requestedLevel: top) == top - 1)
        #expect(t.update(maxCoreTemperature: 80, requestedLevel: top) == top)
        #expect(!t.isEngaged)
        // Near critical: straight to the lowest level; a second engagement.
        #expect(t.update(maxCoreTemperature: 104, requestedLevel: top) == 0)
        #expect(t.events == 2)
        // Never above the request.
        var u = HardwareThrottle(device: d)
        #expect(u.update(maxCoreTemperature: 50, requestedLevel: 1) == 1)
    }

    @Test func unmanagedMaxLoadRunThrottles() throws {
        let d = DevicePresets.ascend910B
        let pm = try PowerModel(device: d)
        var m = try DieThermalModel(device: d, tick: 0.1)
        var t = HardwareThrottle(device: d)
        var level = d.dvfs.count - 1
        for _ in 0..<6000 {
            let p = pm.power(level: level, utilization: 1, memoryUtilization: 1, temperature: m.maxCoreTemperature)
            m.step(power: p)
            level = t.update(maxCoreTemperature: m.maxCoreTemperature, requestedLevel: d.dvfs.count - 1)
        }
        #expect(t.events >= 1)
        #expect(m.maxCoreTemperature < d.thermal.criticalTemperature)
    }
}

@Suite struct PresetTests {
    /// Every numeric leaf of the encoded spec, as dotted paths with array indices, e.g. "dvfs[2].voltage".
    static func numericLeaves(_ d: DeviceSpec) throws -> [String] {
        let data = try JSONEncoder().encode(d)
        let obj = try JSONSerialization.jsonObject(with: data)
        var out: [String] = []
        func walk(_ x: Any, _ path: String) {
            if let dict = x as? [String: Any] {
                for (k, v) in dict where !(path.isEmpty && k == "sources") { walk(v, path.isEmpty ? k : path + "." + k) }
            } else if let arr = x as? [Any] {
                for (i, v) in arr.enumerated() { walk(v, "\(path)[\(i)]") }
            } else if x is NSNumber, !(x is String) {
                out.append(path)
            }
        }
        walk(obj, "")
        return out.sorted()
    }

    @Test(arguments: DevicePresets.all.map(\.id))
    func everyNumericLeafHasASource(id: String) throws {
        let d = try #require(DevicePresets.named(id))
        let leaves = try Self.numericLeaves(d)
        #expect(leaves.count >= 25)
        for leaf in leaves {
            // A table column ("dvfs[3].voltage") may be cited once for the column ("dvfs.voltage").
            let column = leaf.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression)
            let citation = d.sources[leaf] ?? d.sources[column]
            #expect(citation != nil, "\(id): no source for \(leaf)")
            #expect((citation ?? "").count > 10)
        }
    }

    @Test(arguments: DevicePresets.all.map(\.id))
    func presetsValidate(id: String) throws {
        let d = try #require(DevicePresets.named(id))
        try d.validate()
        #expect(d.dvfs.count >= 5)
        for (a, b) in zip(d.dvfs, d.dvfs.dropFirst()) {
            #expect(b.frequency > a.frequency)
            #expect(b.voltage > a.voltage)
        }
    }

    @Test func publishedFigures() {
        #expect(DevicePresets.ascend910B.compute.peakFP16 == 320e12)
        #expect(DevicePresets.ascend910B.totalCores == 24)
        #expect(DevicePresets.ascend910C.dies == 2)
        #expect(DevicePresets.h100SXM.compute.peakINT8 == 1979e12)
        #expect(DevicePresets.h100SXM.totalCores == 132)
        #expect(DevicePresets.a100SXM.memory.bandwidth == 2.039e12)
        #expect(DevicePresets.a100SXM.totalCores == 108)
        #expect(DevicePresets.named("NVIDIA-H100-SXM")?.id == "nvidia-h100-sxm")
        #expect(DevicePresets.named("nope") == nil)
        #expect(Set(DevicePresets.ids).count == 4)
    }
}
