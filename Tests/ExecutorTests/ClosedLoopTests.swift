import Foundation
import Planner
import Scenario
import Testing
import Workloads
@testable import Executor

@Suite struct ClosedLoopTests {
    /// Two hours of 15-min epochs on the SDXL example from 21:00 local, across the end of
    /// Sichuan's peak window at 22:00 (persistence forecasts: real errors).
    @Test func shortClosedLoopRunsEndToEnd() throws {
        var scenario = try sdxlScenario()
        scenario.forecaster = .persistence
        scenario.start += 3 * 3600
        let loop = try ClosedLoop(scenario: scenario, configuration: ClosedLoop.Configuration(epochs: 8, seed: 11))
        let records = try loop.run()
        #expect(records.count == 8)
        let telemetry = loop.telemetry()
        #expect(telemetry.epochs.count == 8)
        var interactiveServed = 0, elasticServed = 0
        for (e, r) in records.enumerated() {
            #expect(r.epoch == e)
            #expect(r.source == .planned)
            #expect(r.planningError == nil)
            #expect(r.execution.telemetry.index == e)
            #expect(abs(r.execution.telemetry.duration - 900) < 1e-9)
            #expect(r.execution.telemetry == telemetry.epochs[e])
            #expect(r.carbon > 0 && r.actualIntensity > 0)
            #expect(r.observedTemperatures.count == 1)
            #expect(r.observedTemperatures[0] > 30 && r.observedTemperatures[0] < 105)
            #expect(!r.mixes.isEmpty)
            interactiveServed += r.execution.telemetry.classes[WorkClass.interactive.rawValue].served
            elasticServed += r.execution.telemetry.classes[WorkClass.elastic.rawValue].served
        }
        // Start temperatures after epoch 0 are the simulator's readings at the end of the previous epoch.
        #expect(records[1].observedTemperatures != records[0].observedTemperatures)
        #expect(interactiveServed > 0)
        #expect(elasticServed > 0)
        // Persistence misses the step at 22:00 by one epoch.
        #expect(records.contains { abs(($0.forecastIntensity ?? 0) - $0.actualIntensity) > 1 })
        print("closed loop: served int \(interactiveServed) el \(elasticServed), max T \(telemetry.summary.maxTemperature) °C, throttle \(telemetry.summary.throttleEvents), carbon \(records.reduce(0) { $0 + $1.carbon }) g, events \(loop.executor.events.count), planning \(records.map(\.planningSeconds).reduce(0, +)) s")
    }

    /// The 4-card German example: CSV carbon with day-ago forecasts, deferrable work (its queue
    /// is the planner's backlog), 1 h epochs.
    @Test func fourCardScenarioWithDeferrableBacklog() throws {
        let scenario = try Scenario.load(contentsOf: problemsDirectory + "/mixed-day-germany.yaml")
        let loop = try ClosedLoop(scenario: scenario, configuration: ClosedLoop.Configuration(epochs: 2, seed: 2))
        let r = try loop.run()
        #expect(r.map(\.source) == [.planned, .planned])
        #expect(r[0].observedBacklog == 0)
        let deferrable = WorkClass.deferrable.rawValue
        #expect(r[1].observedBacklog == Double(r[0].execution.telemetry.classes[deferrable].queueLengthEnd))
        #expect(r[1].observedBacklog > 0)
        #expect(r.allSatisfy { $0.mixes.count == 4 && $0.observedTemperatures.count == 4 })
        #expect(r.contains { abs(($0.forecastIntensity ?? 0) - $0.actualIntensity) > 0.1 })  // day-ago errs
        #expect(r.allSatisfy { $0.execution.telemetry.classes[WorkClass.interactive.rawValue].served > 0 })
    }

    @Test func twoCardsRunAndSameSeedGivesIdenticalResults() throws {
        var scenario = try sdxlScenario()
        scenario.node.cards = 2
        func run(seed: UInt64) throws -> ([ClosedLoopEpoch], [ControlEvent]) {
            let loop = try ClosedLoop(scenario: scenario, configuration: ClosedLoop.Configuration(epochs: 3, seed: seed))
            let r = try loop.run()
            return (r.map(\.withoutTiming), loop.executor.events)
        }
        let (a, ea) = try run(seed: 5)
        let (b, eb) = try run(seed: 5)
        let (c, _) = try run(seed: 6)
        #expect(a == b)
        #expect(ea == eb)
        #expect(a.map(\.execution.telemetry) != c.map(\.execution.telemetry))
        #expect(a.allSatisfy { $0.mixes.count == 2 && $0.execution.telemetry.cardEnergy.count == 2 })
        // The JSON of the records is stable too.
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        #expect(try enc.encode(a) == enc.encode(b))
    }

