import Workloads
import Foundation
import Hardware
import Testing
@testable import Simulator
@testable import Workloads

/// An operating point built from the device's power model (the catalog is Workloads' job).
func testPoint(_ device: DeviceSpec, level: Int, throughput: Double, latency: Double,
               utilization: Double = 1, memoryUtilization: Double = 1, batch: Int = 8) throws -> OperatingPoint {
    let pm = try PowerModel(device: device)
    return OperatingPoint(
        key: OperatingPointKey(profile: .balanced, frequencyLevel: level, batchSize: batch, placement: .card),
        throughput: throughput, latency: latency, timeToFirstToken: 0, timePerOutputToken: 0,
        utilization: utilization, memoryUtilization: memoryUtilization,
        loadPower: pm.loadPower(level: level, utilization: utilization, memoryUtilization: memoryUtilization),
        accuracyLoss: 0, memoryBytes: 0)
}

@Suite struct NodeSimulatorTests {
    let device = DevicePresets.ascend910B

    @Test func sustainedMaximumLoadThrottlesButStaysBelowCritical() throws {
        let top = device.dvfs.count - 1
        let config = SimulationConfiguration(device: device, cards: 2, seed: 1,
                                             elastic: .init(arrivals: .poisson(DiurnalRate(base: 500))))
        var sim = try NodeSimulator(configuration: config)
        let p = try testPoint(device, level: top, throughput: 100, latency: 0.08)
        for c in 0..<2 { try sim.setOperatingPoint(card: c, point: p, classShares: .only(.elastic)) }
        sim.run(seconds: 1_800)
        let t = sim.telemetry()
        #expect(t.summary.throttleEvents > 0)
        #expect(t.summary.throttledTime > 0)
        #expect(t.summary.maxTemperature < device.thermal.criticalTemperature)
        #expect(t.summary.maxTemperature >= device.thermal.throttleTemperature)
        #expect(t.summary.timeAboveHotThreshold > 0)
        // Under throttling the card runs below the top level at some point, and stays busy.
        #expect(t.summary.nodePower.peak > 2 * 300)
    }

