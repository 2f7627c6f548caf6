import Hardware
import Testing
@testable import Simulator
import Workloads

@Suite struct CatalogDrivenTests {
    @Test func aThrottledCardRunsTheCatalogPointAtTheLowerLevel() throws {
        let device = DevicePresets.ascend910B
        let node = NodeSpec(device: device, cards: 1, host: .typical)
        let catalog = try OperatingPointCatalog(node: node,
                                                workload: .language(.llama2_7B, LLMRequestShape(promptTokens: 256, outputTokens: 32)),
                                                batchSizes: [16], profiles: [.balanced], placements: [.card])
        let top = device.dvfs.count - 1
        let key = OperatingPointKey(profile: .balanced, frequencyLevel: top, batchSize: 16, placement: .card)
        let point = try #require(catalog.point(for: key))
        // Start above the throttle temperature: the hardware steps the level down at once.
        let config = SimulationConfiguration(node: node, epochLength: 60, seed: 5,
                                             elastic: .init(arrivals: .poisson(DiurnalRate(base: 10_000))),
                                             tickRecordInterval: 1, initialTemperature: device.thermal.throttleTemperature + 3)
        var sim = try NodeSimulator(configuration: config, catalog: catalog)
        try sim.setOperatingPoint(card: 0, point: point, classShares: .only(.elastic))
        sim.run(seconds: 120)
        let t = sim.telemetry()
        let ticks = try #require(t.ticks)
        #expect(t.summary.throttleEvents >= 1)
        #expect(ticks.effectiveLevel[0] == top - 1)
        #expect(ticks.effectiveLevel.contains { $0 < top - 1 })
        // Work served follows the catalog's throughput at each tick's effective level.
        var expected = 0.0
        for s in 0..<ticks.count {
            var k = key
            k.frequencyLevel = ticks.effectiveLevel[s]
            expected += try #require(catalog.point(for: k)).throughput * config.tick
        }
        let served = Double(t.summary.classes[WorkClass.elastic.rawValue].served)
        #expect(abs(served - expected) <= 1, "served \(served), expected \(expected)")
        // The catalog's lower-level points are slower: less served than at the top level throughout.
        #expect(served < point.throughput * 120 - 1)
    }
}