    /// Planning fails in epochs 0 and 2 (impossible interactive demand): epoch 0 runs the safe
    /// default, epoch 2 the plan made in epoch 1; both are logged and the node never idles unplanned.
    @Test func failedPlanningKeepsTheLastGoodPlan() throws {
        let scenario = try sdxlScenario()
        let fail: Set<Int> = [0, 2]
        let override: ArrivalForecast = { e, h in
            var f = (try? scenario.arrivalForecast(epochStart: scenario.start + Double(e) * scenario.epochLength)) ?? [:]
            if fail.contains(e) { f[.interactive] = Array(repeating: 1e9, count: h) }
            return f
        }
        let loop = try ClosedLoop(scenario: scenario, configuration: ClosedLoop.Configuration(epochs: 4, seed: 1, arrivalForecastOverride: override))
        let r = try loop.run()
        #expect(r.map(\.source) == [.safeDefault, .planned, .lastGoodPlan, .planned])
        #expect(r[0].planningError != nil && r[2].planningError != nil)
        #expect(r[1].planningError == nil && r[3].planningError == nil)
        #expect(r[2].planAge == 1)
        #expect(r[0].planAge == nil)
        // Epoch 2 ran the epoch-1 plan's prediction for it.
        let expected = try #require(r[1].plannedEpoch)
        #expect(r[2].plannedEpoch?.start == expected.start + scenario.epochLength)
        // Safe default: one point meeting the SLO, serving interactive work for the whole epoch.
        let safe = try #require(r[0].mixes.first?.entries.first)
        #expect(safe.workClass == .interactive && safe.fraction == 1)
        #expect(try #require(loop.catalog.point(for: safe.point)).latency <= loop.preset.latencySLO)
        #expect(r[0].execution.telemetry.classes[WorkClass.interactive.rawValue].served > 0)
        let kinds = loop.executor.events.map(\.kind)
        #expect(kinds.filter { $0 == .safeDefault }.count == 1)
        #expect(kinds.filter { $0 == .lastGoodPlan }.count == 1)
        #expect(r.allSatisfy { !$0.mixes.isEmpty && $0.mixes.allSatisfy { !$0.entries.isEmpty } })
    }

    /// Queueing headroom the node cannot give (interactive capacity planned at arrivals / 0.05):
    /// the LP policy plans again without headroom instead of falling back to the safe default,
    /// logs it, and serves the interactive work.
    @Test func infeasibleHeadroomIsPlannedAgainWithRelaxedLimits() throws {
        var scenario = try sdxlScenario()
        scenario.preset.overrides.interactiveUtilization = 0.05
        let loop = try ClosedLoop(scenario: scenario, configuration: ClosedLoop.Configuration(epochs: 3, seed: 1))
        let r = try loop.run()
        #expect(r.allSatisfy { $0.source == .relaxedPlan })
        #expect(r.allSatisfy { $0.planningError?.contains("interactive utilisation 1") == true })
        #expect(loop.executor.events.filter { $0.kind == .relaxedPlan }.count == 3)
        #expect(!loop.executor.events.contains { $0.kind == .safeDefault || $0.kind == .lastGoodPlan })
        let m = loop.metrics()
        #expect(m.planningFailures == 3)  // counted: the preset's own limits were not met
        #expect(m.served.elastic > 0)     // a real plan, not the interactive-only safe default
        #expect((m.sloAttainment ?? 0) > 0.5)
    }

    @Test func invalidConfigurationsAreErrors() throws {
        let scenario = try sdxlScenario()
        #expect(throws: ExecutorError.self) { try ClosedLoop(scenario: scenario, configuration: .init(epochs: 0)) }
        #expect(throws: ExecutorError.self) { try ClosedLoop(scenario: scenario, configuration: .init(epochs: 1, elasticSupply: 0)) }
        #expect(throws: ExecutorError.self) { try ClosedLoop(scenario: scenario, configuration: .init(epochs: 1, presetOverride: "nope")) }
        let loop = try ClosedLoop(scenario: scenario, configuration: .init(epochs: 1))
        try loop.step()
        #expect(throws: ExecutorError.self) { try loop.step() }
    }
}

@Suite struct ScenarioInputTests {
    /// The scenario's cosine rate in local hours equals the simulator's sine form after conversion.
    @Test func diurnalRateConversion() throws {
        var scenario = try sdxlScenario()
        let rate = DiurnalPattern(meanRate: 0.1, amplitude: 0.6, peakHour: 20)
        scenario.arrivals[.interactive] = .diurnal(rate)
        guard case let .poisson(base, amplitude, phase) = try scenario.simulatedArrivals(.interactive) else {
            Issue.record("expected a Poisson process")
            return
        }
        for t in stride(from: 0.0, to: 86_400 * 2, by: 3_517) {
            let sim = base * (1 + amplitude * sin(2 * Double.pi * (t - phase) / 86_400))
            #expect(abs(sim - rate.rate(at: scenario.start + t, utcOffset: scenario.utcOffset)) < 1e-9)
        }
    }
}