    @Test func idleStaysNearAmbientAtIdlePower() throws {
        let config = SimulationConfiguration(device: device, cards: 2, seed: 1)
        var sim = try NodeSimulator(configuration: config)
        sim.run(seconds: 3_600)
        let t = sim.telemetry()
        #expect(t.summary.maxTemperature < device.thermal.ambient + 20)
        #expect(t.summary.maxTemperature > device.thermal.ambient)
        #expect(t.summary.throttleEvents == 0)
        for p in t.summary.cardMeanPower { #expect(abs(p - device.power.idle) < 0.1 * device.power.idle, "idle power \(p) W") }
        #expect(t.summary.served == 0)
    }

    @Test func energyIsTheIntegralOfPower() throws {
        let config = SimulationConfiguration(device: device, cards: 3, epochLength: 60, seed: 4,
                                             interactive: .init(arrivals: .poisson(DiurnalRate(base: 40, amplitude: 0.5))),
                                             tickRecordInterval: 1)
        var sim = try NodeSimulator(configuration: config)
        try sim.setOperatingPoint(card: 0, point: testPoint(device, level: 3, throughput: 30, latency: 0.2),
                                  classShares: .only(.interactive))
        try sim.setOperatingPoint(card: 1, point: testPoint(device, level: 5, throughput: 50, latency: 0.1),
                                  classShares: ClassShares(interactive: 0.5))
        sim.run(seconds: 600)
        let t = sim.telemetry()
        let ticks = try #require(t.ticks)
        #expect(ticks.count == 6_000)
        let integral = ticks.cardPower.reduce(0, +) * config.tick
        #expect(abs(integral - t.summary.energy) <= 1e-9 * t.summary.energy)
        #expect(abs(ticks.cumulativeEnergy.last! - sim.energy) <= 1e-9 * sim.energy)
        let epochSum = t.epochs.map(\.energy).reduce(0, +)
        #expect(t.epochs.count == 10)
        #expect(abs(epochSum - t.summary.energy) <= 1e-9 * t.summary.energy)
        for e in t.epochs {
            #expect(abs(e.nodePower.mean * e.duration - e.energy) <= 1e-9 * e.energy)
            #expect(e.nodePower.p5 <= e.nodePower.mean && e.nodePower.mean <= e.nodePower.p95 + 1e-9)
            #expect(e.nodePower.p95 <= e.nodePower.peak)
        }
        // The idle card draws less than the busy ones.
        #expect(t.summary.cardMeanPower[2] < t.summary.cardMeanPower[0])
    }

    @Test func servedNeverExceedsArrivedAndRequestsAreConserved() throws {
        let config = SimulationConfiguration(device: device, cards: 2, epochLength: 300, seed: 11,
                                             interactive: .init(arrivals: .poisson(DiurnalRate(base: 80))),
                                             deferrable: .init(arrivals: .poisson(DiurnalRate(base: 30)), deadline: 600),
                                             elastic: .init(arrivals: .poisson(DiurnalRate(base: 200))))
        var sim = try NodeSimulator(configuration: config)
        try sim.setOperatingPoint(card: 0, point: testPoint(device, level: 4, throughput: 60, latency: 0.3),
                                  classShares: ClassShares(interactive: 0.7, deferrable: 0.3))
        try sim.setOperatingPoint(card: 1, point: testPoint(device, level: 2, throughput: 40, latency: 0.5),
                                  classShares: ClassShares(interactive: 0.2, elastic: 0.8))
        sim.run(seconds: 3_600)
        let t = sim.telemetry()
        for c in WorkClass.allCases {
            let s = t.summary.classes[c.rawValue]
            #expect(s.served <= s.arrived)
            #expect(s.served + sim.queueLength(c) == s.arrived)
            var arrivedSoFar = 0, servedSoFar = 0
            for e in t.epochs {
                arrivedSoFar += e.classes[c.rawValue].arrived
                servedSoFar += e.classes[c.rawValue].served
                #expect(servedSoFar <= arrivedSoFar)
            }
        }
        // Capacity 60·0.7 + 40·0.2 + spare < 80/s of interactive work: a backlog builds.
        #expect(t.summary.classes[0].queueLengthEnd > 0)
        #expect(t.summary.classes[0].latencyP99! > t.summary.classes[0].latencyP50!)
    }

    @Test func sameSeedGivesBitIdenticalTelemetryAndDifferentSeedsDiffer() throws {
        func runOnce(seed: UInt64) throws -> SimulationTelemetry {
            let config = SimulationConfiguration(device: DevicePresets.ascend910C, cards: 2, epochLength: 120, seed: seed,
                                                 interactive: .init(arrivals: .poisson(DiurnalRate(base: 25, amplitude: 0.3)), latencyObjective: 1),
                                                 deferrable: .init(arrivals: .poisson(DiurnalRate(base: 5)), deadline: 30),
                                                 tickRecordInterval: 10)
            var sim = try NodeSimulator(configuration: config)
            try sim.setOperatingPoint(card: 0, point: testPoint(DevicePresets.ascend910C, level: 5, throughput: 20, latency: 0.4),
                                      classShares: ClassShares(interactive: 0.9, deferrable: 0.1))
            sim.run(seconds: 600)
            return sim.telemetry()
        }
        let a = try runOnce(seed: 99), b = try runOnce(seed: 99), c = try runOnce(seed: 100)
        #expect(a == b)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a) == encoder.encode(b))
        #expect(a.summary.classes[0].arrived != c.summary.classes[0].arrived || a.epochs.map(\.classes) != c.epochs.map(\.classes))
        #expect(a.epochs.map { $0.classes[0].arrived } != c.epochs.map { $0.classes[0].arrived })
        // Codable round trip.
        let decoded = try JSONDecoder().decode(SimulationTelemetry.self, from: encoder.encode(a))
        #expect(decoded == a)
    }

    @Test func deadlinesAreMissedWhenNobodyServes() throws {
        let trace = ArrivalTrace(kind: .count, times: [0, 10], values: [100, 0], source: "burst")
        let config = SimulationConfiguration(device: device, cards: 1, epochLength: 60, seed: 0,
                                             deferrable: .init(arrivals: .trace(trace), deadline: 30))
        var sim = try NodeSimulator(configuration: config)
        sim.run(seconds: 120)
        var t = sim.telemetry()
        #expect(t.summary.classes[1].arrived == 100)
        #expect(t.summary.classes[1].deadlineMisses == 100)
        #expect(t.epochs[0].classes[1].deadlineMisses == 100)  // all by t = 40 s
        // A card that serves it afterwards does the late work but counts no new misses.
        try sim.setOperatingPoint(card: 0, point: testPoint(device, level: 1, throughput: 10, latency: 1),
                                  classShares: .only(.deferrable))
        sim.run(seconds: 60)
        t = sim.telemetry()
        #expect(t.summary.classes[1].served == 100)
        #expect(t.summary.classes[1].deadlineMisses == 100)
    }

    @Test func lightInteractiveLoadSeesThePointLatency() throws {
        let config = SimulationConfiguration(device: device, cards: 1, seed: 3,
                                             interactive: .init(arrivals: .poisson(DiurnalRate(base: 5)), latencyObjective: 0.5))
        var sim = try NodeSimulator(configuration: config)
        try sim.setOperatingPoint(card: 0, point: testPoint(device, level: 5, throughput: 200, latency: 0.25),
                                  classShares: .only(.interactive))
        sim.run(seconds: 600)
        let s = sim.telemetry().summary.classes[0]
        #expect(abs(s.latencyP50! - 0.25) <= 0.25 / 256)
        #expect(s.withinLatencyObjective == s.served)
        #expect(s.served == s.arrived)
    }

    /// Priority: a 1 request/s point (latency 0.5 s) shared 0.3/0.7 by interactive (0.2/s,
    /// SLO 1.5 s) and backlogged elastic work. Without priority an interactive request needs
    /// 1/0.3 s of its share's credit (> 1 s of slack), so most miss; with priority it starts at
    /// once on borrowed credit (latency 0.5 s + tick rounding) unless another is ahead of it.
    /// Capacity is conserved with priority: the card serves its 1 request/s in total, within
    /// the one request it may borrow (the plain rule drops the fraction of a request a dry
    /// class leaves each tick, so it serves less: 1 603 here).
    @Test func priorityClassStartsAtOnceAndCapacityIsConserved() throws {
        func run(_ priority: WorkClass?) throws -> (within: Double, total: Int) {
            let config = SimulationConfiguration(device: device, cards: 1, seed: 5,
                                                 interactive: .init(arrivals: .poisson(DiurnalRate(base: 0.2)), latencyObjective: 1.5),
                                                 elastic: .init(arrivals: .poisson(DiurnalRate(base: 5))))
            var sim = try NodeSimulator(configuration: config)
            try sim.setOperatingPoint(card: 0, point: testPoint(device, level: 3, throughput: 1, latency: 0.5),
                                      classShares: ClassShares(interactive: 0.3, elastic: 0.7), priority: priority)
            sim.run(seconds: 1_800)
            let t = sim.telemetry().summary
            let i = t.classes[WorkClass.interactive.rawValue]
            return (Double(i.withinLatencyObjective) / Double(max(i.arrived, 1)), t.served)
        }
        let plain = try run(nil), first = try run(.interactive)
        #expect(plain.within < 0.5)
        #expect(first.within > 0.9)
        #expect(Double(plain.total) <= 1_800 + 2)
        #expect(abs(Double(first.total) - 1_800) <= 2)
    }

    @Test func throttledCardRunsTheCatalogPointOfTheLowerLevel() throws {
        let top = device.dvfs.count - 1
        // A tiny "catalog": distinct throughputs per level, so the served rate tells the level.
        var catalog: [OperatingPointKey: OperatingPoint] = [:]
        for l in 0...top {
            let p = try testPoint(device, level: l, throughput: Double(10 * (l + 1)), latency: 0.1)
            catalog[p.key] = p
        }
        let config = SimulationConfiguration(device: device, cards: 1, epochLength: 60, seed: 2,
                                             elastic: .init(arrivals: .poisson(DiurnalRate(base: 1_000))),
                                             tickRecordInterval: 1)
        var sim = try NodeSimulator(configuration: config, pointLookup: { catalog[$0] })
        let key = OperatingPointKey(profile: .balanced, frequencyLevel: top, batchSize: 8, placement: .card)
        try sim.setOperatingPoint(card: 0, point: catalog[key]!, classShares: .only(.elastic))
        sim.run(seconds: 1_200)
        let ticks = try #require(sim.telemetry().ticks)
        var checked = 0
        for s in 1..<ticks.count {
            let level = ticks.effectiveLevel[s]
            #expect(level >= 0 && level <= top)
            if level < top { checked += 1 }
        }
        #expect(checked > 0)
        // Served per epoch = Σ over ticks of throughput(level)·Δt (whole requests, carried credit).
        let expected = (0..<ticks.count).map { Double(10 * (ticks.effectiveLevel[$0] + 1)) * 0.1 }.reduce(0, +)
        let served = ticks.served.enumerated().filter { $0.offset % 3 == 2 }.map(\.element).reduce(0, +)
        #expect(abs(Double(served) - expected) <= 1)
    }

    @Test func thermalMapShowsEveryCoreOfEveryDie() throws {
        let device = DevicePresets.ascend910C
        var sim = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 2, seed: 0,
                                                                           elastic: .init(arrivals: .poisson(DiurnalRate(base: 100)))))
        try sim.setOperatingPoint(card: 1, point: testPoint(device, level: 5, throughput: 50, latency: 0.2),
                                  classShares: .only(.elastic))
        sim.run(seconds: 60)
        let map = sim.thermalMap()
        #expect(map.time == 60)
        #expect(map.cards.count == 2 && map.cards.allSatisfy { $0.dies.count == 2 })
        #expect(map.cards[0].dies[0].coreTemperatures.count == device.coreGrid.count)
        #expect(map.cards[1].dies[1].maxTemperature == (try sim.maxCoreTemperature(card: 1, die: 1)))
        // Indices outside the node are errors, not a neighbouring card's reading.
        #expect(throws: SimulatorError.self) { try sim.maxCoreTemperature(card: 1, die: 2) }
        #expect(throws: SimulatorError.self) { try sim.cardPower(-1) }
        #expect(throws: SimulatorError.self) { try sim.throttleEvents(card: 99) }
        #expect(map.cards[1].dies[0].maxTemperature > map.cards[0].dies[0].maxTemperature)
        #expect(!map.ascii().isEmpty)
        let data = try JSONEncoder().encode(map)
        #expect(try JSONDecoder().decode(ThermalMap.self, from: data) == map)
    }

    @Test func badInputIsRejectedWithTheField() throws {
        // A tick longer than the smallest thermal time constant: Hardware rejects it.
        do {
            _ = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 1, tick: 5, epochLength: 900))
            Issue.record("expected an error")
        } catch {
            guard case let .hardware(e) = error else { Issue.record("wrong error \(error)"); return }
            #expect(e.field == "tick")
        }
        #expect(throws: SimulatorError.invalidInput(field: "elastic.arrivals.base", rule: "must be a finite rate ≥ 0 requests/s (got -2.0)")) {
            _ = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 1,
                                                                         elastic: .init(arrivals: .poisson(DiurnalRate(base: -2)))))
        }
        #expect(throws: SimulatorError.self) {
            _ = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 0))
        }
        #expect(throws: SimulatorError.self) {
            _ = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 1, epochLength: 0.25))
        }
        #expect(throws: SimulatorError.self) {
            _ = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 1,
                                                                         deferrable: .init(deadline: -1)))
        }
        let empty = ArrivalTrace(kind: .count, times: [], values: [], source: "empty.csv")
        #expect(throws: SimulatorError.trace(file: "empty.csv", line: nil, field: "rows", rule: "the trace is empty: it needs at least two data rows")) {
            _ = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 1,
                                                                         interactive: .init(arrivals: .trace(empty))))
        }
        var sim = try NodeSimulator(configuration: SimulationConfiguration(device: device, cards: 2))
        let p = try testPoint(device, level: 2, throughput: 10, latency: 0.1)
        #expect(throws: SimulatorError.invalidInput(field: "card", rule: "must be in 0..<2 (got 2)")) {
            try sim.setOperatingPoint(card: 2, point: p, classShares: .only(.interactive))
        }
        #expect(throws: SimulatorError.self) { try sim.setIdle(card: -1) }
        #expect(throws: SimulatorError.self) {
            try sim.setOperatingPoint(card: 0, point: p, classShares: ClassShares(interactive: 0.7, elastic: 0.5))
        }
        #expect(throws: SimulatorError.self) {
            try sim.setOperatingPoint(card: 0, point: p, classShares: ClassShares(interactive: .nan))
        }
        var bad = p
        bad.key.frequencyLevel = 17
        #expect(throws: SimulatorError.self) { try sim.setOperatingPoint(card: 0, point: bad, classShares: .only(.elastic)) }
        bad = p
        bad.throughput = -1
        #expect(throws: SimulatorError.self) { try sim.setOperatingPoint(card: 0, point: bad, classShares: .only(.elastic)) }
    }
}
