import Hardware
import Simulator
import Testing
import Workloads
@testable import Executor

@Suite struct ExecutorTests {
    /// Half an epoch at the hottest point: one block (naive) vs 2 s slices.
    @Test func interleavingLowersPeakTemperature() throws {
        let catalog = try sdxlCatalog()
        let (hot, _) = hotAndCoolPoints(catalog)
        let mix = [CardMix(card: 0, entries: [MixEntry(point: hot.key, workClass: .elastic, fraction: 0.5)])]
        func peak(_ order: SegmentOrder) throws -> (Double, EpochExecutionReport) {
            var ex = try PlanExecutor(simulator: try busySimulator(cards: 1, catalog: catalog), catalog: catalog, order: order,
                                      switching: .free, control: .disabled)
            let r = try ex.execute(mix)
            return (r.telemetry.maxTemperature, r)
        }
        let (naive, rn) = try peak(.naive)
        let (sliced, rs) = try peak(.standard)
        print("peak naive \(naive) °C, interleaved \(sliced) °C; served \(rn.telemetry.served) vs \(rs.telemetry.served)")
        #expect(sliced < naive - 5)
        // The same work is done (within 2 %).
        #expect(abs(Double(rs.telemetry.served - rn.telemetry.served)) <= 0.02 * Double(rn.telemetry.served) + 2)
    }

    /// A whole epoch at the hottest point with 40 °C inlet air: the bare plan throttles;
    /// reactive control keeps the die below the throttle temperature and logs what it did.
    @Test func reactiveControlPreventsThrottling() throws {
        let catalog = try sdxlCatalog()
        let (hot, _) = hotAndCoolPoints(catalog)
        let mix = [CardMix(card: 0, entries: [MixEntry(point: hot.key, workClass: .elastic, fraction: 1)])]
        var bare = try PlanExecutor(simulator: try busySimulator(cards: 1, catalog: catalog, ambient: 40), catalog: catalog, order: .naive,
                                    switching: .free, control: .disabled)
        let rb = try bare.execute(mix)
        var controlled = try PlanExecutor(simulator: try busySimulator(cards: 1, catalog: catalog, ambient: 40), catalog: catalog, order: .naive,
                                          switching: .free)
        let rc = try controlled.execute(mix)
        let throttle = DevicePresets.ascend910B.thermal.throttleTemperature
        print("bare: max \(rb.telemetry.maxTemperature) °C, \(rb.telemetry.throttleEvents) throttle events; controlled: max \(rc.telemetry.maxTemperature) °C, events \(rc.events.map(\.kind.rawValue))")
        #expect(rb.telemetry.throttleEvents > 0)
        #expect(rb.telemetry.maxTemperature >= throttle)
        #expect(rc.telemetry.throttleEvents == 0)
        #expect(rc.telemetry.maxTemperature < throttle)
        #expect(rc.count(.dvfsDown) + rc.count(.reduce) > 0)
        #expect(rc.count(.hardwareThrottle) == 0)
        #expect(rb.count(.hardwareThrottle) == rb.telemetry.throttleEvents)
        for e in rc.events { #expect(e.card == 0 && !e.reason.isEmpty && e.time >= 0) }
    }

    /// Two cards, one already hot: its work migrates to the cool idle card.
    @Test func hotWorkMigratesToTheCoolestCard() throws {
        let catalog = try sdxlCatalog()
        let (hot, _) = hotAndCoolPoints(catalog)
        let mixes = [CardMix(card: 0, entries: [MixEntry(point: hot.key, workClass: .elastic, fraction: 1)]),
                     CardMix(card: 1, entries: [])]
        // Migration thresholds low enough to act before the DVFS step would.
        var ex = try PlanExecutor(simulator: try busySimulator(cards: 2, catalog: catalog), catalog: catalog, order: .naive,
                                  switching: .free, control: ThermalControlSettings(migrateAbove: 70, demoteAbove: 70, restoreBelow: 65))
        let r = try ex.execute(mixes)
        let migrations = r.events.filter { $0.kind == .migrate }
        print("migration events: \(migrations.count), max \(r.telemetry.dieMaxTemperature)")
        #expect(!migrations.isEmpty)
        #expect(migrations.allSatisfy { $0.card == 0 && $0.targetCard == 1 })
        #expect(r.telemetry.cardEnergy[1] > 1.1 * 90 * 900)  // card 1 worked (above idle power)
        #expect(r.telemetry.throttleEvents == 0)
    }

    @Test func switchingCostsAreCounted() throws {
        let catalog = try sdxlCatalog()
        let single = catalog.points.filter { $0.key.placement == .card }
        let a = try #require(single.first { $0.key.profile == .eco })
        let b = try #require(single.first { $0.key.profile == .balanced })
        let mix = [CardMix(card: 0, entries: [MixEntry(point: a.key, workClass: .elastic, fraction: 0.4),
                                              MixEntry(point: b.key, workClass: .elastic, fraction: 0.4)])]
        var ex = try PlanExecutor(simulator: try busySimulator(cards: 1, catalog: catalog), catalog: catalog,
                                  switching: SwitchingCosts(profileLoadTime: 4, profileLoadPower: 60, frequencySettleTime: 0.002),
                                  control: .disabled)
        let r = try ex.execute(mix)
        #expect(r.profileLoads == 2)  // the first load, then one profile change
        #expect(abs(r.loadTime - 8) < 1e-9)
        #expect(abs(r.switchingEnergy - 480) < 1e-9)
        #expect(r.count(.profileLoad) == 2)
        let r2 = try ex.execute(mix)
        #expect(r2.profileLoads == 1)  // the loaded profile goes first
        #expect(r2.epoch == 1)
        #expect(r2.telemetry.index == 1)
    }
}
